import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { startCollector, type Collector } from '@claimcheck/collector'
import { ConfigSchema, type Config, type ConfigInput } from '@claimcheck/shared'
import { openStore, runMigrations, type Store } from '@claimcheck/shared/node'

export interface CollectorHarness {
  store: Store
  collector: Collector
  config: Config
  httpUrl: string
  grpcUrl: string
  /** Rows of a query on the reader client. */
  rows<T = Record<string, unknown>>(sql: string, params?: Record<string, unknown>): Promise<T[]>
  /** The rows of `sql` once there are at least `count` of them (writes are asynchronous). */
  waitForRows<T = Record<string, any>>(sql: string, params?: Record<string, unknown>, count?: number): Promise<T[]>
  stop(): Promise<void>
}

/**
 * A real collector on free loopback ports over a fresh embedded ClickHouse (or over `shared`'s
 * store): what the e2e tests send real OTLP exporters to.
 */
export async function startCollectorHarness(input: ConfigInput = {}, shared?: CollectorHarness): Promise<CollectorHarness> {
  const dataDir = shared ? shared.config.store.dataDir : mkdtempSync(join(tmpdir(), 'claimcheck-e2e-'))
  const config = ConfigSchema.parse({
    ...input,
    store: { dataDir, ...input.store },
    collector: {
      host: '127.0.0.1', httpPort: 0, grpcPort: 0, correlationWindowMs: 300,
      // Each collector has its own journal, also when it shares another's store.
      ...(shared ? { journalDir: mkdtempSync(join(tmpdir(), 'claimcheck-e2e-journal-')) } : {}),
      ...input.collector,
    },
  })
  // libchdb opens one data directory per process: a second collector in the same test file
  // shares the first one's store.
  const store = shared ? shared.store : await openStore(config.store)
  if (!shared) await runMigrations(store.writer, store.schema, config.retention)
  const logger = pino({ level: process.env.CLAIMCHECK_TEST_LOG ?? 'silent' })
  const collector = await startCollector({ store, config, logger })
  const rows = async <T>(sql: string, params?: Record<string, unknown>) => {
    const result = await store.reader.query({ query: sql, query_params: params, format: 'JSONEachRow' })
    return result.json<T>()
  }
  return {
    store,
    collector,
    config,
    httpUrl: `http://127.0.0.1:${collector.httpPort}`,
    grpcUrl: `http://127.0.0.1:${collector.grpcPort}`,
    rows,
    async waitForRows<T>(sql: string, params?: Record<string, unknown>, count = 1) {
      return eventually(async () => {
        const found = await rows<T>(sql, params)
        return found.length >= count ? found : undefined
      })
    },
    async stop() {
      await collector.close()
      if (shared) return
      await store.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Polls `check` until it returns a truthy value (data written asynchronously), or fails after `ms`. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms
  let last: unknown
  while (Date.now() < deadline) {
    try {
      const value = await check()
      if (value) return value
    } catch (error) {
      last = error
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`condition not met within ${ms} ms${last ? `: ${String(last)}` : ''}`)
}

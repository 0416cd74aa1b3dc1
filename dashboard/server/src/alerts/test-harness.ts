import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { stringify } from 'yaml'
import { ConfigSchema, TABLES, type Config } from '@claimcheck/shared'
import { openStore, runMigrations, type Store } from '@claimcheck/shared/node'
import { TEST_DASHBOARD } from '../api/test-support.ts'
import { AlertEvaluator } from './evaluator.ts'
import { AlertRepository } from './repository.ts'
import { RuleSource } from './rule-source.ts'
import { dashboardMetricsFor } from '../http/metrics.ts'

/** Shared set-up of the alerting integration tests: a real engine, a real HTTP receiver, a fake clock. */

export interface Received {
  path: string
  body: unknown
}

/** A `node:http` server on 127.0.0.1:0 recording every POST; paths starting with `/fail` answer 503. */
export async function startReceiver(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = []
  const server: Server = createServer((req: IncomingMessage, res) => {
    let text = ''
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')))
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: text ? JSON.parse(text) : null })
      res.statusCode = req.url?.startsWith('/fail') ? 503 : 200
      res.end(res.statusCode === 200 ? 'ok' : 'unavailable')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

export async function openTestStore(): Promise<{ store: Store; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'claimcheck-alerts-'))
  const store = await openStore(ConfigSchema.parse({ store: { dataDir: join(dir, 'data') } }).store)
  await runMigrations(store.writer, store.schema, ConfigSchema.parse({}).retention)
  return { store, dir }
}

export function writeRulesFile(dir: string, content: unknown): string {
  const path = join(dir, 'alerts.yaml')
  writeFileSync(path, stringify(content))
  return path
}

export function testConfig(dir: string, rulesFile: string): Config {
  return ConfigSchema.parse({
    store: { dataDir: join(dir, 'data') },
    dashboard: TEST_DASHBOARD,
    alerts: {
      rulesFile, evaluationDelay: 0, externalUrl: 'http://claimcheck.test',
      notifier: { maxAttempts: 3, initialBackoffMs: 5, maxBackoffMs: 50, timeoutMs: 2000 },
    },
  })
}

/** `count` calls in the minute starting at `minuteSeconds`, each a second apart. */
export async function insertCalls(store: Store, calls: { minute: number; route: string; cause: string; count: number }[]): Promise<void> {
  const values = calls.flatMap(({ minute, route, cause, count }) =>
    Array.from({ length: count }, (_, i) => ({
      Timestamp: String(BigInt(minute + (i % 60)) * 1_000_000_000n), TraceId: 'a'.repeat(32), SpanId: 'b'.repeat(16),
      ServiceName: 'gw', Method: 'GET', Route: route, Path: route, StatusCode: cause ? 403 : 200, Duration: 1000,
      Subject: `user-${i}`, Cause: cause, CauseDetail: '',
    })))
  await store.writer.insert({ table: TABLES.calls, values, format: 'JSONEachRow' })
}

/** A fresh evaluator on the store, as after a restart; `delays` records the backoff sleeps (jitter fixed at 0.5). */
export function newEvaluator(store: Store, config: Config, delays: number[] = []): AlertEvaluator {
  const repository = new AlertRepository(store)
  const source = new RuleSource(repository, config.alerts.rulesFile)
  source.init()
  return new AlertEvaluator({
    repository, source, config: config.alerts, logger: pino({ level: 'silent' }), metrics: dashboardMetricsFor(store),
    sleep: async (ms) => void delays.push(ms),
    random: () => 0.5,
  })
}

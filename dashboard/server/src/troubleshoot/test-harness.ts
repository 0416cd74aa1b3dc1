import { mkdtempSync, rmSync } from 'node:fs'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import pino from 'pino'
import { ConfigSchema, type Config, type ConfigInput } from '@claimcheck/shared'
import { openStore, runMigrations, type Store } from '@claimcheck/shared/node'
import { createQueryApi } from '../api/index.ts'
import { jsonRequester, TEST_DASHBOARD } from '../api/test-support.ts'
import { createDashboardApp } from '../app.ts'
import { createTroubleshoot, type Troubleshoot } from './index.ts'

/**
 * The real dashboard app with the query API (troubleshooting routers included) over a fresh
 * embedded store, configured per test file, with every log line (level trace) kept for scanning.
 */

// Response bodies are whatever the API sent; the tests' assertions are their types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = any

export interface TroubleshootHarness {
  store: Store
  config: Config
  /** The assistant behind the API (its JWKS fetch log settles asynchronously). */
  troubleshoot: Troubleshoot
  /** Every log line the server wrote, as JSON text. */
  logs: string[]
  request(method: string, path: string, body?: unknown): Promise<{ status: number; body: Body; text: string; headers: Headers }>
  close(): Promise<void>
}

export async function startTroubleshootHarness(config: ConfigInput, nowMs: number): Promise<TroubleshootHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'claimcheck-troubleshoot-'))
  const parsed = ConfigSchema.parse({ ...config, store: { dataDir: join(dir, 'data') }, dashboard: { ...config.dashboard, ...TEST_DASHBOARD } })
  const store = await openStore(parsed.store)
  await runMigrations(store.writer, { database: parsed.store.database }, parsed.retention)
  const logs: string[] = []
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(...String(chunk).split('\n').filter(Boolean))
      done()
    },
  })
  const logger = pino({ level: 'trace' }, sink)
  const troubleshoot = createTroubleshoot({ store, config: parsed, logger })
  const app = createDashboardApp({ store, config: parsed, logger, version: 'test', operations: createQueryApi({ store, config: parsed, logger, now: () => nowMs, troubleshoot }) })
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening))
  })
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`
  return {
    store,
    config: parsed,
    troubleshoot,
    logs,
    request: jsonRequester(base),
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Every row of every table of the store's database, as JSON text: for proving what is not in it. */
export async function dumpAllRows(store: Store): Promise<string> {
  const tables = await (await store.reader.query({
    query: "SELECT name FROM system.tables WHERE database = {db:String} AND engine NOT IN ('MaterializedView', 'View')",
    query_params: { db: store.database },
    format: 'JSONEachRow',
  })).json<{ name: string }>()
  let text = ''
  for (const { name } of tables) {
    text += await (await store.reader.query({ query: `SELECT * FROM \`${store.database}\`.\`${name}\``, format: 'JSONEachRow' })).text()
  }
  return text
}

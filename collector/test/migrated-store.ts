import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { StoreConfigSchema } from '@claimcheck/shared'
import { openStore, runMigrations, type Store } from '@claimcheck/shared/node'
import { toJsonCompactEachRow } from '../src/write/rows-text.ts'

/** A fresh embedded store in a temp directory of its own, migrated without TTLs: for `*.int.test.ts`. Close it in `afterAll`. */
export async function openMigratedStore(name: string): Promise<Store> {
  const store = await openStore(StoreConfigSchema.parse({ dataDir: mkdtempSync(join(tmpdir(), `claimcheck-${name}-`)) }))
  await runMigrations(store.writer, store.schema, { logsDays: 0, tracesDays: 0, callsDays: 0, rollupDays: 0 })
  return store
}

/** Rows in `columns` order stored as the writers store them (`settings`: ` SETTINGS …`, or nothing). */
export async function insertRows(store: Store, table: string, columns: readonly string[], rows: unknown[][], settings = ''): Promise<void> {
  await store.writer.command({ query: `INSERT INTO ${table} (${columns.map((c) => `\`${c}\``).join(', ')})${settings} FORMAT JSONCompactEachRow\n${toJsonCompactEachRow(rows)}` })
}

/** The `n` of a query's first row (`SELECT count() AS n …`). */
export async function queryCount(store: Store, query: string): Promise<number> {
  const [row] = await (await store.reader.query({ query, format: 'JSONEachRow' })).json<{ n: string | number }>()
  return Number(row!.n)
}

import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore, runMigrations, type Store } from '../node/index.ts'
import { StoreConfigSchema } from '../config.ts'
import { schemaNames } from './columns.ts'

// The names read from the DDL text must be the names the engine created: compared with
// system.columns after the real migrations ran on the embedded engine.

let store: Store

beforeAll(async () => {
  store = await openStore(StoreConfigSchema.parse({ dataDir: mkdtempSync(join(tmpdir(), 'claimcheck-columns-')) }))
  await runMigrations(store.writer, { database: 'default' }, { logsDays: 0, tracesDays: 0, callsDays: 0, rollupDays: 0 })
})
afterAll(async () => {
  await store?.close()
})

describe('schemaNames against the engine', () => {
  it('lists exactly the tables and columns the migrations created', async () => {
    const rows = await (await store.reader.query({
      query: "SELECT table, name FROM system.columns WHERE database = 'default' AND table IN (SELECT name FROM system.tables WHERE database = 'default' AND engine NOT IN ('MaterializedView', 'View') AND NOT startsWith(name, '.inner'))",
      format: 'JSONEachRow',
    })).json<{ table: string; name: string }>()
    const names = schemaNames()
    expect(new Set(rows.map((row) => row.table))).toEqual(names.tables)
    expect(new Set(rows.map((row) => row.name))).toEqual(names.columns)
  })
})

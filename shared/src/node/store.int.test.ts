import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigSchema } from '../config.ts'
import { TABLES } from '../schema/ddl.ts'
import { MIGRATIONS } from '../schema/migrations.ts'
import { runMigrations } from './migrate.ts'
import { openStore, type Store } from './store.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'claimcheck-store-'))
const config = ConfigSchema.parse({ store: { dataDir } })
let store: Store

async function rows<T>(sql: string): Promise<T[]> {
  return (await store.reader.query({ query: sql, format: 'JSONEachRow' })).json<T>()
}

beforeAll(async () => {
  store = await openStore(config.store)
})
afterAll(async () => {
  await store?.close()
})

describe('openStore (embedded)', () => {
  it('opens the embedded engine and reports its version', async () => {
    expect(store.mode).toBe('embedded')
    expect(await store.version()).toMatch(/^\d+\.\d+/)
  })

  it('keeps ad hoc SQL read-only without affecting the writer', async () => {
    await store.writer.command({ query: 'CREATE TABLE IF NOT EXISTS probe (x UInt8) ENGINE = MergeTree ORDER BY x' })
    const adhoc = (sql: string) => store.adhoc.use((connection) => connection.text(sql))
    await expect(adhoc('INSERT INTO probe VALUES (1)')).rejects.toThrow(/readonly/i)
    await expect(adhoc("SELECT * FROM file('/etc/passwd', 'LineAsString')")).rejects.toThrow(/readonly|file/i)
    await expect(adhoc('SET readonly = 0')).rejects.toThrow(/readonly/i)
    await store.writer.insert({ table: 'probe', values: [{ x: 7 }], format: 'JSONEachRow' })
    expect(await adhoc('SELECT x FROM probe')).toBe('7\n')
  })

  it('refuses a second process on the same data directory with a clear message', () => {
    const script = `
      import { openStore } from './shared/src/node/store.ts'
      try { await openStore({ dataDir: ${JSON.stringify(dataDir)}, database: 'default', username: 'default', password: '' }) ; console.log('OPENED') }
      catch (e) { console.log('ERROR ' + e.message); process.exit(3) }`
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: join(import.meta.dirname, '../../..'),
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(child.stdout).toMatch(/ERROR Data directory .* is already in use by another claimcheck/)
    expect(child.status).toBe(3)
  })
})

describe('runMigrations', () => {
  const ctx = { database: 'default' }

  it('creates every table of the data contract', async () => {
    const report = await runMigrations(store.writer, ctx, config.retention)
    expect(report.applied).toEqual(MIGRATIONS.map((m) => m.version))
    const tables = (await rows<{ name: string }>("SELECT name FROM system.tables WHERE database = 'default'")).map((r) => r.name)
    for (const table of Object.values(TABLES)) expect(tables).toContain(table)
  })

  it('changes nothing when run again', async () => {
    const before = await rows("SELECT name, create_table_query FROM system.tables WHERE database = 'default' ORDER BY name")
    const report = await runMigrations(store.writer, ctx, config.retention)
    expect(report).toMatchObject({ applied: [], retentionChanged: [], drifted: [] })
    expect(await rows("SELECT name, create_table_query FROM system.tables WHERE database = 'default' ORDER BY name")).toEqual(before)
    const recorded = await rows<{ c: string }>(`SELECT count() AS c FROM ${TABLES.migrations}`)
    expect(Number(recorded[0]!.c)).toBe(MIGRATIONS.length)
  })

  it('applies retention from config as TTL, and changes it when config changes', async () => {
    const ttlOf = async (table: string) =>
      (await rows<{ q: string }>(`SELECT create_table_query AS q FROM system.tables WHERE database = 'default' AND name = '${table}'`))[0]!.q
    expect(await ttlOf(TABLES.calls)).toMatch(/TTL toDateTime\(Timestamp\) \+ toIntervalDay\(90\)/)
    const report = await runMigrations(store.writer, ctx, { ...config.retention, callsDays: 7, logsDays: 0 })
    expect(report.retentionChanged.sort()).toEqual([TABLES.calls, TABLES.logs].sort())
    expect(await ttlOf(TABLES.calls)).toMatch(/toIntervalDay\(7\)/)
    expect(await ttlOf(TABLES.logs)).not.toMatch(/TTL/)
  })

  it('feeds the per-minute rollup from gateway_calls', async () => {
    const call = (minute: number, cause: string, subject: string) => ({
      Timestamp: String(BigInt(1_764_000_000 + minute * 60) * 1_000_000_000n), TraceId: 'a'.repeat(32), SpanId: 'b'.repeat(16),
      ServiceName: 'gw', Method: 'GET', Route: '/orders', Path: '/orders', StatusCode: cause ? 403 : 200, Duration: 1000,
      Subject: subject, Cause: cause, CauseDetail: '',
    })
    await store.writer.insert({
      table: TABLES.calls, format: 'JSONEachRow',
      values: [call(0, 'unknown_sub', 'u1'), call(0, 'unknown_sub', 'u2'), call(0, 'unknown_sub', 'u1'), call(0, '', 'u3'), call(1, 'expired', 'u1')],
    })
    const rollup = await rows<{ Cause: string; Calls: string; Subjects: string }>(
      `SELECT Cause, sum(Calls) AS Calls, uniqMerge(Subjects) AS Subjects FROM ${TABLES.callsRollup} GROUP BY Cause ORDER BY Cause`,
    )
    expect(rollup.map((r) => [r.Cause, Number(r.Calls), Number(r.Subjects)])).toEqual([['', 1, 1], ['expired', 1, 1], ['unknown_sub', 3, 2]])
  })
})

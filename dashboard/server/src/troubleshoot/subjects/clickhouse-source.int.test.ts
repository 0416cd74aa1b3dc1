import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ClickHouseSubjectSourceSchema, ConfigSchema, type SubjectDirectoryConfigInput } from '@claimcheck/shared'
import { openStore, renderSql, type Store } from '@claimcheck/shared/node'
import { buildSubjectQuery, createClickHouseSource } from './clickhouse-source.ts'
import { createSubjectDirectory } from './index.ts'

// The real embedded engine: a users table with a UUID key and a Nullable(DateTime) deletion time,
// a dictionary over it, and a dictionary ClickHouse itself fills from an HTTP endpoint.
const dir = mkdtempSync(join(tmpdir(), 'claimcheck-subjects-ch-'))
let store: Store
let csvServer: Server
const U1 = '2b5c3c1e-0000-4000-8000-000000000001'
const U2 = '2b5c3c1e-0000-4000-8000-000000000002'
const U3 = '2b5c3c1e-0000-4000-8000-000000000003'

const parse = (input: Record<string, unknown>) => ClickHouseSubjectSourceSchema.parse({ kind: 'clickhouse', ...input })

beforeAll(async () => {
  store = await openStore(ConfigSchema.parse({ store: { dataDir: join(dir, 'data') } }).store)
  const run = (query: string) => store.writer.command({ query })
  await run('CREATE TABLE users (id UUID, state LowCardinality(String), deleted_at Nullable(DateTime), org String) ENGINE = MergeTree ORDER BY id')
  await run(`INSERT INTO users VALUES ('${U1}', 'active', NULL, 'acme'), ('${U2}', 'banned', NULL, 'acme'), ('${U3}', 'active', '2025-03-04 05:06:07', 'globex')`)
  await run("CREATE DICTIONARY users_dict (id String, state String, org String) PRIMARY KEY id SOURCE(CLICKHOUSE(TABLE 'users')) LIFETIME(0) LAYOUT(COMPLEX_KEY_HASHED())")
  csvServer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/csv' }).end('sub,status\nremote-1,active\nremote-2,disabled\n'))
  await new Promise<void>((resolve) => csvServer.listen(0, '127.0.0.1', resolve))
  const port = (csvServer.address() as AddressInfo).port
  await run(`CREATE DICTIONARY remote_users (sub String, status String) PRIMARY KEY sub SOURCE(HTTP(URL 'http://127.0.0.1:${port}/users.csv' FORMAT 'CSVWithNames')) LIFETIME(0) LAYOUT(COMPLEX_KEY_HASHED())`)
}, 120_000)

afterAll(async () => {
  await store?.close()
  await new Promise<void>((resolve) => csvServer?.close(() => resolve()))
  rmSync(dir, { recursive: true, force: true })
})

const TABLE = { table: 'users', fields: { sub: 'id', status: 'state', deletedAt: 'deleted_at', tenant: 'org' } }

describe('buildSubjectQuery', () => {
  it('names only configured columns, quoted, with the sub as a parameter', () => {
    const { sql, params } = renderSql(buildSubjectQuery(parse({ ...TABLE, table: 'default.users', fields: { ...TABLE.fields, tenant: '' } }), "x' OR 1=1"))
    expect(sql).toBe("SELECT 1 AS found, `state` AS status, `deleted_at` AS deletedAt FROM `default`.`users` WHERE `id` = {p0:String} LIMIT 1 SETTINGS session_timezone = 'UTC'")
    expect(params).toEqual({ p0: "x' OR 1=1" })
  })

  it('refuses names that are not plain identifiers, at config load and when building', () => {
    expect(() => parse({ table: 'users; DROP TABLE x' })).toThrow()
    expect(() => parse({ table: 'users', fields: { sub: 'id`' } })).toThrow()
    expect(() => renderSql(buildSubjectQuery({ ...parse(TABLE), table: 'a.b.c' }, 's'))).toThrow(/plain identifier/)
  })
})

describe('createClickHouseSource', () => {
  it('reads a table: active, disabled, deleted with its UTC time, and not found', async () => {
    const source = createClickHouseSource(parse(TABLE), store.reader)
    expect(await source.lookup(U1)).toEqual({ found: true, state: 'active', deletedAt: null, tenant: 'acme' })
    expect(await source.lookup(U2)).toMatchObject({ state: 'disabled' })
    expect(await source.lookup(U3)).toMatchObject({ state: 'deleted', deletedAt: Date.UTC(2025, 2, 4, 5, 6, 7), tenant: 'globex' })
    expect(await source.lookup('2b5c3c1e-0000-4000-8000-00000000dead')).toEqual({ found: false })
  })

  it('reads a dictionary, and one ClickHouse fills over HTTP', async () => {
    const dict = createClickHouseSource(parse({ table: 'users_dict', fields: { sub: 'id', status: 'state', deletedAt: '', tenant: 'org' } }), store.reader)
    expect(await dict.lookup(U2)).toEqual({ found: true, state: 'disabled', deletedAt: null, tenant: 'acme' })
    const remote = createClickHouseSource(parse({ table: 'remote_users', fields: { deletedAt: '', tenant: '' } }), store.reader)
    expect(await remote.lookup('remote-2')).toMatchObject({ state: 'disabled' })
    expect(await remote.lookup('remote-3')).toEqual({ found: false })
  })

  it('is unavailable, with ClickHouse\'s reason, for a missing table or column', async () => {
    await expect(createClickHouseSource(parse({ table: 'no_such_users' }), store.reader).lookup('u')).rejects.toThrow(/ClickHouse no_such_users: .*no_such_users/)
    await expect(createClickHouseSource(parse({ table: 'users' }), store.reader).lookup('u')).rejects.toThrow(/ClickHouse users: /)
  })
})

describe('clickhouse directory with caching', () => {
  it('answers from the cache until the TTL passes, then sees the change', async () => {
    let now = 0
    await store.writer.command({ query: "CREATE TABLE churn (sub String, status String) ENGINE = MergeTree ORDER BY sub" })
    await store.writer.command({ query: "INSERT INTO churn VALUES ('c-1', 'active')" })
    const config: SubjectDirectoryConfigInput = { kind: 'clickhouse', table: 'churn', fields: { deletedAt: '', tenant: '' }, cache: { ttlSeconds: 30 } }
    const directory = createSubjectDirectory(ClickHouseSubjectSourceSchema.parse(config), { reader: store.reader, clock: () => now })!
    expect(await directory.lookup('c-1')).toMatchObject({ state: 'active', cached: false, source: 'clickhouse' })
    await store.writer.command({ query: "ALTER TABLE churn UPDATE status = 'deleted' WHERE sub = 'c-1' SETTINGS mutations_sync = 1" })
    expect(await directory.lookup('c-1')).toMatchObject({ state: 'active', cached: true })
    now += 31_000
    expect(await directory.lookup('c-1')).toMatchObject({ state: 'deleted', cached: false })
  })

  it('says unavailable, not "not found", when the table is gone', async () => {
    const directory = createSubjectDirectory(parse({ table: 'dropped_users' }), { reader: store.reader })!
    const verdict = await directory.lookup(U1)
    expect(verdict).toMatchObject({ state: 'unavailable', cached: false })
    expect(verdict.error).toMatch(/dropped_users/)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isDeniedFunction, LOCAL_TABLE_FUNCTIONS } from '@claimcheck/shared'
import { insertCalls, standardCalls, startHarness, type Harness } from './test-support.ts'

let h: Harness
beforeAll(async () => {
  h = await startHarness({ adhocLimits: { maxResultRows: 1_000, maxExecutionTime: 2 } })
  await insertCalls(h.store, standardCalls())
})
afterAll(async () => h?.close())

const run = (sql: string, extra: Record<string, unknown> = {}) => h.send('POST', '/query', { sql, ...extra })

describe('POST /query', () => {
  it('answers with columns, types, rows and stats', async () => {
    const { status, body, headers } = await run("SELECT Cause, count() AS calls FROM gateway_calls WHERE Cause != '' GROUP BY Cause ORDER BY calls DESC, Cause")
    expect(status).toBe(200)
    expect(body.columns).toEqual([{ name: 'Cause', type: 'LowCardinality(String)' }, { name: 'calls', type: 'UInt64' }])
    expect(body.rows.map((row: unknown[]) => [row[0], Number(row[1])])).toEqual([['expired', 30], ['unknown_sub', 6], ['other', 5], ['misconfig', 1], ['revoked', 1]])
    expect(body).toMatchObject({ rowCount: 5, truncated: false, limit: 1_000 })
    expect(body.stats.rowsRead).toBe(133)
    expect(body.stats.elapsedMs).toBeGreaterThan(0)
    expect(headers.get('x-query-id')).toMatch(/^claimcheck-query-/)
  })

  it('binds parameters and takes a trailing semicolon and comment', async () => {
    const { body } = await run('SELECT {n:UInt32} + 1 AS x, {s:String} AS s; -- done', { params: { n: 41, s: "it's" } })
    expect(body.rows).toEqual([[42, "it's"]])
  })

  it('flags a result cut at the row limit, and only then', async () => {
    const big = (await run('SELECT number FROM numbers(100000)')).body
    expect(big).toMatchObject({ truncated: true, rowCount: 1_000, limit: 1_000 })
    expect(big.rows).toHaveLength(1_000)
    expect((await run('SELECT number FROM numbers(1000)')).body).toMatchObject({ truncated: false, rowCount: 1_000 })
  })

  it.each([
    ["INSERT INTO gateway_calls (TraceId) VALUES ('x')", /Only read queries/],
    ['CREATE TABLE t (x UInt8) ENGINE = Memory', /Only read queries/],
    ['ALTER TABLE gateway_calls DELETE WHERE 1', /Only read queries/],
    ['DROP TABLE gateway_calls', /Only read queries/],
    ['SET readonly = 0', /Only read queries/],
    ['SELECT 1 SETTINGS readonly = 0', /SETTINGS/],
    ["SELECT * FROM file('/etc/passwd', 'LineAsString')", /file\(\)/],
    ["SELECT file('/etc/passwd')", /file\(\)/],
    ["SELECT FiLe ('/etc/passwd')", /FiLe\(\)/],
    ["SELECT `file`('/etc/passwd')", /file\(\)/],
    ["SELECT * FROM url('http://127.0.0.1:9/x', 'CSV', 'a String')", /url\(\)/],
    ["SELECT * FROM remote('127.0.0.1', system.one)", /remote\(\)/],
    ["SELECT * FROM eval(concat('SELECT fi', 'le(1)'))", /eval\(\)/],
    ['SELECT 1; SELECT 2', /one statement/],
    ['SELECT name, auth_type FROM system.users', /system\.users is not readable/],
    ['SELECT * FROM `system`.`grants`', /system\.grants is not readable/],
    ['SELECT * FROM "system"."named_collections"', /system\.named_collections/],
    ["SELECT * FROM merge('system', '^users$')", /merge\(\)/],
    ["SELECT * FROM merge(concat('sys', 'tem'), '^users$')", /merge\(\)/],
    ['SHOW USERS', /SHOW USERS/],
    ['SHOW GRANTS', /SHOW GRANTS/],
    ['SHOW CREATE USER default', /SHOW USER/],
    ["SELECT 1 INTO OUTFILE '/tmp/claimcheck-outfile.txt'", /OUTFILE/],
    ['SELECT 1 FORMAT CSV', /format parameter/],
  ])('refuses %s before running it', async (sql, reason) => {
    const { status, body } = await run(sql)
    expect(status).toBe(400)
    expect(body.error.code).toBe('sql_refused')
    expect(body.error.message).toMatch(reason)
    expect(body.error.details.position).toBeGreaterThan(0)
  })

  it('stops a query at the time limit with a clear error, and the next query runs', async () => {
    const started = Date.now()
    expect((await run("SELECT getSetting('max_execution_time') AS t")).body.rows, 'the limit is set on the ad hoc connection').toEqual([[2]])
    // Many blocks of string work: the engine checks the limit between blocks; the limit here is 2 s.
    const slow = await run('SELECT count() FROM numbers(900000000) WHERE position(repeat(toString(number), 20), \'123456\') > 0')
    expect(slow.status, JSON.stringify(slow.body)).toBe(408)
    expect(slow.body.error.message).toMatch(/Timeout exceeded|TIMEOUT_EXCEEDED|time limit/i)
    expect(Date.now() - started).toBeLessThan(15_000)
    const next = await run('SELECT 1 AS ok')
    expect(next.body.rows, JSON.stringify(next.body)).toEqual([[1]])
  })

  it('reads the system tables the dashboard and users need: columns, tables, parts', async () => {
    const { status, body } = await run("SELECT count() AS n FROM system.columns WHERE table = 'gateway_calls'")
    expect(status).toBe(200)
    expect(Number(body.rows[0][0])).toBeGreaterThan(20)
    expect((await run("SELECT sum(rows) FROM system.parts WHERE active AND table = 'gateway_calls'")).status).toBe(200)
  })

  it('lets strings and comments mention refused names', async () => {
    const { status, body } = await run("SELECT 'file(' AS a, $$url($$ AS b /* remote( */ -- s3(\n, 1 AS settings_like")
    expect(status).toBe(200)
    expect(body.rows).toEqual([['file(', 'url(', 1]])
  })

  it('relies on ClickHouse readonly as the real guard', async () => {
    await expect(h.store.adhoc.command({ query: "INSERT INTO gateway_calls (TraceId) VALUES ('x')" })).rejects.toThrow(/readonly/i)
    await expect(h.store.adhoc.query({ query: 'SELECT 1 SETTINGS readonly = 0' })).rejects.toThrow(/readonly/i)
    await expect(h.store.adhoc.query({ query: "SELECT * FROM url('http://127.0.0.1:9/x', 'CSV', 'a String')" })).rejects.toThrow(/readonly/i)
  })

  it('knows every table function of the engine as either local or refused', async () => {
    const result = await h.store.reader.query({ query: 'SELECT name FROM system.table_functions', format: 'JSONEachRow' })
    const names = (await result.json<{ name: string }>()).map((row) => row.name)
    const local = new Set<string>(LOCAL_TABLE_FUNCTIONS)
    expect(names.filter((name) => !local.has(name) && !isDeniedFunction(name))).toEqual([])
  })

  it('answers a syntax error with ClickHouse’s message and the position in the SQL as sent', async () => {
    const { status, body } = await run('\n  SELECT FROM WHERE (')
    expect(status).toBe(400)
    expect(body.error.code).toBe('clickhouse_62')
    expect(body.error.message).toMatch(/Syntax error/)
    expect(body.error.details).toEqual({ position: 22, line: 2, column: 21 })
    const unknown = await run('SELECT nope FROM gateway_calls')
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.code).toBe('clickhouse_47')
  })

  it('downloads CSV and JSON as attachments', async () => {
    const csv = await run("SELECT 'a,b' AS text, [1, 2] AS list, 3 AS n", { format: 'csv' })
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="?claimcheck-query-.*\.csv"?$/)
    expect(csv.text).toBe('text,list,n\r\n"a,b","[1,2]",3\r\n')
    const json = await run('SELECT 1 AS one', { download: true })
    expect(json.headers.get('content-disposition')).toMatch(/\.json"?$/)
    expect(json.headers.get('x-result-truncated')).toBe('false')
    expect(json.body.rows).toEqual([[1]])
  })

  it('rejects a malformed body', async () => {
    expect((await h.send('POST', '/query', { sql: '' })).status).toBe(400)
    expect((await h.send('POST', '/query', { sql: 'SELECT 1', format: 'xml' })).status).toBe(400)
  })
})

describe('/saved-queries', () => {
  it('creates, lists, reads, updates and deletes', async () => {
    const created = await h.send('POST', '/saved-queries', { name: 'expired by client', sql: "SELECT ClientId, count() FROM gateway_calls WHERE Cause = 'expired' GROUP BY ClientId" })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ name: 'expired by client', description: '' })
    const id = created.body.id
    expect((await h.get('/saved-queries')).body.queries.map((q: { id: string }) => q.id)).toEqual([id])
    expect((await h.send('POST', '/saved-queries', { name: 'expired by client', sql: 'SELECT 1' })).status).toBe(409)
    expect((await h.send('POST', '/saved-queries', { name: 'bad', sql: "SELECT file('/etc/passwd')" })).status).toBe(400)
    const updated = await h.send('PATCH', `/saved-queries/${id}`, { description: 'who forgets to refresh' })
    expect(updated.body).toMatchObject({ id, name: 'expired by client', description: 'who forgets to refresh', createdAt: created.body.createdAt })
    expect(updated.body.updatedAt).toBeGreaterThan(created.body.updatedAt)
    expect((await h.get(`/saved-queries/${id}`)).body.description).toBe('who forgets to refresh')
    expect((await h.send('DELETE', `/saved-queries/${id}`, undefined)).status).toBe(204)
    expect((await h.get(`/saved-queries/${id}`)).status).toBe(404)
    expect((await h.get('/saved-queries')).body.queries).toEqual([])
  })
})

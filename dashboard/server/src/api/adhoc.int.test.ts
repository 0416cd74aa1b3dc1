import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ALLOWED_TABLE_FUNCTIONS } from '@claimcheck/shared'
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
    expect(body).toMatchObject({ rowCount: 5, truncated: false, cutBy: null, notice: null, limit: 1_000 })
    // The rows' JSON as the engine wrote it (with a space after each comma).
    const compact = body.rows.map((row: unknown[]) => JSON.stringify(row).length).reduce((a: number, b: number) => a + b, 0)
    expect(body.bytes).toBe(compact + body.rows.length)
    // A streamed chDB read reports no read statistics; over HTTP the progress lines fill them in.
    expect(body.stats).toMatchObject({ rowsRead: null, bytesRead: null })
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

  it('refuses what may not run with a 400 and the reason (adhoc-hostile.int.test.ts has the full table)', async () => {
    const { status, body } = await run("SELECT 1 AS a, file('/etc/passwd') AS b")
    expect(status).toBe(400)
    expect(body.error).toMatchObject({ code: 'sql_refused', message: expect.stringMatching(/file\(\) reaches outside/) })
    const several = await run('SELECT 1;\nSELECT 2')
    expect(several.body.error).toMatchObject({ code: 'sql_refused', message: 'Only one statement per query', details: { line: 1 } })
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

  it('answers SHOW TABLES, DESCRIBE and EXPLAIN, which chDB does not stream', async () => {
    const tables = await run('SHOW TABLES')
    expect(tables.status, JSON.stringify(tables.body)).toBe(200)
    expect(tables.body.rows.map((row: unknown[]) => row[0])).toContain('gateway_calls')
    expect((await run('SHOW DATABASES')).body.rows.map((row: unknown[]) => row[0])).toContain('system')
    const described = await run('DESCRIBE gateway_calls')
    expect(described.body.columns[0]).toEqual({ name: 'name', type: 'String' })
    expect(described.body.rows.map((row: unknown[]) => row[0])).toContain('Cause')
    const plan = await run("EXPLAIN SELECT count() FROM gateway_calls WHERE Cause = 'expired'")
    expect(plan.status).toBe(200)
    expect(plan.body.rows.map((row: unknown[]) => row[0]).join('\n')).toMatch(/ReadFromMergeTree/)
    expect((await run('EXPLAIN AST SELECT 1')).body.rows[0]).toEqual(['SelectWithUnionQuery (children 1)'])
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

  it('runs on read-only connections: readonly = 1 also holds for SQL that never passed the check', async () => {
    const direct = (sql: string) => h.store.adhoc.use((connection) => connection.text(sql))
    await expect(direct("INSERT INTO gateway_calls (TraceId) VALUES ('x')")).rejects.toThrow(/readonly/i)
    await expect(direct('SELECT 1 SETTINGS readonly = 0')).rejects.toThrow(/readonly/i)
    await expect(direct("SELECT * FROM url('http://127.0.0.1:9/x', 'CSV', 'a String')")).rejects.toThrow(/readonly/i)
  })

  it('allows only generating table functions, and the engine knows each of them', async () => {
    const result = await h.store.reader.query({ query: 'SELECT name FROM system.table_functions', format: 'JSONEachRow' })
    const names = new Set((await result.json<{ name: string }>()).map((row) => row.name))
    expect(ALLOWED_TABLE_FUNCTIONS.filter((name) => !names.has(name))).toEqual([])
    expect((await run('SELECT count() FROM numbers(10)')).body.rows).toEqual([[10]])
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

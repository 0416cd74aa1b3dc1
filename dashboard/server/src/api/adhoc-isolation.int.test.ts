import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertCalls, standardCalls, startHarness, TEST_AUTH, type Harness } from './test-support.ts'

/** One ad hoc query's failure, time-out, cancellation or size never reaches another query. */

const POOL = 2
const MB = 1024 ** 2
let h: Harness
beforeAll(async () => {
  h = await startHarness({ adhocLimits: { maxResultRows: 1_000, maxExecutionTime: 2, maxResultBytes: MB, poolSize: POOL } })
  await insertCalls(h.store, standardCalls())
})
afterAll(async () => h?.close())

const run = (sql: string, params: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => h.send('POST', '/query', { sql, params, ...extra })
// Many blocks of string work: the engine checks the time limit between blocks.
const SLOW = "SELECT count() FROM numbers(900000000) WHERE position(repeat(toString(number), 20), '123456') > 0"

/** An ordinary query whose answer is its own: the parameter comes back, with the calls table's count. */
async function expectOwnAnswer(n: number): Promise<void> {
  const { status, body } = await run('SELECT {n:UInt32} AS n, count() AS calls FROM gateway_calls', { n })
  expect(status, JSON.stringify(body)).toBe(200)
  expect(body.rows.map((row: unknown[]) => [row[0], Number(row[1])])).toEqual([[n, 133]])
}

const everyConnection = (base: number) => Promise.all(Array.from({ length: POOL }, (_, i) => expectOwnAnswer(base + i)))

describe('isolation between ad hoc queries', () => {
  it('answers ordinary queries while another times out, and after it', async () => {
    const slow = run(SLOW)
    for (let n = 1; n <= 10; n++) await expectOwnAnswer(n)
    const timedOut = await slow
    expect(timedOut.status, JSON.stringify(timedOut.body)).toBe(408)
    expect(timedOut.body.error.message).toMatch(/Timeout exceeded/)
    await everyConnection(100)
  })

  it('keeps concurrent queries whole when one fails part-way through its blocks', async () => {
    const failing = run("SELECT sum(throwIf(number = 250000, 'boom')) AS x FROM numbers(300000)")
    const ordinary = Array.from({ length: 6 }, (_, i) => expectOwnAnswer(200 + i))
    const [failed] = await Promise.all([failing, ...ordinary])
    expect(failed.status, JSON.stringify(failed.body)).toBe(400)
    expect(failed.body.error.message).toMatch(/boom/)
    await everyConnection(300)
  })

  it('queues more queries than connections, each with its own result', async () => {
    await Promise.all(Array.from({ length: 4 * POOL }, (_, i) => expectOwnAnswer(400 + i)))
  })

  it('gives the next query its own result after a closed tab stopped one', async () => {
    const controller = new AbortController()
    const stopped = fetch(`${h.baseUrl}/query`, {
      method: 'POST', headers: { ...TEST_AUTH, 'content-type': 'application/json' }, body: JSON.stringify({ sql: SLOW }), signal: controller.signal,
    }).catch((error: Error) => error)
    await new Promise((resolve) => setTimeout(resolve, 300))
    controller.abort()
    expect(await stopped).toBeInstanceOf(Error)
    await everyConnection(500)
    await new Promise((resolve) => setTimeout(resolve, 2_500)) // past the stopped query's own time limit
    await everyConnection(600)
  })
})

describe('result size limits', () => {
  it('cuts a result at the byte limit, says so in the answer and a header, and the rows that came fit', async () => {
    const { status, body, headers } = await run("SELECT number AS n, repeat('x', 100000) AS s FROM numbers(200)")
    expect(status).toBe(200)
    expect(body).toMatchObject({ truncated: true, cutBy: 'bytes', byteLimit: MB, notice: 'Cut at 1 MiB of results: select fewer or shorter columns, or add a LIMIT' })
    expect(body.bytes).toBeLessThanOrEqual(MB)
    expect(body.rows.length).toBe(10) // ten 100 kB rows fit in 1 MiB, the eleventh would not
    expect(body.rows.map((row: unknown[]) => row[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(headers.get('x-result-notice')).toBe(body.notice)
    expect(headers.get('x-result-truncated')).toBe('true')
    await everyConnection(700)
  })

  it('cuts a 400 MB result to the limit without handing 400 MB to the answer', async () => {
    const { status, body, text } = await run("SELECT repeat('x', 1000000) AS s FROM numbers(400)")
    expect(status).toBe(200)
    expect(body).toMatchObject({ cutBy: 'bytes', rowCount: 1 })
    expect(text.length).toBeLessThan(1.1 * MB)
    await everyConnection(800)
  })

  it('cuts at the row limit and says so', async () => {
    const { body, headers } = await run('SELECT number FROM numbers(5000)')
    expect(body).toMatchObject({ cutBy: 'rows', rowCount: 1_000, notice: 'Cut at 1,000 rows: add a LIMIT or aggregate' })
    expect(headers.get('x-result-notice')).toBe(body.notice)
  })

  it('cuts a CSV download the same way', async () => {
    const csv = await run("SELECT repeat('y', 300000) AS s FROM numbers(10)", {}, { format: 'csv' })
    expect(csv.status).toBe(200)
    expect(csv.headers.get('x-result-notice')).toMatch(/^Cut at 1 MiB/)
    expect(csv.text.split('\r\n').filter(Boolean)).toHaveLength(1 + 3)
  })
})

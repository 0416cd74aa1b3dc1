import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, TEST_AUTH, type Harness } from './test-support.ts'

/** A cancelled ad hoc query (the request closed) leaves no copy of itself running in the engine. */

let h: Harness
beforeAll(async () => {
  // A limit far past the test's waits: only a cancel can stop the query in time.
  h = await startHarness({ adhocLimits: { maxExecutionTime: 120 } })
})
afterAll(async () => h?.close())

// Minutes of string work; the marker makes its rows in system.processes this test's own.
const marker = (n: number) => `cancel_marker_${n}_${process.pid}`
const slow = (n: number) => `SELECT count() AS ${marker(n)} FROM numbers(900000000) WHERE position(repeat(toString(number), 20), '123456') > 0`

interface Running { query_id: string; is_cancelled: number; elapsed: number; query: string }

/** The engine's process list rows of `n`'s query (not the watcher's own query). */
async function running(n: number): Promise<Running[]> {
  const result = await h.store.reader.query({
    query: "SELECT query_id, is_cancelled, elapsed, query FROM system.processes WHERE position(query, {m:String}) > 0 AND position(query, 'system.processes') = 0 AND position(query, 'EXPLAIN') = 0",
    query_params: { m: marker(n) },
    format: 'JSONEachRow',
  })
  return result.json<Running>()
}

async function until(what: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await what()) return true
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return false
}

function post(n: number, signal: AbortSignal) {
  return fetch(`${h.baseUrl}/query`, {
    method: 'POST', headers: { ...TEST_AUTH, 'content-type': 'application/json' }, body: JSON.stringify({ sql: slow(n) }), signal,
  }).then((response) => response.text()).catch((error: Error) => error)
}

describe('cancelling an ad hoc query', () => {
  it('leaves nothing running once the request that started it closed', async () => {
    for (let n = 1; n <= 3; n++) {
      const controller = new AbortController()
      const answer = post(n, controller.signal)
      expect(await until(async () => (await running(n)).length > 0, 30_000), 'the query reached the engine').toBe(true)
      controller.abort()
      expect(await answer).toBeInstanceOf(Error)
      let last: Running[] = []
      const gone = await until(async () => (last = await running(n)).length === 0, 15_000)
      expect(gone, `still running 15 s after the cancel: ${JSON.stringify(last)}`).toBe(true)
    }
  }, 180_000)

  it('never starts the query of a request that closed before its handler ran', async () => {
    // The SQL page's first request of a page load is dropped within milliseconds: the whole
    // request arrives, and the connection is gone by the time the handler runs (here while a
    // stored token is looked up, as a session is for a browser).
    const { hostname, port, pathname } = new URL(`${h.baseUrl}/query`)
    for (let n = 10; n < 15; n++) {
      const made = await h.send('POST', '/tokens', { name: `cancel-test-${n}`, role: 'admin' })
      expect(made.status, JSON.stringify(made.body)).toBe(201)
      // Parameterised queries take turns in the embedded engine: the token's look-up waits behind this one.
      const busy = h.store.reader.query({ query: 'SELECT sleepEachRow(0.1) FROM numbers({n:UInt32})', query_params: { n: 5 } })
      const body = JSON.stringify({ sql: slow(n) })
      const head = [`POST ${pathname} HTTP/1.1`, `Host: ${hostname}:${port}`, `Authorization: Bearer ${made.body.token}`, 'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`]
      await new Promise<void>((resolve, reject) => {
        const socket = connect(Number(port), hostname, () => socket.end(`${head.join('\r\n')}\r\n\r\n${body}`, () => { socket.destroy(); resolve() }))
        socket.on('error', reject)
      })
      await busy
    }
    let last: Running[] = []
    const gone = await until(async () => {
      last = (await Promise.all(Array.from({ length: 5 }, (_, i) => running(10 + i)))).flat()
      return last.length === 0
    }, 15_000)
    expect(gone, `still running 15 s after the requests closed: ${JSON.stringify(last)}`).toBe(true)
  }, 180_000)
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { GatewayCall } from '@claimcheck/shared'
import { HOUR, insertCalls, insertTrace, makeCall, NOW, standardCalls, startHarness, type Harness } from './test-support.ts'

let h: Harness
let calls: GatewayCall[]
let traced: GatewayCall
beforeAll(async () => {
  h = await startHarness()
  calls = standardCalls()
  await insertCalls(h.store, calls)
  traced = calls.find((call) => call.Subject === 'ghost-10')!
  await insertTrace(h.store, traced)
})
afterAll(async () => h?.close())

type Row = { Timestamp: string; TraceId: string; SpanId: string; Duration: number }
const key = (row: Row) => `${row.TraceId}/${row.SpanId}`

async function allPages(query: string, limit: number): Promise<Row[]> {
  const rows: Row[] = []
  let cursor: string | null = null
  do {
    const suffix: string = cursor ? `&cursor=${cursor}` : ''
    const { status, body } = await h.get(`/calls?${query}&limit=${limit}${suffix}`)
    expect(status).toBe(200)
    rows.push(...body.calls)
    cursor = body.nextCursor
  } while (cursor)
  return rows
}

describe('GET /calls', () => {
  it('lists the range newest first, in pages', async () => {
    const first = (await h.get('/calls')).body
    expect(first.meta.source).toBe('gateway_calls')
    expect(first.calls).toHaveLength(50)
    const second = (await h.get(`/calls?cursor=${first.nextCursor}`)).body
    expect(second.calls).toHaveLength(42)
    expect(second.nextCursor).toBeNull()
    const all = [...first.calls, ...second.calls]
    expect(new Set(all.map(key)).size).toBe(92)
    const times = all.map((row) => BigInt(row.Timestamp))
    expect(times).toEqual([...times].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)))
    expect(first.calls[0]).toMatchObject({ Route: '/orders', Subject: 'user-4', StatusCode: 200, Cause: '' })
    expect(first.calls[0].Timestamp).toMatch(/123456789$/)
  })

  it('keeps pages stable while newer calls arrive', async () => {
    const before = await allPages('sort=time_desc', 200)
    const page = (await h.get('/calls?limit=10')).body
    await insertCalls(h.store, [makeCall(NOW - 1_000), makeCall(NOW - 500), makeCall(NOW - 100)])
    const next = (await h.get(`/calls?limit=10&cursor=${page.nextCursor}`)).body
    expect(next.calls.map(key)).toEqual(before.slice(10, 20).map(key))
  })

  it('sorts by duration and by time ascending, paging through everything exactly once', async () => {
    const byDuration = await allPages('sort=duration_desc&from=now-2h', 17)
    expect(byDuration).toHaveLength(135)
    expect(new Set(byDuration.map(key)).size).toBe(135)
    const durations = byDuration.map((row) => row.Duration)
    expect(durations).toEqual([...durations].sort((a, b) => b - a))
    const ascending = await allPages('sort=time_asc&cause=expired', 7)
    expect(ascending).toHaveLength(20)
    expect(BigInt(ascending[0]!.Timestamp)).toBeLessThan(BigInt(ascending[19]!.Timestamp))
  })

  it('pages through rows on both sides of every time-slice boundary exactly once, in order', async () => {
    const MINUTE = 60_000
    // Slices end 5 min, 30 min, 3 h and 24 h before `to`: put rows just inside and outside each, with ties.
    const offsets = [1, 4.99, 5, 5.01, 29.99, 30, 30.01, 179.99, 180, 180.01, 1439.99, 1440, 1440.01, 2 * 1440, 2.9 * 1440]
    const sliced = offsets.flatMap((minutes) => [0, 1].map((tie) => makeCall(NOW - minutes * MINUTE, { ServiceName: 'slice-gw' }, BigInt(tie))))
    await insertCalls(h.store, sliced)
    const expected = sliced.map((call) => `${call.TraceId}/${call.SpanId}`)
    const byTime = (a: GatewayCall, b: GatewayCall) => (BigInt(a.Timestamp) < BigInt(b.Timestamp) ? -1 : BigInt(a.Timestamp) > BigInt(b.Timestamp) ? 1 : 0)
    const newestFirst = [...sliced].sort((a, b) => byTime(b, a) || (b.TraceId < a.TraceId ? -1 : 1)).map((call) => `${call.TraceId}/${call.SpanId}`)
    const descending = await allPages('service=slice-gw&from=now-3d&sort=time_desc', 3)
    expect(descending.map(key)).toEqual(newestFirst)
    const ascending = await allPages('service=slice-gw&from=now-3d&sort=time_asc', 4)
    expect(ascending.map(key)).toEqual([...newestFirst].reverse())
    expect(new Set(ascending.map(key))).toEqual(new Set(expected))
  })

  it('searches the error message, case-insensitively and literally', async () => {
    expect((await h.get('/calls?q=WEIRD gateway')).body.calls).toHaveLength(5)
    expect((await h.get('/calls?q=%25')).body.calls).toHaveLength(0)
    expect((await h.get('/calls?q=error_A')).body.calls).toHaveLength(0)
    expect((await h.get('/calls?subject=ghost-10')).body.calls.map(key)).toEqual([key(traced)])
  })

  it('refuses foreign or mismatched cursors', async () => {
    expect((await h.get('/calls?cursor=bm9wZQ')).status).toBe(400)
    const page = (await h.get('/calls?limit=5')).body
    const mismatch = await h.get(`/calls?limit=5&sort=duration_desc&cursor=${page.nextCursor}`)
    expect(mismatch.status).toBe(400)
    expect(mismatch.body.error.message).toMatch(/sort=time_desc/)
    expect((await h.get('/calls?limit=0')).status).toBe(400)
  })
})

describe('GET /calls/:traceId/:spanId', () => {
  it('returns the row, decoded claims, evidence and the span’s log records', async () => {
    const expired = calls.find((call) => call.Cause === 'expired' && BigInt(call.Timestamp) > BigInt(NOW - HOUR) * 1_000_000n)!
    const { status, body } = await h.get(`/calls/${expired.TraceId}/${expired.SpanId}`)
    expect(status).toBe(200)
    expect(body.call).toEqual(expired)
    expect(body.claims).toMatchObject({ present: true, sub: expired.Subject, iss: 'https://idp.example.com', aud: ['orders-api'], secondsPastExpiry: 110, alg: 'RS256', kid: 'key-1' })
    expect(body.evidence).toEqual({ Cause: 'expired', CauseDetail: '', EvidenceRule: 'jose.ERR_JWT_EXPIRED', Evidence: 'code=ERR_JWT_EXPIRED', ErrorMessage: 'jwt expired', Source: 'span' })
    expect(body.logs).toEqual([])
    expect(body.traceStored).toBe(false)
    const withLogs = (await h.get(`/calls/${traced.TraceId}/${traced.SpanId}`)).body
    expect(withLogs.logs.map((log: { Body: string }) => log.Body)).toEqual(['User from sub claim in JWT does not exist'])
    // Its spans are stored: the dashboard asks for the trace only then.
    expect(withLogs.traceStored).toBe(true)
  })

  it('answers 404 for an unknown call', async () => {
    const { status, body } = await h.get('/calls/ffff/eeee')
    expect(status).toBe(404)
    expect(body.error.code).toBe('not_found')
  })
})

describe('GET /traces/:traceId', () => {
  it('returns every span with events, the trace’s logs and its gateway calls', async () => {
    const { status, body } = await h.get(`/traces/${traced.TraceId}`)
    expect(status).toBe(200)
    expect(body.spans.map((s: { SpanName: string }) => s.SpanName)).toEqual(['GET /users/:id', 'verify jwt'])
    expect(body.spans[1]).toMatchObject({ ParentSpanId: traced.SpanId, Duration: 2_000_000, Events: [{ Name: 'auth.checked', Attributes: { result: 'denied' } }], Links: [] })
    expect(body.logs.map((l: { Body: string }) => l.Body)).toEqual(['unrelated', 'sub lookup failed', 'User from sub claim in JWT does not exist'])
    expect(body.calls.map((c: { Cause: string }) => c.Cause)).toEqual(['unknown_sub'])
    expect(body.start).toBe(Math.floor(Number(BigInt(traced.Timestamp) / 1_000_000n) / 1000) * 1000)
    expect((await h.get('/traces/0123')).status).toBe(404)
  })
})

describe('GET /calls/facets and /calls/histogram', () => {
  const listed = async (query: string) => (await allPages(query, 500)).length

  it('counts values under the other filters, adding up to the list', async () => {
    const { status, body } = await h.get('/calls/facets?from=now-2h&dimension=cause&dimension=route&dimension=kid&cause=!expired')
    expect(status).toBe(200)
    const cause = body.facets.find((f: { dimension: string }) => f.dimension === 'cause')
    const route = body.facets.find((f: { dimension: string }) => f.dimension === 'route')
    // The cause facet ignores its own exclusion (it shows what you could pick); the route facet does not.
    expect(cause.total).toBe(await listed('from=now-2h'))
    expect(route.total).toBe(await listed('from=now-2h&cause=!expired'))
    for (const facet of body.facets) expect(facet.values.reduce((s: number, v: { calls: number }) => s + v.calls, 0)).toBeLessThanOrEqual(facet.total)
    const top = route.values[0]
    expect(top.calls).toBe(await listed(`from=now-2h&cause=!expired&route=${encodeURIComponent(top.value)}`))
  })

  it('refuses an unknown dimension or an invalid excluded value', async () => {
    expect((await h.get('/calls/facets?dimension=password')).status).toBe(400)
    const bad = await h.get('/calls/facets?dimension=cause&status=!forbidden')
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body)).toContain('forbidden')
  })

  it('buckets exactly the listed calls', async () => {
    const { status, body } = await h.get('/calls/histogram?from=now-2h&cause=!expired')
    expect(status).toBe(200)
    expect(body.meta.source).toBe('gateway_calls')
    const total = body.points.reduce((s: number, p: { calls: number }) => s + p.calls, 0)
    expect(total).toBe(await listed('from=now-2h&cause=!expired'))
  })
})

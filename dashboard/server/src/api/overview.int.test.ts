import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HOUR, insertCalls, NOW, standardCalls, startHarness, type Harness } from './test-support.ts'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
  await insertCalls(h.store, standardCalls())
})
afterAll(async () => h?.close())

const withoutMeta = (body: Record<string, unknown>) => {
  const { meta: _meta, ...rest } = body
  return rest
}

describe('GET /summary', () => {
  it('counts calls, failures and causes against the previous hour', async () => {
    const { status, body } = await h.get('/summary')
    expect(status).toBe(200)
    expect(body.meta).toMatchObject({ source: 'gateway_calls_1m', from: NOW - HOUR, to: NOW })
    expect(body.calls).toEqual({ current: 92, previous: 40, delta: 52, changeRatio: 1.3 })
    expect(body.failures).toEqual({ current: 32, previous: 10, delta: 22, changeRatio: 2.2 })
    expect(body.failureRate.current).toBeCloseTo(32 / 92)
    expect(body.failureRate.previous).toBe(0.25)
    expect(body.causes.map((c: { cause: string }) => c.cause)).toEqual([
      'expired', 'unknown_sub', 'other', 'misconfig', 'insufficient_scope', 'malformed', 'missing_token', 'not_yet_valid', 'revoked',
    ])
    expect(body.causes[0]).toEqual({ cause: 'expired', failures: { current: 20, previous: 10, delta: 10, changeRatio: 1 }, share: 20 / 32, subjects: 4 })
    expect(body.causes[1]).toMatchObject({ cause: 'unknown_sub', failures: { current: 6, previous: 0, changeRatio: null }, subjects: 6 })
  })

  it('applies filters: multi-value cause, status class, route', async () => {
    expect((await h.get('/summary?cause=expired,unknown_sub')).body.calls.current).toBe(26)
    expect((await h.get('/summary?cause=expired&cause=misconfig')).body.failures.current).toBe(21)
    expect((await h.get('/summary?status=4xx')).body.calls.current).toBe(32)
    expect((await h.get('/summary?status=403,200')).body.calls.current).toBe(66)
    expect((await h.get('/summary?cause=success')).body.calls).toMatchObject({ current: 60, previous: 30 })
    const orders = (await h.get('/summary?route=/orders')).body
    expect(orders.calls.current).toBe(80)
    expect(orders.failures.current).toBe(20)
  })

  it('takes absolute ranges as ISO dates or epoch ms, and rejects bad ones with the parameter', async () => {
    const iso = (await h.get(`/summary?from=${new Date(NOW - HOUR).toISOString()}&to=${encodeURIComponent(new Date(NOW - HOUR / 2).toISOString().replace('.000Z', '+00:00'))}`)).body
    const epoch = (await h.get(`/summary?from=${NOW - HOUR}&to=${NOW - HOUR / 2}`)).body
    expect(withoutMeta(iso)).toEqual(withoutMeta(epoch))
    expect(iso.calls.current).toBe(30 + 10 + 3 + 5)
    const bad = await h.get('/summary?from=yesterday')
    expect(bad.status).toBe(400)
    expect(bad.body.error.details[0].path).toBe('from')
    expect((await h.get('/summary?from=now-1h&to=now-2h')).status).toBe(400)
    expect((await h.get('/summary?cause=sleepy')).status).toBe(400)
  })
})

describe('rollup or raw', () => {
  const cases = [
    '', '?cause=expired', '?route=/orders&status=401', '?issuer=https://idp-b.example.com', '?client=web&tenant=t1',
    '?service=api-gateway&causeDetail=issuer', '?issuer=https://evil.example&route=/admin', '?subject=user-1', '?q=jwt',
  ]
  it.each(cases)('answers %s identically from the chosen source and from gateway_calls', async (query) => {
    const join = query ? '&' : '?'
    for (const path of ['/summary', '/timeseries', '/top', '/top']) {
      const extra = path === '/top' ? `${join}dimension=cause` : ''
      const auto = (await h.get(`${path}${query}${extra}`)).body
      const raw = (await h.get(`${path}${query}${extra}${query || extra ? '&' : '?'}source=raw`)).body
      expect(raw.meta.source).toBe('gateway_calls')
      expect(withoutMeta(auto)).toEqual(withoutMeta(raw))
    }
  })

  it('reads the rollups when it can and says why not when it cannot', async () => {
    expect((await h.get('/summary?issuer=https://idp-b.example.com')).body.meta.source).toBe('gateway_principals_1m')
    const mixed = (await h.get('/summary?issuer=https://evil.example&route=/admin')).body.meta
    expect(mixed).toMatchObject({ source: 'gateway_calls', sourceReason: 'no single rollup has route and issuer' })
    expect((await h.get('/summary?subject=user-1')).body.meta.sourceReason).toBe('no rollup has subject')
  })
})

describe('GET /timeseries', () => {
  it('gives one point per minute over an hour, zero-filled', async () => {
    const { body } = await h.get('/timeseries')
    expect(body.bucketSeconds).toBe(60)
    expect(body.points).toHaveLength(60)
    expect(body.points[0]).toEqual({
      t: NOW - HOUR, calls: 4, failures: 3,
      byCause: { expired: 1, unknown_sub: 1, insufficient_scope: 0, misconfig: 0, malformed: 0, missing_token: 0, not_yet_valid: 0, revoked: 0, other: 1 },
    })
    const misconfig = (await h.get('/timeseries?cause=misconfig')).body.points
    expect(misconfig).toHaveLength(60)
    expect(misconfig.filter((p: { calls: number }) => p.calls > 0)).toEqual([expect.objectContaining({ t: NOW - HOUR / 2, failures: 1 })])
  })

  it('takes a bucket, or picks one from the range', async () => {
    const five = (await h.get('/timeseries?bucket=5m')).body
    expect(five.points).toHaveLength(12)
    expect(five.points[0]).toMatchObject({ calls: 13, failures: 8 })
    const day = (await h.get('/timeseries?from=now-24h')).body
    expect(day.bucketSeconds).toBe(600)
    expect(day.points).toHaveLength(144)
    expect(day.points.reduce((sum: number, p: { calls: number }) => sum + p.calls, 0)).toBe(92 + 40 + 1)
    expect((await h.get('/timeseries?from=now-30d&bucket=1m')).status).toBe(400)
  })
})

describe('GET /top', () => {
  it('ranks routes by failures with their share', async () => {
    const { body } = await h.get('/top?dimension=route')
    expect(body.meta.source).toBe('gateway_calls_1m')
    expect(body.total).toBe(32)
    expect(body.items).toEqual([
      { value: '/orders', calls: 80, failures: 20, failureRate: 0.25, share: 20 / 32 },
      { value: '/admin', calls: 6, failures: 6, failureRate: 1, share: 6 / 32 },
      { value: '/users/:id', calls: 6, failures: 6, failureRate: 1, share: 6 / 32 },
    ])
  })

  it('ranks issuers from the principals rollup, subjects from the failing-subjects rollup, statuses by calls', async () => {
    const issuers = (await h.get('/top?dimension=issuer')).body
    expect(issuers.meta.source).toBe('gateway_principals_1m')
    expect(issuers.items.map((i: { value: string; failures: number }) => [i.value, i.failures])).toEqual([
      ['https://idp.example.com', 25], ['https://idp-b.example.com', 6], ['https://evil.example', 1],
    ])
    const subjects = (await h.get('/top?dimension=subject&limit=3')).body
    expect(subjects.meta.source).toBe('gateway_subject_failures_1m')
    expect(subjects.items.map((i: { value: string; failures: number }) => [i.value, i.failures])).toEqual([['user-1', 6], ['', 5], ['user-0', 5]])
    // The rollup ranks; calls and rates of the ranked subjects equal the raw table's.
    const raw = (await h.get('/top?dimension=subject&limit=3&source=raw')).body
    expect(raw.meta.source).toBe('gateway_calls')
    expect(subjects.items).toEqual(raw.items)
    expect(subjects.total).toBe(raw.total)
    expect(subjects.items.some((i: { calls: number; failures: number }) => i.calls > i.failures)).toBe(true)
    const statuses = (await h.get('/top?dimension=status&metric=calls')).body
    expect(statuses.items.map((i: { value: string; calls: number }) => [i.value, i.calls])).toEqual([['200', 60], ['401', 26], ['403', 6]])
    expect((await h.get('/top?dimension=message&q=weird')).body.items.map((i: { value: string }) => i.value)).toEqual([
      'weird gateway error A', 'weird gateway error B',
    ])
    expect((await h.get('/top?dimension=nothing')).status).toBe(400)
  })
})

describe('GET /subjects/:subject', () => {
  it('tells when a subject was first seen, last succeeded and last failed', async () => {
    const { status, body } = await h.get('/subjects/user-0')
    expect(status).toBe(200)
    expect(body).toMatchObject({
      subject: 'user-0',
      firstSeen: NOW - 2 * HOUR + 10_000,
      lastSeen: NOW - 5 * 60_000 + 10_123,
      lastSuccess: NOW - 5 * 60_000 + 10_123,
      lastFailure: NOW - 12 * 60_000 + 20_000,
      issuers: ['https://idp.example.com'],
      clients: ['web'],
      tenants: ['t1'],
      calls: 17,
      failures: 5,
      causes: [{ cause: 'expired', failures: 5 }],
      bucketSeconds: 60,
    })
    expect(body.points).toHaveLength(60)
    const unknown = (await h.get('/subjects/nobody')).body
    expect(unknown).toMatchObject({ firstSeen: null, lastSuccess: null, lastFailure: null, calls: 0, issuers: [] })
  })
})

describe('GET /unclassified', () => {
  it('lists the messages of `other` calls, most frequent first', async () => {
    const { body } = await h.get('/unclassified')
    expect(body.messages).toEqual([
      expect.objectContaining({ message: 'weird gateway error A', count: 3, firstSeen: NOW - HOUR + 40_000, lastSeen: NOW - HOUR + 2 * 60_000 + 40_000, services: ['api-gateway'], statusCodes: [401] }),
      expect.objectContaining({ message: 'weird gateway error B', count: 2 }),
    ])
    expect(body.messages[0].exampleTraceId).toMatch(/^[0-9a-f]{32}$/)
  })
})

describe('GET /openapi.json', () => {
  it('describes every endpoint from the zod schemas', async () => {
    const { body } = await h.get('/openapi.json')
    expect(body.openapi).toBe('3.1.0')
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/summary', '/timeseries', '/top', '/calls', '/calls/{traceId}/{spanId}', '/traces/{traceId}', '/subjects/{subject}', '/unclassified', '/query', '/saved-queries', '/saved-queries/{id}']))
    const cause = body.paths['/summary'].get.parameters.find((p: { name: string }) => p.name === 'cause')
    expect(JSON.stringify(cause.schema)).toContain('string')
    expect(body.components.schemas.SummaryResponse.properties.causes).toBeDefined()
  })
})

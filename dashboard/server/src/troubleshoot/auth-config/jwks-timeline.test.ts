import { describe, expect, it } from 'vitest'
import type { JwksFetch } from '@claimcheck/shared'
import { buildEvents, buildKids, buildSourceHealth, type UrlHistory } from './jwks-timeline.ts'

const fetch = (at: number, ok: boolean, kids: string[] = []): JwksFetch => ({ at, ok, httpStatus: ok ? 200 : 503, error: ok ? '' : 'HTTP 503', kids, durationMs: 5 })
const MIN = 60_000
const history = (fields: Partial<UrlHistory> = {}): UrlHistory => ({
  fetches: [fetch(0, true, ['a']), fetch(10 * MIN, false), fetch(20 * MIN, true, ['a', 'b'])],
  latest: fetch(20 * MIN, true, ['a', 'b']),
  lastSuccessAt: 20 * MIN,
  lastFailure: fetch(10 * MIN, false),
  firstFetchAt: 0,
  currentKids: ['a', 'b'],
  kidsInJwks: new Map([['a', { first: 0, last: 20 * MIN }], ['b', { first: 20 * MIN, last: 20 * MIN }]]),
  ...fields,
})
const range = { from: 0, to: 60 * MIN }

describe('buildKids', () => {
  it('tells how long tokens carried a kid before the JWKS listed it', () => {
    const kids = buildKids(history(), [{ kid: 'b', first: 5 * MIN, last: 30 * MIN, calls: 9, keyFailures: 4 }])
    expect(kids.find((k) => k.kid === 'b')).toEqual({
      kid: 'b', inJwks: true, firstInJwks: 20 * MIN, lastInJwks: 20 * MIN, firstInTokens: 5 * MIN, lastInTokens: 30 * MIN, tokenCalls: 9, keyFailures: 4, leadSeconds: 900,
    })
  })

  it('gives no lead for a kid listed since the first fetch, used before it, or never listed', () => {
    const kids = buildKids(history({ firstFetchAt: 2 * MIN, kidsInJwks: new Map([['a', { first: 2 * MIN, last: 20 * MIN }]]) }), [
      { kid: 'a', first: 0, last: 1, calls: 1, keyFailures: 0 },
      { kid: 'z', first: 0, last: 1, calls: 1, keyFailures: 1 },
    ])
    expect(kids.find((k) => k.kid === 'a')?.leadSeconds).toBeNull()
    expect(kids.find((k) => k.kid === 'z')).toMatchObject({ inJwks: false, firstInJwks: null, leadSeconds: null })
    expect(buildKids(history({ currentKids: [], kidsInJwks: new Map() }), [])).toEqual([])
  })
})

describe('buildEvents', () => {
  it('orders outages, recoveries, publications and first uses', () => {
    const kids = buildKids(history(), [{ kid: 'b', first: 5 * MIN, last: 30 * MIN, calls: 9, keyFailures: 4 }])
    expect(buildEvents(history(), kids, range).map((e) => [e.at / MIN, e.kind, e.kid])).toEqual([
      [5, 'kid_first_in_tokens', 'b'], [10, 'fetch_failed', null], [20, 'fetch_recovered', null], [20, 'kid_published', 'b'],
    ])
  })

  it('reports a withdrawn kid and nothing outside the range', () => {
    const h = history({ currentKids: ['b'] })
    const kids = buildKids(h, [])
    expect(buildEvents(h, kids, range).map((e) => e.kind)).toContain('kid_withdrawn')
    expect(buildEvents(h, kids, { from: 30 * MIN, to: 40 * MIN })).toEqual([])
  })
})

describe('buildSourceHealth', () => {
  it('is unknown without fetches, failing after a failed one', () => {
    const source = { url: 'https://idp/jwks', issuers: [], expectations: [0] }
    expect(buildSourceHealth(source, history({ fetches: [], latest: null, lastSuccessAt: null, lastFailure: null, firstFetchAt: null, currentKids: [], kidsInJwks: new Map() }), [], range))
      .toMatchObject({ status: 'unknown', fetches: 0, failures: 0, kids: [], events: [] })
    expect(buildSourceHealth(source, history({ latest: fetch(30 * MIN, false) }), [], range)).toMatchObject({ status: 'failing', fetches: 3, failures: 1 })
  })
})

import { describe, expect, it } from 'vitest'
import { AuthExpectationSchema } from '@claimcheck/shared'
import { computeDrift, mismatchesOf, type ShapeRow } from './drift.ts'

const orders = AuthExpectationSchema.parse({ service: 'gw', route: '/orders', issuers: ['https://idp'], audiences: ['orders'], algorithms: ['RS256'] })
const shape = (fields: Partial<ShapeRow>): ShapeRow => ({
  service: 'gw', route: '/orders', issuer: 'https://idp', audience: 'orders', alg: 'RS256', version: '1', calls: 10, failures: 0, firstSeen: 1_000, lastSeen: 2_000, ...fields,
})

describe('mismatchesOf', () => {
  it('names each way a token shape disagrees, and nothing for an agreeing one', () => {
    expect(mismatchesOf(shape({}), orders)).toEqual([])
    expect(mismatchesOf(shape({ issuer: 'https://staging', audience: '', alg: 'HS256' }), orders).map((m) => m.kind)).toEqual(['issuer', 'audience', 'algorithm'])
    expect(mismatchesOf(shape({ audience: 'billing, orders' }), orders)).toEqual([])
    expect(mismatchesOf(shape({ alg: '' }), orders)).toEqual([])
    expect(mismatchesOf(shape({ issuer: 'x' }), AuthExpectationSchema.parse({}))).toEqual([])
  })
})

describe('computeDrift', () => {
  it('sums shapes into items per kind, value and version, and counts uncovered routes', () => {
    const drift = computeDrift([
      shape({}),
      shape({ issuer: 'https://staging', version: '2', calls: 3, failures: 3, firstSeen: 5_000, lastSeen: 6_000 }),
      shape({ issuer: 'https://staging', version: '2', audience: 'other', calls: 2, failures: 2, firstSeen: 4_000, lastSeen: 9_000 }),
      shape({ route: '/health', calls: 7 }),
    ], [orders])
    expect(drift.items).toEqual([
      { kind: 'issuer', expectation: 0, service: 'gw', route: '/orders', value: 'https://staging', expected: ['https://idp'], version: '2', calls: 5, failures: 5, firstSeen: 4_000, lastSeen: 9_000 },
      { kind: 'audience', expectation: 0, service: 'gw', route: '/orders', value: 'other', expected: ['orders'], version: '2', calls: 2, failures: 2, firstSeen: 4_000, lastSeen: 9_000 },
    ])
    expect(drift).toMatchObject({ tokenCalls: 22, uncoveredCalls: 7, uncoveredRoutes: [{ service: 'gw', route: '/health', calls: 7 }] })
  })

  it('is empty without shapes', () => {
    expect(computeDrift([], [orders])).toEqual({ items: [], tokenCalls: 0, uncoveredCalls: 0, uncoveredRoutes: [] })
  })
})

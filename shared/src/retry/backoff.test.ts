import { describe, expect, it } from 'vitest'
import { backoffCeiling, backoffDelay } from './backoff.ts'

const POLICY = { initialMs: 100, maxMs: 500 }

describe('backoffCeiling', () => {
  it('doubles from initialMs and stops at maxMs', () => {
    expect([1, 2, 3, 4, 5, 60, 2_000].map((n) => backoffCeiling(n, POLICY))).toEqual([100, 200, 400, 500, 500, 500, 500])
    expect(backoffCeiling(0, POLICY)).toBe(100)
  })
})

describe('backoffDelay', () => {
  it('draws a full-jitter wait in [0, ceiling]', () => {
    expect(backoffDelay(3, POLICY, () => 0)).toBe(0)
    expect(backoffDelay(3, POLICY, () => 0.5)).toBe(200)
    expect(backoffDelay(3, POLICY, () => 0.999_999)).toBe(400)
    expect(backoffDelay(9, POLICY, () => 0.5)).toBe(250)
  })

  it('spreads retries of clients that failed together (no value taken by two-thirds of them)', () => {
    const waits = Array.from({ length: 300 }, () => backoffDelay(4, POLICY))
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...waits)).toBeLessThanOrEqual(500)
    const counts = new Map<number, number>()
    for (const wait of waits) counts.set(wait, (counts.get(wait) ?? 0) + 1)
    expect(Math.max(...counts.values())).toBeLessThan(200)
  })
})

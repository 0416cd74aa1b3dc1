import { describe, expect, it } from 'vitest'
import { bucketStarts, selectionToRange, shapeCauseSeries, visibleCauses, withBarFractions } from './shape.ts'

const MIN = 60_000

describe('bucketStarts', () => {
  it('aligns buckets to the step and covers the range', () => {
    expect(bucketStarts(90_000, 250_000, MIN)).toEqual([60_000, 120_000, 180_000, 240_000])
  })

  it('is empty for an empty or reversed range and a zero step', () => {
    expect(bucketStarts(100, 100, MIN)).toEqual([])
    expect(bucketStarts(200, 100, MIN)).toEqual([])
    expect(bucketStarts(0, 100, 0)).toEqual([])
  })
})

describe('shapeCauseSeries', () => {
  const point = (t: number, calls: number, byCause: Record<string, number>) => ({ t, calls, failures: Object.values(byCause).reduce((a, b) => a + b, 0), byCause })

  it('fills missing buckets with zeros and computes rate per bucket', () => {
    const series = shapeCauseSeries([point(0, 100, { unknown_sub: 8, expired: 2, revoked: 0 }), point(2 * MIN, 5, { unknown_sub: 5 })], 0, 3 * MIN, MIN)
    expect(series.rows).toHaveLength(3)
    expect(series.rows[0]).toMatchObject({ t: 0, calls: 100, failures: 10, rate: 0.1, unknown_sub: 8, expired: 2 })
    expect(series.rows[1]).toMatchObject({ t: MIN, calls: 0, failures: 0, rate: null, unknown_sub: 0, expired: 0 })
    expect(series.rows[2]).toMatchObject({ calls: 5, failures: 5, rate: 1 })
    expect(series.causes).toEqual(['unknown_sub', 'expired'])
    expect(series.totals).toEqual({ unknown_sub: 13, expired: 2 })
  })

  it('puts points inside their bucket and drops points outside the range', () => {
    const series = shapeCauseSeries([point(30_000, 1, { revoked: 1 }), point(10 * MIN, 9, { revoked: 9 })], 0, 2 * MIN, MIN)
    expect(series.rows[0]?.revoked).toBe(1)
    expect(series.totals.revoked).toBe(1)
  })

  it('counts unknown causes as other', () => {
    expect(shapeCauseSeries([point(0, 3, { martian: 3 })], 0, MIN, MIN).totals).toEqual({ other: 3 })
  })

  it('gives empty rows and no causes for no points', () => {
    const series = shapeCauseSeries([], 0, 2 * MIN, MIN)
    expect(series.causes).toEqual([])
    expect(series.rows.map((r) => r.rate)).toEqual([null, null])
  })
})

describe('visibleCauses', () => {
  it('shows all present causes without a filter, else only the filtered ones', () => {
    expect(visibleCauses(['unknown_sub', 'expired'], [])).toEqual(['unknown_sub', 'expired'])
    expect(visibleCauses(['unknown_sub', 'expired'], ['expired', 'revoked'])).toEqual(['expired'])
  })
})

describe('selectionToRange', () => {
  it('orders the ends and includes the last bucket', () => {
    expect(selectionToRange(5 * MIN, 2 * MIN, MIN)).toEqual({ fromMs: 2 * MIN, toMs: 6 * MIN })
  })

  it('rejects non-numbers', () => {
    expect(selectionToRange(Number.NaN, 1, MIN)).toBeUndefined()
  })
})

describe('withBarFractions', () => {
  it('scales bars to the largest count', () => {
    expect(withBarFractions([{ count: 50 }, { count: 25 }, { count: 0 }]).map((r) => r.fraction)).toEqual([1, 0.5, 0])
    expect(withBarFractions([])).toEqual([])
  })
})

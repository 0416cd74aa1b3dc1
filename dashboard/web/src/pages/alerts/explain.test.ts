import { beforeAll, describe, expect, it } from 'vitest'
import type { AlertRuleInput } from '@claimcheck/shared'
import { setTimeZone } from '../../lib/time-zone.ts'
import { explainBacktest } from './explain.ts'

const T = Date.UTC(2026, 5, 3, 14, 0)
const MIN = 60_000
const point = (minute: number, value: number, threshold: number, kind: 'ok' | 'breach' | 'nodata' = 'ok', count = value) => ({
  t: T + minute * MIN, value, count, total: 100, baseline: null, threshold, zscore: null, kind, state: 'inactive' as const,
})
const threshold: AlertRuleInput = { name: 'r', target: { cause: 'unknown_sub' }, condition: { type: 'threshold', metric: 'count', op: '>', value: 50, window: '5m' } }
const spike: AlertRuleInput = { name: 's', target: { cause: 'unknown_sub' }, condition: { type: 'spike', window: '5m', zScore: 3, minCount: 10 } }

beforeAll(() => setTimeZone('utc'))

describe('explainBacktest', () => {
  it('names the highest value and when, for a threshold never met', () => {
    const text = explainBacktest(threshold, { points: [point(0, 3, 50), point(5, 12, 50), point(10, 7, 50)], firings: [] })
    expect(text).toBe('count > 50 in 5m: highest 12 at 14:05:00, never met')
  })

  it('names the value that fired, against the threshold', () => {
    const text = explainBacktest(threshold, { points: [point(0, 3, 50), point(5, 63, 50, 'breach')], firings: [T + 5 * MIN] })
    expect(text).toBe('Fired at 14:05:00 when 63 > 50')
  })

  it('says when the condition was met but did not hold for the rule\'s "for"', () => {
    const text = explainBacktest({ ...threshold, for: '10m' }, { points: [point(0, 3, 50), point(5, 63, 50, 'breach'), point(10, 4, 50)], firings: [] })
    expect(text).toBe('count > 50 in 5m for 10m: met at 14:05:00 (63) but never long enough to fire')
  })

  it('for a spike, names the closest window and a minCount that held it back', () => {
    const text = explainBacktest(spike, { points: [point(0, 2, 6), point(5, 8, 6, 'ok', 8)], firings: [] })
    expect(text).toBe('a spike of 3 σ over the baseline (at least 10 failures) in 5m: closest 8 against a band of 6 at 14:05:00 (only 8 failures, fewer than 10), never met')
  })

  it('says so when there was no data, and gives nothing for an invalid condition', () => {
    expect(explainBacktest(threshold, { points: [point(0, 0, 50, 'nodata')], firings: [] })).toBe('count > 50 in 5m: no data in the range, never met')
    expect(explainBacktest({ ...threshold, condition: { type: 'nope' } as never }, { points: [], firings: [] })).toBe('')
  })
})

import { describe, expect, it } from 'vitest'
import { AlertRuleSchema, type AlertRuleInput } from '@claimcheck/shared'
import { backtestRanges, evaluateWindow, sampleRanges, type MinuteSeries } from './condition.ts'

const END = 1_764_000_000 - (1_764_000_000 % 60)
const ruleWith = (condition: AlertRuleInput['condition']) => AlertRuleSchema.parse({ name: 'r', target: { cause: 'unknown_sub' }, condition })
/** `hits[i]` failures in the i-th minute before END (0 = the last minute), 100 calls each. */
function series(hits: number[], total = 100): MinuteSeries {
  return new Map(hits.map((h, i) => [END - (i + 1) * 60, { hits: h, total }]))
}

describe('evaluateWindow', () => {
  it('counts failures in the window against a threshold', () => {
    const rule = ruleWith({ type: 'threshold', value: 10, window: '5m' })
    expect(evaluateWindow(series([3, 3, 3, 3, 3, 9]), rule, END, false)).toMatchObject({ kind: 'breach', value: 15, count: 15, total: 500 })
    expect(evaluateWindow(series([1, 1, 1, 1, 1]), rule, END, false).kind).toBe('ok')
  })

  it('computes failure rates and ignores windows with too few calls', () => {
    const rule = ruleWith({ type: 'threshold', metric: 'rate', op: '>=', value: 0.2, window: '1m', minCalls: 50 })
    expect(evaluateWindow(series([30]), rule, END, false)).toMatchObject({ kind: 'breach', value: 0.3 })
    expect(evaluateWindow(series([30], 40), rule, END, false).kind).toBe('ok')
  })

  it('applies the resolve level while firing (hysteresis)', () => {
    const rule = ruleWith({ type: 'threshold', value: 10, resolveValue: 5, window: '1m' })
    expect(evaluateWindow(series([7]), rule, END, false).kind).toBe('ok')
    expect(evaluateWindow(series([7]), rule, END, true).kind).toBe('breach')
  })

  it('reports no data when the window has no calls at all', () => {
    const rule = ruleWith({ type: 'threshold', value: 10, window: '5m' })
    expect(evaluateWindow(new Map(), rule, END, false).kind).toBe('nodata')
  })

  it('flags a spike against the preceding windows', () => {
    const rule = ruleWith({ type: 'spike', window: '1m', history: 10, zScore: 3, minCount: 10 })
    const quiet = [2, 3, 2, 1, 2, 3, 2, 2, 1, 2]
    const spiky = evaluateWindow(series([40, ...quiet]), rule, END, false)
    expect(spiky.kind).toBe('breach')
    expect(spiky.baseline).toBeCloseTo(2, 5)
    expect(spiky.zscore!).toBeGreaterThan(3)
    expect(evaluateWindow(series([3, ...quiet]), rule, END, false).kind).toBe('ok')
  })

  it('never pages a quiet series below minCount, however steep', () => {
    const rule = ruleWith({ type: 'spike', window: '1m', history: 10, zScore: 3, minCount: 10 })
    const sample = evaluateWindow(series([9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), rule, END, false)
    expect(sample.zscore!).toBeGreaterThan(3)
    expect(sample.kind).toBe('ok')
    expect(sample.threshold).toBe(10)
  })

  it('includes the same window on previous days in the baseline', () => {
    const rule = ruleWith({ type: 'spike', window: '1m', history: 2, days: 1, minCount: 5 })
    const data = series([30, 0, 0])
    data.set(END - 86_400 - 60, { hits: 30, total: 100 })
    const sample = evaluateWindow(data, rule, END, false)
    expect(sample.baseline).toBe(10)
  })
})

describe('sampleRanges', () => {
  it('covers the window, its history and the previous days, merged', () => {
    const rule = ruleWith({ type: 'spike', window: '5m', history: 12, days: 2 })
    expect(sampleRanges(rule.condition, END)).toEqual([
      { from: END - 2 * 86_400 - 300, to: END - 2 * 86_400 },
      { from: END - 86_400 - 300, to: END - 86_400 },
      { from: END - 13 * 300, to: END },
    ])
    expect(backtestRanges(rule.condition, END - 7 * 86_400, END)).toEqual([{ from: END - 9 * 86_400 - 300, to: END }])
  })
})

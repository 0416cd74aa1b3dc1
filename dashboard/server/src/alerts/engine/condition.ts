import { parseDuration, type AlertCondition, type AlertRule } from '@claimcheck/shared'

/**
 * Pure evaluation of a rule's condition over a per-minute series: the evaluator and the backtest
 * both call `evaluateWindow`, so a backtest shows exactly what the evaluator would have done.
 */

/** Matching failures (`hits`) and all calls (`total`) per minute start (epoch seconds). */
export type MinuteSeries = Map<number, { hits: number; total: number }>

export type SampleKind = 'ok' | 'breach' | 'nodata'

export interface Sample {
  /** End of the evaluated window (epoch seconds, exclusive, minute-aligned). */
  t: number
  kind: SampleKind
  /** Count, or rate for `rate` thresholds. */
  value: number
  /** Matching failures and all calls in the window. */
  count: number
  total: number
  /** Spike: mean of the baseline windows. */
  baseline: number | null
  /** The level the value is compared with: threshold value, or the spike band (max of minCount and mean + z·σ). */
  threshold: number
  /** Spike: standard score of the value against the baseline. */
  zscore: number | null
}

export interface TimeRange {
  /** Epoch seconds, inclusive. */
  from: number
  /** Epoch seconds, exclusive. */
  to: number
}

export function windowSeconds(condition: AlertCondition): number {
  return parseDuration(condition.window) ?? 300
}

/** The minute ranges the condition reads for a window ending at `end`, merged and sorted. */
export function sampleRanges(condition: AlertCondition, end: number): TimeRange[] {
  const window = windowSeconds(condition)
  const ranges: TimeRange[] = []
  if (condition.type === 'spike') {
    ranges.push({ from: end - window * (condition.history + 1), to: end })
    for (let day = 1; day <= condition.days; day++) ranges.push({ from: end - day * 86_400 - window, to: end - day * 86_400 })
  } else {
    ranges.push({ from: end - window, to: end })
  }
  return mergeRanges(ranges)
}

/** Ranges covering every window ending in [from, to] (backtests read them in one query). */
export function backtestRanges(condition: AlertCondition, from: number, to: number): TimeRange[] {
  const first = sampleRanges(condition, from)
  const last = sampleRanges(condition, to)
  return mergeRanges(first.map((range, i) => ({ from: range.from, to: last[i]?.to ?? to })))
}

export function mergeRanges(ranges: TimeRange[]): TimeRange[] {
  const sorted = [...ranges].sort((a, b) => a.from - b.from)
  const merged: TimeRange[] = []
  for (const range of sorted) {
    const last = merged.at(-1)
    if (last && range.from <= last.to) last.to = Math.max(last.to, range.to)
    else merged.push({ ...range })
  }
  return merged
}

function sumWindow(series: MinuteSeries, from: number, to: number): { hits: number; total: number } {
  let hits = 0
  let total = 0
  for (let t = from; t < to; t += 60) {
    const minute = series.get(t)
    if (minute) {
      hits += minute.hits
      total += minute.total
    }
  }
  return { hits, total }
}

const COMPARE = {
  '>': (a: number, b: number) => a > b,
  '>=': (a: number, b: number) => a >= b,
  '<': (a: number, b: number) => a < b,
  '<=': (a: number, b: number) => a <= b,
}

/**
 * The sample of the window ending at `end`. `firing` selects the hysteresis levels
 * (`resolveValue`, `resolveZScore`) so a firing alert clears only once clearly below.
 */
export function evaluateWindow(series: MinuteSeries, rule: Pick<AlertRule, 'condition'>, end: number, firing: boolean): Sample {
  const condition = rule.condition
  const window = windowSeconds(condition)
  const { hits, total } = sumWindow(series, end - window, end)
  const base = { t: end, count: hits, total, baseline: null, zscore: null }
  if (condition.type === 'threshold') {
    const level = firing && condition.resolveValue !== undefined ? condition.resolveValue : condition.value
    if (total === 0) return { ...base, kind: 'nodata', value: 0, threshold: level }
    if (condition.metric === 'rate') {
      const rate = hits / total
      const breach = total >= condition.minCalls && COMPARE[condition.op](rate, level)
      return { ...base, kind: breach ? 'breach' : 'ok', value: rate, threshold: level }
    }
    return { ...base, kind: COMPARE[condition.op](hits, level) ? 'breach' : 'ok', value: hits, threshold: level }
  }
  const history: number[] = []
  for (let k = 1; k <= condition.history; k++) history.push(sumWindow(series, end - (k + 1) * window, end - k * window).hits)
  for (let day = 1; day <= condition.days; day++) history.push(sumWindow(series, end - day * 86_400 - window, end - day * 86_400).hits)
  const mean = history.reduce((a, b) => a + b, 0) / history.length
  const variance = history.reduce((a, b) => a + (b - mean) ** 2, 0) / history.length
  // Counts are roughly Poisson: never trust a spread below √mean (or 1), or a flat history
  // would turn the first handful of failures into an enormous z-score.
  const sigma = Math.max(Math.sqrt(variance), Math.sqrt(Math.max(mean, 1)))
  const zscore = (hits - mean) / sigma
  const zLevel = firing && condition.resolveZScore !== undefined ? condition.resolveZScore : condition.zScore
  const threshold = Math.max(condition.minCount, mean + zLevel * sigma)
  const spike = { ...base, value: hits, baseline: mean, threshold, zscore }
  if (total === 0) return { ...spike, kind: 'nodata' }
  return { ...spike, kind: hits >= condition.minCount && zscore >= zLevel ? 'breach' : 'ok' }
}

import type { Cause } from '@claimcheck/shared'
import { CAUSE_ORDER, isCause } from '../lib/causes.ts'

/** One bucket as the API returns it (`TimeseriesPoint`): calls, failures and failures per cause. */
export interface CausePoint {
  /** Bucket start, milliseconds since the epoch. */
  t: number
  calls: number
  failures: number
  byCause: Partial<Record<string, number>>
}

/** One chart row: a bucket with a count per cause, all calls, failures and the failure rate. */
export type CauseRow = { t: number; calls: number; failures: number; rate: number | null } & Partial<Record<Cause, number>>

export interface CauseSeries {
  rows: CauseRow[]
  /** Causes with at least one failure in the range, in stacking order. */
  causes: Cause[]
  totals: Partial<Record<Cause, number>>
  stepMs: number
}

/** Bucket starts covering [fromMs, toMs), aligned to multiples of `stepMs` (as ClickHouse's toStartOfInterval). */
export function bucketStarts(fromMs: number, toMs: number, stepMs: number, maxBuckets = 2000): number[] {
  if (!(stepMs > 0) || !(toMs > fromMs)) return []
  const out: number[] = []
  for (let t = Math.floor(fromMs / stepMs) * stepMs; t < toMs && out.length < maxBuckets; t += stepMs) out.push(t)
  return out
}

/**
 * Points → one row per bucket with zeros filled in, so stacked areas do not interpolate across
 * gaps. Points outside the range are dropped; unknown causes count as `other`.
 */
export function shapeCauseSeries(points: readonly CausePoint[], fromMs: number, toMs: number, stepMs: number): CauseSeries {
  const starts = bucketStarts(fromMs, toMs, stepMs)
  const index = new Map(starts.map((t, i) => [t, i]))
  const rows: CauseRow[] = starts.map((t) => ({ t, calls: 0, failures: 0, rate: null }))
  const totals: Partial<Record<Cause, number>> = {}
  for (const point of points) {
    const i = index.get(Math.floor(point.t / stepMs) * stepMs)
    if (i === undefined) continue
    const row = rows[i]!
    row.calls += Math.max(0, point.calls)
    row.failures += Math.max(0, point.failures)
    for (const [key, count] of Object.entries(point.byCause)) {
      if (!count || !(count > 0)) continue
      const cause: Cause = isCause(key) ? key : 'other'
      row[cause] = (row[cause] ?? 0) + count
      totals[cause] = (totals[cause] ?? 0) + count
    }
  }
  const causes = CAUSE_ORDER.filter((c) => (totals[c] ?? 0) > 0)
  for (const row of rows) {
    for (const cause of causes) row[cause] ??= 0
    row.rate = row.calls > 0 ? row.failures / row.calls : null
  }
  return { rows, causes, totals, stepMs }
}

/** The causes to draw: all present ones, or only the filtered ones when a cause filter is set. */
export function visibleCauses(present: readonly Cause[], filter: readonly string[]): Cause[] {
  if (filter.length === 0) return [...present]
  return present.filter((c) => filter.includes(c))
}

/** A brushed selection between two x values → an absolute range at least one bucket wide. */
export function selectionToRange(a: number, b: number, stepMs: number): { fromMs: number; toMs: number } | undefined {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return undefined
  const fromMs = Math.min(a, b)
  const toMs = Math.max(a, b) + stepMs
  return toMs - fromMs >= stepMs ? { fromMs, toMs } : undefined
}

/** Top-N rows (label, count) → rows with a [0,1] bar fraction relative to the largest. */
export function withBarFractions<T extends { count: number }>(rows: readonly T[]): (T & { fraction: number })[] {
  const max = rows.reduce((m, r) => Math.max(m, r.count), 0)
  return rows.map((r) => ({ ...r, fraction: max > 0 ? r.count / max : 0 }))
}

import type { CallSort, QueryRange } from '@claimcheck/shared'

const MINUTE = 60_000
/** Slice lengths, from the end the list starts at: most first pages fill within minutes. */
const SLICE_MS = [5 * MINUTE, 30 * MINUTE, 3 * 60 * MINUTE, 24 * 60 * MINUTE] as const

/**
 * Splits a time-sorted list's range into slices, nearest first, so a page is read from the newest
 * (or, ascending, the oldest) minutes and the scan stops as soon as the page is full instead of
 * sorting every row of a 7-day range. A cursor narrows the range to the rows after it. The slices
 * are adjacent and cover the range exactly; each later one is about 6× longer than the one before.
 */
export function timeSlices(range: QueryRange, sort: CallSort, afterMs?: number): QueryRange[] {
  const descending = sort === 'time_desc'
  let { from, to } = range
  if (afterMs !== undefined) {
    // Keep the cursor's whole millisecond: the tuple comparison does the exact cut.
    if (descending) to = Math.min(to, afterMs + 1)
    else from = Math.max(from, afterMs)
  }
  if (to <= from) return []
  const slices: QueryRange[] = []
  let covered = 0
  for (const length of [...SLICE_MS, Infinity]) {
    const span = Math.min(length, to - from)
    if (span <= covered) continue
    slices.push(descending ? { from: Math.max(from, to - span), to: to - covered } : { from: from + covered, to: Math.min(to, from + span) })
    covered = span
    if (span === to - from) break
  }
  return slices
}

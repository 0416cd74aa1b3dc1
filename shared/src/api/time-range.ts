/**
 * Time ranges and bucket sizes of the query API. Pure and browser-safe: the web app resolves the
 * same `now-1h` the server does.
 */

/** Bucket sizes the API accepts, in seconds. The rollups are per minute: nothing finer. */
export const BUCKETS = {
  '1m': 60,
  '5m': 300,
  '10m': 600,
  '15m': 900,
  '30m': 1_800,
  '1h': 3_600,
  '3h': 10_800,
  '6h': 21_600,
  '12h': 43_200,
  '1d': 86_400,
  '7d': 604_800,
} as const
export type Bucket = keyof typeof BUCKETS
export const BUCKET_NAMES = Object.keys(BUCKETS) as Bucket[]

/** Automatic buckets aim at no more than this many points per series. */
export const MAX_AUTO_POINTS = 200
/** A requested bucket may give at most this many points. */
export const MAX_POINTS = 2_000
/** Longest range a query may span: 400 days, the default rollup retention. */
export const MAX_RANGE_MS = 400 * 86_400_000

const MINUTE_MS = 60_000
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const
const RELATIVE = /^now(?:\s*([+-])\s*(\d{1,6})\s*([smhdw]))?$/i
const EPOCH_MS = /^\d{1,16}$/
// Dates must look like ISO 8601 (Date.parse alone accepts too much, e.g. "1").
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i

export class TimeRangeError extends Error {
  override readonly name = 'TimeRangeError'
  constructor(
    message: string,
    /** The parameter at fault: `from`, `to` or `bucket`. */
    readonly field: string,
  ) {
    super(message)
  }
}

/**
 * `now`, `now-15m` (units s m h d w), an ISO 8601 date/time (UTC unless it carries an offset) or
 * epoch milliseconds → epoch milliseconds. Undefined when the text is none of those.
 */
export function parseTimeExpression(text: string, nowMs: number): number | undefined {
  const trimmed = text.trim()
  const relative = RELATIVE.exec(trimmed)
  if (relative) {
    const [, sign, amount, unit] = relative
    if (!sign) return nowMs
    const delta = Number(amount) * UNIT_MS[unit!.toLowerCase() as keyof typeof UNIT_MS]
    return sign === '-' ? nowMs - delta : nowMs + delta
  }
  if (EPOCH_MS.test(trimmed)) return Number(trimmed)
  if (ISO.test(trimmed)) {
    let iso = trimmed.replace(' ', 'T')
    if (iso.length > 10 && !/(?:Z|[+-]\d{2}:?\d{2})$/i.test(iso)) iso += 'Z'
    const parsed = Date.parse(iso)
    return Number.isFinite(parsed) ? parsed : undefined
  }
  return undefined
}

export function isTimeExpression(text: string): boolean {
  return parseTimeExpression(text, 0) !== undefined
}

export interface QueryRange {
  /** Inclusive start, epoch ms, on a whole minute. */
  from: number
  /** Exclusive end, epoch ms, on a whole minute. */
  to: number
}

/**
 * Resolves `from`/`to` (defaults `now-1h` and `now`) and widens them to whole minutes, so the
 * per-minute rollups and the raw table answer for exactly the same interval.
 */
export function resolveTimeRange(input: { from?: string | undefined; to?: string | undefined }, nowMs: number): QueryRange {
  const from = parseTimeExpression(input.from ?? 'now-1h', nowMs)
  if (from === undefined) throw new TimeRangeError(`from: not a time (use now-1h, an ISO date or epoch ms): ${input.from}`, 'from')
  const to = parseTimeExpression(input.to ?? 'now', nowMs)
  if (to === undefined) throw new TimeRangeError(`to: not a time (use now, an ISO date or epoch ms): ${input.to}`, 'to')
  const range = { from: Math.floor(from / MINUTE_MS) * MINUTE_MS, to: Math.ceil(to / MINUTE_MS) * MINUTE_MS }
  if (range.to === range.from && to >= from) range.to += MINUTE_MS
  if (range.to <= range.from) throw new TimeRangeError('to: must be after from', 'to')
  if (range.to - range.from > MAX_RANGE_MS) throw new TimeRangeError('from: the range may span 400 days at most', 'from')
  return range
}

/** The period of the same length just before `range`: what summaries compare against. */
export function previousRange(range: QueryRange): QueryRange {
  return { from: range.from - (range.to - range.from), to: range.from }
}

/**
 * Bucket size in seconds: the requested one, or the smallest that keeps a series at
 * `MAX_AUTO_POINTS` points or fewer (1h → 1m × 60, 24h → 10m × 144, 7d → 1h × 168, 30d → 6h × 120).
 */
export function chooseBucket(range: QueryRange, requested?: Bucket): number {
  const spanSeconds = (range.to - range.from) / 1000
  if (requested) {
    const seconds = BUCKETS[requested]
    if (spanSeconds / seconds > MAX_POINTS) {
      throw new TimeRangeError(`bucket: ${requested} gives more than ${MAX_POINTS} points over this range`, 'bucket')
    }
    return seconds
  }
  for (const seconds of Object.values(BUCKETS)) if (spanSeconds / seconds <= MAX_AUTO_POINTS) return seconds
  return BUCKETS['7d']
}

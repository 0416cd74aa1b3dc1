/**
 * Time ranges as users write them: relative (`now-6h`, `now`) or absolute (epoch milliseconds or
 * an ISO date). Relative expressions stay relative in the URL, so a copied link keeps showing
 * "the last hour" instead of the hour it was copied in.
 */

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const
const RELATIVE = /^now(?:-(\d+)([smhdw]))?$/

export interface TimeRange {
  from: string
  to: string
}

export interface ResolvedRange {
  fromMs: number
  toMs: number
}

/** Whether `expr` is a time expression this module understands. */
export function isTimeExpr(expr: string): boolean {
  return resolveTimeExpr(expr, 0) !== undefined
}

/** Milliseconds since the epoch for `expr` evaluated at `nowMs`, or undefined when malformed. */
export function resolveTimeExpr(expr: string, nowMs: number): number | undefined {
  const relative = RELATIVE.exec(expr)
  if (relative) {
    const [, amount, unit] = relative
    if (!amount || !unit) return nowMs
    return nowMs - Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS]
  }
  if (/^\d{10,16}$/.test(expr)) return Number(expr)
  if (!/^\d{4}-\d{2}-\d{2}/.test(expr)) return undefined
  const parsed = Date.parse(expr)
  return Number.isNaN(parsed) ? undefined : parsed
}

/** The range in milliseconds; a reversed or empty range is widened to one minute before `to`. */
export function resolveRange(range: TimeRange, nowMs: number): ResolvedRange {
  const toMs = resolveTimeExpr(range.to, nowMs) ?? nowMs
  const fromMs = resolveTimeExpr(range.from, nowMs) ?? toMs - UNIT_MS.h
  return fromMs < toMs ? { fromMs, toMs } : { fromMs: toMs - UNIT_MS.m, toMs }
}

export function isRelative(range: TimeRange): boolean {
  return range.from.startsWith('now') || range.to.startsWith('now')
}

/** The preceding range of the same length, for "change against the previous period". */
export function previousRange({ fromMs, toMs }: ResolvedRange): ResolvedRange {
  return { fromMs: fromMs - (toMs - fromMs), toMs: fromMs }
}

export const QUICK_RANGES: readonly { label: string; from: string }[] = [
  { label: 'Last 15 minutes', from: 'now-15m' },
  { label: 'Last 1 hour', from: 'now-1h' },
  { label: 'Last 6 hours', from: 'now-6h' },
  { label: 'Last 24 hours', from: 'now-24h' },
  { label: 'Last 7 days', from: 'now-7d' },
  { label: 'Last 30 days', from: 'now-30d' },
]

const BUCKETS_S = [10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400]

/** A round bucket size (seconds) giving at most `maxPoints` points over the range. */
export function chooseBucketSeconds({ fromMs, toMs }: ResolvedRange, maxPoints = 120): number {
  const spanS = Math.max(1, (toMs - fromMs) / 1000)
  return BUCKETS_S.find((b) => spanS / b <= maxPoints) ?? 86400
}

/** "Last 6 hours", or "Jun 3, 09:12 → 10:40" for absolute ranges. */
export function describeRange(range: TimeRange, nowMs: number): string {
  if (range.to === 'now') {
    const quick = QUICK_RANGES.find((q) => q.from === range.from)
    if (quick) return quick.label
    const m = RELATIVE.exec(range.from)
    if (m?.[1] && m[2]) return `Last ${m[1]}${m[2]}`
  }
  const { fromMs, toMs } = resolveRange(range, nowMs)
  const sameDay = new Date(fromMs).toDateString() === new Date(toMs).toDateString()
  return `${formatDateTime(fromMs)} → ${sameDay ? formatClock(toMs) : formatDateTime(toMs)}`
}

const dateTimeFmt = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false })
const clockFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hour12: false })
const clockSecFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false })

export function formatDateTime(ms: number): string {
  return dateTimeFmt.format(ms)
}

export function formatClock(ms: number, seconds = false): string {
  return (seconds ? clockSecFmt : clockFmt).format(ms)
}

/** Axis tick label suited to the range length. */
export function formatTick(ms: number, range: ResolvedRange): string {
  return range.toMs - range.fromMs > 2 * UNIT_MS.d ? dateTimeFmt.format(ms) : clockFmt.format(ms)
}

/** `2024-06-03 09:12:04.123` in local time, for exact timestamps. */
export function formatTimestamp(ms: number): string {
  const d = new Date(ms)
  const pad = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
}

/** Nanoseconds since the epoch (decimal string, as the API sends them) → milliseconds. */
export function nsToMs(ns: string | number): number {
  if (typeof ns === 'number') return ns / 1e6
  // Keep the last 6 digits out of the float: exact to the microsecond.
  return ns.length > 6 ? Number(ns.slice(0, -6)) + Number(ns.slice(-6)) / 1e6 : Number(ns) / 1e6
}

/** "3 min ago", "2 h ago", "5 d ago". */
export function formatAgo(ms: number, nowMs: number): string {
  const s = Math.round((nowMs - ms) / 1000)
  if (s < 0) return 'in the future'
  if (s < 60) return `${s} s ago`
  if (s < 3600) return `${Math.round(s / 60)} min ago`
  if (s < 86400) return `${Math.round(s / 3600)} h ago`
  return `${Math.round(s / 86400)} d ago`
}

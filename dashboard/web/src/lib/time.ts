import { parseTimeExpression, resolveTimeRange, TimeRangeError } from '@claimcheck/shared'
import { currentTimeZone, type TimeZoneSetting } from './time-zone.ts'

/**
 * Time ranges as users write them: relative (`now-6h`, `now`) or absolute (epoch milliseconds or
 * an ISO date). Relative expressions stay relative in the URL, so a copied link keeps showing
 * "the last hour" instead of the hour it was copied in ("Copy link with absolute time" pins it).
 * Parsing and resolving are the API's own (`parseTimeExpression`, `resolveTimeRange` in shared):
 * the dashboard and the server accept, reject and resolve every range the same way. An ISO time
 * without an offset is UTC on both sides, whatever the browser's zone, so a link means one instant
 * for everyone; the picker's date-time fields are read in the display zone and written with `Z`.
 */

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const
const RELATIVE_LABEL = /^now-(\d+)([smhdw])$/

export interface TimeRange {
  from: string
  to: string
}

export interface ResolvedRange {
  fromMs: number
  toMs: number
}

/** Whether `expr` is a time expression the API accepts. */
export function isTimeExpr(expr: string): boolean {
  return parseTimeExpression(expr, 0) !== undefined
}

/** Milliseconds since the epoch for `expr` evaluated at `nowMs`, or undefined when malformed. */
export function resolveTimeExpr(expr: string, nowMs: number): number | undefined {
  return parseTimeExpression(expr, nowMs)
}

/** Why the API would refuse the range (reversed, too long, not a time), or undefined. */
export function rangeError(range: TimeRange, nowMs: number): string | undefined {
  try {
    resolveTimeRange(range, nowMs)
    return undefined
  } catch (error) {
    if (error instanceof TimeRangeError) return error.message
    throw error
  }
}

/**
 * The range's instants, parsed as the API parses them. Not rounded to the API's whole minutes: a
 * refresh must move `now` (and so the query keys) even within a minute. The URL's range is checked
 * with `rangeError` when it is read (an invalid one is an error chip), so the API's default here
 * only covers a range that became invalid between that check and this call.
 */
export function resolveRange(range: TimeRange, nowMs: number): ResolvedRange {
  const valid = rangeError(range, nowMs) === undefined ? range : { from: 'now-1h', to: 'now' }
  const fromMs = parseTimeExpression(valid.from, nowMs)!
  const toMs = parseTimeExpression(valid.to, nowMs)!
  // Both ends in one minute: the API answers for that minute.
  return fromMs < toMs ? { fromMs, toMs } : { fromMs: toMs - UNIT_MS.m, toMs }
}

export function isRelative(range: TimeRange): boolean {
  return /^now/i.test(range.from.trim()) || /^now/i.test(range.to.trim())
}

/** The same range with `now…` resolved at `nowMs`: what a link must carry to show the same data later. */
export function absoluteRange(range: TimeRange, nowMs: number): TimeRange {
  const { fromMs, toMs } = resolveRange(range, nowMs)
  return { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() }
}

export const QUICK_RANGES: readonly { label: string; from: string }[] = [
  { label: 'Last 5 minutes', from: 'now-5m' },
  { label: 'Last 15 minutes', from: 'now-15m' },
  { label: 'Last 30 minutes', from: 'now-30m' },
  { label: 'Last 1 hour', from: 'now-1h' },
  { label: 'Last 3 hours', from: 'now-3h' },
  { label: 'Last 6 hours', from: 'now-6h' },
  { label: 'Last 12 hours', from: 'now-12h' },
  { label: 'Last 24 hours', from: 'now-24h' },
  { label: 'Last 2 days', from: 'now-2d' },
  { label: 'Last 7 days', from: 'now-7d' },
  { label: 'Last 30 days', from: 'now-30d' },
]

/**
 * A range typed into the picker: `now-2h` (until now), `now-15m..now-5m` or `A to B` (either side
 * relative, ISO or epoch ms), or one ISO date/time (from then until now). An error names what is wrong.
 */
export function parseRangeInput(text: string, nowMs: number): { range: TimeRange } | { error: string } {
  const trimmed = text.trim()
  if (!trimmed) return { error: 'Type a range, e.g. now-2h or now-15m..now-5m' }
  const parts = trimmed.includes('..') ? trimmed.split('..') : trimmed.split(/\s+to\s+/i)
  if (parts.length > 2) return { error: 'Use one separator: now-15m..now-5m' }
  const [from = '', to = 'now'] = parts.map((part) => part.trim())
  if (!isTimeExpr(from)) return { error: `“${from}” is not a time: use now-15m (s m h d w), an ISO date-time or epoch ms` }
  if (!isTimeExpr(to)) return { error: `“${to}” is not a time: use now, now-5m, an ISO date-time or epoch ms` }
  const error = rangeError({ from, to }, nowMs)
  return error === undefined ? { range: { from, to } } : { error }
}

/** Tick steps a time axis may use: 1/5/10/15/30 min, 1/2/3/6/12 h, days. */
const TICK_STEPS_MS = [60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800].map((s) => s * 1000)

/**
 * Round tick positions for a time axis (12:00, 12:15, 12:30…), at most `maxTicks`. Steps of an
 * hour or more are aligned in the display time zone, so ticks fall on whole local hours/days.
 */
export function timeTicks({ fromMs, toMs }: ResolvedRange, maxTicks = 8, zone: TimeZoneSetting = currentTimeZone()): number[] {
  const span = toMs - fromMs
  if (!(span > 0)) return []
  const step = TICK_STEPS_MS.find((s) => span / s <= maxTicks) ?? TICK_STEPS_MS[TICK_STEPS_MS.length - 1]!
  const offset = zone === 'utc' || step < UNIT_MS.h ? 0 : -new Date(fromMs).getTimezoneOffset() * 60_000
  const ticks: number[] = []
  for (let t = Math.ceil((fromMs + offset) / step) * step - offset; t <= toMs; t += step) ticks.push(t)
  return ticks
}

/** Round value ticks (1, 2, 5 × 10ⁿ) from 0 to at least `max`, at most `maxTicks` + 1. */
export function valueTicks(max: number, maxTicks = 4): number[] {
  if (!(max > 0)) return [0]
  const raw = max / maxTicks
  const power = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power
  const ticks: number[] = []
  for (let v = 0; v < max + step / 2 && ticks.length <= maxTicks + 1; v += step) ticks.push(Number(v.toPrecision(12)))
  if (ticks[ticks.length - 1]! < max) ticks.push(Number((ticks[ticks.length - 1]! + step).toPrecision(12)))
  return ticks
}

/** "Last 6 hours", or "Jun 3, 09:12 → 10:40" for absolute ranges. */
export function describeRange(range: TimeRange, nowMs: number): string {
  if (range.to === 'now') {
    const quick = QUICK_RANGES.find((q) => q.from === range.from)
    if (quick) return quick.label
    const m = RELATIVE_LABEL.exec(range.from)
    if (m?.[1] && m[2]) return `Last ${m[1]}${m[2]}`
  }
  if (isRelative(range)) return `${range.from} → ${range.to}`
  const { fromMs, toMs } = resolveRange(range, nowMs)
  const sameDay = formatDate(fromMs) === formatDate(toMs)
  return `${formatDateTime(fromMs)} → ${sameDay ? formatClock(toMs) : formatDateTime(toMs)}${currentTimeZone() === 'utc' ? ' UTC' : ''}`
}

const formatters = new Map<string, Intl.DateTimeFormat>()
function formatter(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const zone = currentTimeZone()
  const key = `${zone}|${JSON.stringify(options)}`
  let fmt = formatters.get(key)
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-GB', { ...options, hour12: false, ...(zone === 'utc' ? { timeZone: 'UTC' } : {}) })
    formatters.set(key, fmt)
  }
  return fmt
}

function formatDate(ms: number): string {
  return formatter({ year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms)
}

/** "3 Jun, 09:12" in the display time zone. */
export function formatDateTime(ms: number): string {
  return formatter({ month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(ms)
}

/** "3 Jun, 09:12:04" in the display time zone: event times where the second matters (alert history). */
export function formatDateTimeSeconds(ms: number): string {
  return formatter({ month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(ms)
}

export function formatClock(ms: number, seconds = false): string {
  return formatter(seconds ? { hour: '2-digit', minute: '2-digit', second: '2-digit' } : { hour: '2-digit', minute: '2-digit' }).format(ms)
}

/** Axis tick label suited to the range length. */
export function formatTick(ms: number, range: ResolvedRange): string {
  return range.toMs - range.fromMs > 2 * UNIT_MS.d ? formatDateTime(ms) : formatClock(ms)
}

function parts(ms: number, zone: TimeZoneSetting): { y: number; mo: number; d: number; h: number; mi: number; s: number; f: number } {
  const date = new Date(ms)
  return zone === 'utc'
    ? { y: date.getUTCFullYear(), mo: date.getUTCMonth() + 1, d: date.getUTCDate(), h: date.getUTCHours(), mi: date.getUTCMinutes(), s: date.getUTCSeconds(), f: date.getUTCMilliseconds() }
    : { y: date.getFullYear(), mo: date.getMonth() + 1, d: date.getDate(), h: date.getHours(), mi: date.getMinutes(), s: date.getSeconds(), f: date.getMilliseconds() }
}

/** `2024-06-03 09:12:04.123` in the display time zone, for exact timestamps. */
export function formatTimestamp(ms: number, zone: TimeZoneSetting = currentTimeZone()): string {
  const { y, mo, d, h, mi, s, f } = parts(ms, zone)
  const pad = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${y}-${pad(mo)}-${pad(d)} ${pad(h)}:${pad(mi)}:${pad(s)}.${pad(f, 3)}`
}

/** The browser's zone name and UTC offset now, e.g. "Europe/Berlin, UTC+01:00". */
export function browserZoneLabel(ms = Date.now()): string {
  const offset = -new Date(ms).getTimezoneOffset()
  const sign = offset < 0 ? '-' : '+'
  const abs = Math.abs(offset)
  const name = Intl.DateTimeFormat().resolvedOptions().timeZone || 'local'
  return `${name}, UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
}

/** A timestamp's tooltip: the instant in UTC and in the browser's zone, whichever is displayed. */
export function timestampTitle(ms: number): string {
  return `${formatTimestamp(ms, 'utc')} UTC\n${formatTimestamp(ms, 'browser')} (${browserZoneLabel(ms)})\n${new Date(ms).toISOString()}`
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

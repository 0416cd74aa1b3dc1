const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 })
const whole = new Intl.NumberFormat('en')

/** 1234 → "1.2K" (tiles), exact below 10,000. */
export function formatCount(n: number): string {
  return Math.abs(n) < 10_000 ? whole.format(n) : compact.format(n)
}

export function formatExact(n: number): string {
  return whole.format(n)
}

/** A ratio 0..1 as a percentage with sensible precision: 0.0123 → "1.23%". */
export function formatPercent(ratio: number): string {
  if (!Number.isFinite(ratio)) return '–'
  const pct = ratio * 100
  if (pct === 0) return '0%'
  if (pct < 0.01) return '<0.01%'
  return `${pct < 10 ? pct.toFixed(2) : pct.toFixed(1)}%`
}

/** Nanoseconds or milliseconds → "840 µs", "12.3 ms", "1.20 s". */
export function formatDurationMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–'
  if (ms < 1) return `${Math.round(ms * 1000)} µs`
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`
  return `${(ms / 60_000).toFixed(1)} min`
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`
}

export interface Change {
  /** Relative change, e.g. 0.25 for +25%; undefined when the previous value was 0. */
  ratio: number | undefined
  direction: 'up' | 'down' | 'flat'
}

/** Change of `current` against `previous`, for KPI tiles. */
export function computeChange(current: number, previous: number): Change {
  if (current === previous) return { ratio: 0, direction: 'flat' }
  const direction = current > previous ? 'up' : 'down'
  return { ratio: previous === 0 ? undefined : (current - previous) / previous, direction }
}

/** A relative change for humans: "12.5%", "3.1×" past +100%, "new" when there was nothing before. */
export function formatChangeRatio(ratio: number | undefined): string {
  if (ratio === undefined) return 'new'
  const abs = Math.abs(ratio)
  if (ratio > 1) return `${(ratio + 1).toFixed(ratio + 1 < 10 ? 1 : 0)}×`
  return formatPercent(abs)
}

/** "1 row", "1,234 rows": a count with its noun, singular for exactly one. */
export function formatCountOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${whole.format(n)} ${n === 1 ? singular : plural}`
}

/**
 * A cell value for reading: floats cut to 6 decimals (ClickHouse's `avg` gives
 * 12.236085000000001), tiny ones to 6 significant digits, integers as they are.
 */
export function formatCellNumber(value: number): string {
  if (Number.isInteger(value) || !Number.isFinite(value)) return String(value)
  return String(Number(Math.abs(value) >= 1e-3 ? value.toFixed(6) : value.toPrecision(6)))
}

/**
 * Whether and how an ad hoc result can be drawn over time: a time column on the x axis, each
 * numeric column a series, and when there is exactly one text column next to one numeric column
 * (`SELECT minute, Cause, count() … GROUP BY minute, Cause`) its values become the series.
 */

export interface ResultColumn {
  name: string
  type: string
}

export interface TimeChart {
  timeColumn: string
  series: string[]
  /** One row per distinct time, sorted, with a value per series (0 when absent). */
  rows: ({ t: number } & Record<string, number>)[]
}

const unwrap = (type: string) => type.replace(/^(?:LowCardinality|Nullable)\((.*)\)$/, '$1').replace(/^(?:LowCardinality|Nullable)\((.*)\)$/, '$1')

export function isTimeType(type: string): boolean {
  return /^(Date|Date32|DateTime|DateTime64)\b/.test(unwrap(type))
}

export function isNumericType(type: string): boolean {
  return /^(U?Int\d+|Float\d+|Decimal)/.test(unwrap(type))
}

export function isTextType(type: string): boolean {
  return /^(String|FixedString|Enum)/.test(unwrap(type))
}

/** ClickHouse JSON time values ('2024-06-03 09:12:00', '2024-06-03', epoch numbers) → epoch ms (UTC). */
export function parseTimeValue(value: unknown): number | undefined {
  if (typeof value === 'number') return value > 1e11 ? value : value * 1000
  if (typeof value !== 'string') return undefined
  if (/^\d+$/.test(value)) return parseTimeValue(Number(value))
  const iso = value.includes('T') ? value : value.replace(' ', 'T')
  const ms = Date.parse(/(?:Z|[+-]\d\d:?\d\d)$/.test(iso) ? iso : `${iso}${iso.length > 10 ? 'Z' : 'T00:00:00Z'}`)
  return Number.isNaN(ms) ? undefined : ms
}

const MAX_SERIES = 12

export function toTimeChart(columns: readonly ResultColumn[], rows: readonly (readonly unknown[])[]): TimeChart | undefined {
  const timeIndex = columns.findIndex((c) => isTimeType(c.type))
  if (timeIndex < 0 || rows.length < 2) return undefined
  const numeric = columns.map((c, i) => ({ ...c, i })).filter((c) => c.i !== timeIndex && isNumericType(c.type))
  const text = columns.map((c, i) => ({ ...c, i })).filter((c) => c.i !== timeIndex && isTextType(c.type))
  if (numeric.length === 0) return undefined
  const pivot = numeric.length === 1 && text.length === 1 ? { key: text[0]!.i, value: numeric[0]!.i } : undefined
  const byTime = new Map<number, Record<string, number>>()
  const totals = new Map<string, number>()
  for (const row of rows) {
    const t = parseTimeValue(row[timeIndex])
    if (t === undefined) continue
    const point = byTime.get(t) ?? {}
    byTime.set(t, point)
    const add = (series: string, raw: unknown) => {
      const value = Number(raw)
      if (!Number.isFinite(value)) return
      point[series] = (point[series] ?? 0) + value
      totals.set(series, (totals.get(series) ?? 0) + Math.abs(value))
    }
    if (pivot) add(String(row[pivot.key] ?? '') || '(empty)', row[pivot.value])
    else for (const c of numeric) add(c.name, row[c.i])
  }
  if (byTime.size < 2) return undefined
  const series = [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, MAX_SERIES).map(([name]) => name)
  const out = [...byTime.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([t, values]) => {
      const row: { t: number } & Record<string, number> = { t } as { t: number } & Record<string, number>
      for (const s of series) row[s] = values[s] ?? 0
      return row
    })
  return { timeColumn: columns[timeIndex]!.name, series, rows: out }
}

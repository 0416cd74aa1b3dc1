import { splitExcluded, type Dimension, type Filters, type QueryRange } from '@claimcheck/shared'
import { DIMENSION_COLUMNS, type Source } from './sources.ts'
import { EMPTY, ident, join, param, sql, type Fragment } from '@claimcheck/shared/node'

/** One small renderer per clause. Each returns a fragment; none sees a raw user value as text. */

/** `WHERE a AND b …`, or nothing. */
export function renderWhere(conditions: readonly Fragment[]): Fragment {
  return conditions.length ? sql`WHERE ${join(conditions, sql` AND `)}` : EMPTY
}

/** The source's time column within `[from, to)`. */
export function renderTimeRange(source: Source, range: QueryRange): Fragment {
  if (source.raw) {
    return sql`${ident('Timestamp')} >= fromUnixTimestamp64Milli(${param(range.from, 'Int64')}) AND ${ident('Timestamp')} < fromUnixTimestamp64Milli(${param(range.to, 'Int64')})`
  }
  const seconds = (ms: number) => param(Math.floor(ms / 1000), 'UInt32')
  return sql`${ident('Minute')} >= toDateTime(${seconds(range.from)}) AND ${ident('Minute')} < toDateTime(${seconds(range.to)})`
}

/** `%` and `_` match themselves in a search text. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/**
 * One condition per non-empty filter (included values OR-ed within a filter, excluded ones all
 * left out). Throws on a dimension the source lacks. `except` leaves one dimension's filter out
 * (facet counts show the alternatives to the chosen values).
 */
export function renderFilters(filters: Filters, source: Source, except?: Dimension): Fragment[] {
  const conditions: Fragment[] = []
  for (const dimension of Object.keys(DIMENSION_COLUMNS) as Dimension[]) {
    if (dimension === 'message' || dimension === except) continue
    const values = filters[dimension]
    if (values.length === 0) continue
    requireDimension(source, dimension)
    const { include, exclude } = splitExcluded(values)
    if (include.length) conditions.push(renderDimensionFilter(dimension, include))
    if (exclude.length) conditions.push(sql`NOT ${renderDimensionFilter(dimension, exclude)}`)
  }
  if (filters.q) {
    requireDimension(source, 'message')
    conditions.push(sql`lower(${ident('ErrorMessage')}) LIKE concat('%', lower(${param(escapeLike(filters.q), 'String')}), '%')`)
  }
  return conditions
}

function requireDimension(source: Source, dimension: Dimension): void {
  if (!source.dimensions.has(dimension)) throw new Error(`${source.table} cannot filter by ${dimension}`)
}

function renderDimensionFilter(dimension: Dimension, values: string[]): Fragment {
  const column = ident(DIMENSION_COLUMNS[dimension])
  if (dimension === 'status') {
    const codes = values.filter((v) => !v.endsWith('xx')).map(Number)
    const classes = values.filter((v) => v.endsWith('xx')).map((v) => Number(v[0]))
    const parts: Fragment[] = []
    if (codes.length) parts.push(sql`${column} IN ${param(codes, 'Array(UInt16)')}`)
    if (classes.length) parts.push(sql`intDiv(${column}, 100) IN ${param(classes, 'Array(UInt8)')}`)
    return sql`(${join(parts, sql` OR `)})`
  }
  const stored = dimension === 'cause' ? values.map((v) => (v === 'success' ? '' : v)) : values
  return sql`(${column} IN ${param(stored, 'Array(String)')})`
}

/** Bucket start in epoch seconds: `intDiv(t, b) * b`, aligned to the epoch (days are UTC days). */
export function renderBucket(source: Source, bucketSeconds: number): Fragment {
  const step = param(bucketSeconds, 'UInt32')
  return sql`intDiv(${source.epochSeconds}, ${step}) * ${step}`
}

/** `ORDER BY t WITH FILL` over `[from, to)`: one row per bucket, missing ones zero. */
export function renderFilledOrder(range: QueryRange, bucketSeconds: number): Fragment {
  const first = Math.floor(range.from / 1000 / bucketSeconds) * bucketSeconds
  return sql`ORDER BY t WITH FILL FROM ${param(first, 'UInt32')} TO ${param(Math.floor(range.to / 1000), 'UInt32')} STEP ${param(bucketSeconds, 'UInt32')}`
}

export function renderLimit(limit: number): Fragment {
  return sql`LIMIT ${param(limit, 'UInt32')}`
}

/** The dimension's value as text, for grouping. */
export function renderDimension(dimension: Dimension): Fragment {
  const column = ident(DIMENSION_COLUMNS[dimension])
  return dimension === 'status' ? sql`toString(${column})` : sql`${column}`
}

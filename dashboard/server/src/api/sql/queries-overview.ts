import { previousRange, type Filters, type QueryRange, type TopRequest } from '@claimcheck/shared'
import { renderBucket, renderDimension, renderFilledOrder, renderFilters, renderLimit, renderTimeRange, renderWhere } from './clauses.ts'
import type { Source } from './sources.ts'
import { ident, param, sql, type Fragment } from '@claimcheck/shared/node'

/** Builders for the aggregate questions: each returns a fragment, rendered by the runner. */

const FAILED = sql`${ident('Cause')} != ''`

/** Calls per cause, for the range and the period of the same length before it. */
export function buildSummaryQuery(source: Source, filters: Filters, range: QueryRange): Fragment {
  const both = { from: previousRange(range).from, to: range.to }
  return sql`SELECT ${source.epochSeconds} >= ${param(range.from / 1000, 'UInt32')} AS current, ${ident('Cause')} AS cause,
  ${source.calls} AS calls
FROM ${ident(source.table)}
${renderWhere([renderTimeRange(source, both), ...renderFilters(filters, source)])}
GROUP BY current, cause`
}

/** Distinct failing subjects per cause in the range. */
export function buildFailingSubjectsQuery(source: Source, filters: Filters, range: QueryRange): Fragment {
  return sql`SELECT ${ident('Cause')} AS cause, ${source.subjectsIf(FAILED)} AS subjects
FROM ${ident(source.table)}
${renderWhere([renderTimeRange(source, range), ...renderFilters(filters, source), FAILED])}
GROUP BY cause`
}

/** Calls of the given values of a dimension: completes a ranking read from a failures-only rollup. */
export function buildValueCallsQuery(source: Source, request: TopRequest, range: QueryRange, values: readonly string[]): Fragment {
  return sql`SELECT ${renderDimension(request.dimension)} AS value, ${source.calls} AS calls
FROM ${ident(source.table)}
${renderWhere([renderTimeRange(source, range), ...renderFilters(request, source), sql`${renderDimension(request.dimension)} IN ${param(values, 'Array(String)')}`])}
GROUP BY value`
}

/** Calls, failures and failures per cause by bucket, every bucket present. */
export function buildTimeseriesQuery(source: Source, filters: Filters, range: QueryRange, bucketSeconds: number): Fragment {
  return sql`SELECT ${renderBucket(source, bucketSeconds)} AS t, ${source.calls} AS calls, ${source.callsIf(FAILED)} AS failures,
  sumMap(map(${ident('Cause')}, ${source.weight})) AS byCause
FROM ${ident(source.table)}
${renderWhere([renderTimeRange(source, range), ...renderFilters(filters, source)])}
GROUP BY t
${renderFilledOrder(range, bucketSeconds)}`
}

/** The top values of a dimension by failures or calls, with the metric's total over all values. */
export function buildTopQuery(source: Source, request: TopRequest, range: QueryRange): Fragment {
  const metric = request.metric === 'failures' ? sql`failures` : sql`calls`
  const having = request.metric === 'failures' ? sql`HAVING failures > 0` : sql``
  return sql`SELECT ${renderDimension(request.dimension)} AS value, ${source.calls} AS calls, ${source.callsIf(FAILED)} AS failures,
  sum(${metric}) OVER () AS total
FROM ${ident(source.table)}
${renderWhere([renderTimeRange(source, range), ...renderFilters(request, source)])}
GROUP BY value
${having}
ORDER BY ${metric} DESC, value ASC
${renderLimit(request.limit)}`
}

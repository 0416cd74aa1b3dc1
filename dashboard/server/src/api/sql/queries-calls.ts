import { TABLES, type CallSort, type FacetDimension, type Filters, type QueryRange } from '@claimcheck/shared'
import { renderDimension, renderFilters, renderLimit, renderTimeRange, renderWhere } from './clauses.ts'
import { SOURCES } from './sources.ts'
import { EMPTY, ident, join, param, sql, type Fragment } from '@claimcheck/shared/node'

/** Builders for row-level questions: call lists, one call, traces, subjects, unclassified messages. */

const raw = SOURCES.gateway_calls
const nanos = (column: string) => sql`toString(toUnixTimestamp64Nano(${ident(column)}))`
const plain = (columns: string[]) => join(columns.map((c) => sql`${ident(c)}`), sql`, `)

const LIST_COLUMNS = sql`${nanos('Timestamp')} AS ts, ${plain([
  'TraceId', 'SpanId', 'ServiceName', 'Method', 'Route', 'Path', 'StatusCode', 'Duration', 'Subject', 'Issuer',
  'ClientId', 'Tenant', 'Cause', 'CauseDetail', 'ErrorMessage',
])}`

/** Position of a row in a sorted list: the sort key, then (Timestamp, TraceId, SpanId). */
export interface CallKey {
  duration?: string | undefined
  timestampNs: string
  traceId: string
  spanId: string
}

const SORTS: Record<CallSort, { columns: string[]; direction: 'ASC' | 'DESC' }> = {
  time_desc: { columns: ['Timestamp', 'TraceId', 'SpanId'], direction: 'DESC' },
  time_asc: { columns: ['Timestamp', 'TraceId', 'SpanId'], direction: 'ASC' },
  duration_desc: { columns: ['Duration', 'Timestamp', 'TraceId', 'SpanId'], direction: 'DESC' },
  duration_asc: { columns: ['Duration', 'Timestamp', 'TraceId', 'SpanId'], direction: 'ASC' },
}

/** Keyset pagination: rows strictly after `after` in sort order, so inserts never shift a page. */
export function buildCallsQuery(filters: Filters, range: QueryRange, sort: CallSort, limit: number, after?: CallKey): Fragment {
  const order = SORTS[sort]
  const direction = order.direction === 'DESC' ? sql`DESC` : sql`ASC`
  const conditions = [renderTimeRange(raw, range), ...renderFilters(filters, raw)]
  if (after) {
    const values: Fragment[] = [
      sql`fromUnixTimestamp64Nano(${param(after.timestampNs, 'Int64')})`,
      sql`${param(after.traceId, 'String')}`,
      sql`${param(after.spanId, 'String')}`,
    ]
    if (order.columns[0] === 'Duration') values.unshift(sql`${param(after.duration ?? '0', 'UInt64')}`)
    const comparison = order.direction === 'DESC' ? sql`<` : sql`>`
    conditions.push(sql`(${plain(order.columns)}) ${comparison} (${join(values, sql`, `)})`)
  }
  return sql`SELECT ${LIST_COLUMNS}
FROM ${ident(TABLES.calls)}
${renderWhere(conditions)}
ORDER BY ${join(order.columns.map((c) => sql`${ident(c)} ${direction}`), sql`, `)}
${renderLimit(limit)}`
}

/** One call with every column; token times as epoch seconds. */
export function buildCallQuery(traceId: string, spanId: string): Fragment {
  const seconds = (column: string) => sql`toUnixTimestamp(${ident(column)})`
  return sql`SELECT ${nanos('Timestamp')} AS ts, ${plain([
    'TraceId', 'SpanId', 'ServiceName', 'Method', 'Route', 'Path', 'StatusCode', 'Duration', 'ClientAddress', 'Subject',
    'Issuer', 'Audience', 'ClientId', 'Tenant', 'Scopes', 'TokenKeyId', 'TokenAlgorithm', 'TokenPresent', 'Cause',
    'CauseDetail', 'EvidenceRule', 'Evidence', 'ErrorMessage', 'Source', 'Attributes',
  ])}, ${seconds('TokenIssuedAt')} AS iat, ${seconds('TokenNotBefore')} AS nbf, ${seconds('TokenExpiresAt')} AS exp
FROM ${ident(TABLES.calls)}
WHERE ${ident('TraceId')} = ${param(traceId, 'String')} AND ${ident('SpanId')} = ${param(spanId, 'String')}
ORDER BY ${ident('Timestamp')} DESC
LIMIT 1`
}

/** Log records of a trace (and span, when given) within `[fromSeconds, toSeconds]`. */
export function buildLogsQuery(traceId: string, spanId: string | undefined, fromSeconds: number, toSeconds: number): Fragment {
  const span = spanId === undefined ? EMPTY : sql` AND ${ident('SpanId')} = ${param(spanId, 'String')}`
  return sql`SELECT ${nanos('Timestamp')} AS ts, ${plain([
    'TraceId', 'SpanId', 'SeverityText', 'SeverityNumber', 'ServiceName', 'Body', 'ResourceAttributes', 'ScopeName', 'LogAttributes',
  ])}
FROM ${ident(TABLES.logs)}
WHERE ${ident('TimestampTime')} >= toDateTime(${param(fromSeconds, 'UInt32')}) AND ${ident('TimestampTime')} <= toDateTime(${param(toSeconds, 'UInt32')})
  AND ${ident('TraceId')} = ${param(traceId, 'String')}${span}
ORDER BY ${ident('Timestamp')}
LIMIT 1000`
}

/** Start and end (whole seconds) of a trace, from the exporter's lookup table. */
export function buildTraceBoundsQuery(traceId: string): Fragment {
  return sql`SELECT count() AS n, toUnixTimestamp(min(${ident('Start')})) AS start, toUnixTimestamp(max(${ident('End')})) AS end
FROM ${ident(TABLES.traceIdTs)}
WHERE ${ident('TraceId')} = ${param(traceId, 'String')}`
}

/**
 * Spans of a trace within its bounds; nested events and links as parallel arrays. The bounds are
 * DateTime64 literals: on the exporter's table (primary key `toDateTime(Timestamp)`) the engine
 * (ClickHouse 26.7 in chDB 3.4) drops every row for `Timestamp < toDateTime(x)` (test/attach-mode.int.test.ts).
 */
export function buildSpansQuery(traceId: string, startSeconds: number, endSeconds: number): Fragment {
  return sql`SELECT ${nanos('Timestamp')} AS ts, ${plain([
    'TraceId', 'SpanId', 'ParentSpanId', 'TraceState', 'SpanName', 'SpanKind', 'ServiceName', 'ResourceAttributes',
    'ScopeName', 'ScopeVersion', 'SpanAttributes', 'Duration', 'StatusCode', 'StatusMessage', 'Events.Name',
    'Events.Attributes', 'Links.TraceId', 'Links.SpanId', 'Links.TraceState', 'Links.Attributes',
  ])}, arrayMap(x -> toString(toUnixTimestamp64Nano(x)), ${ident('Events.Timestamp')}) AS eventTimes
FROM ${ident(TABLES.traces)}
WHERE ${ident('Timestamp')} >= toDateTime64(${param(startSeconds, 'UInt32')}, 9) AND ${ident('Timestamp')} < toDateTime64(${param(endSeconds + 1, 'UInt32')}, 9)
  AND ${ident('TraceId')} = ${param(traceId, 'String')}
ORDER BY ${ident('Timestamp')}, ${ident('SpanId')}
LIMIT 10000`
}

/** Gateway calls of a trace within `[fromSeconds, toSeconds]`. */
export function buildTraceCallsQuery(traceId: string, fromSeconds: number, toSeconds: number): Fragment {
  return sql`SELECT ${LIST_COLUMNS}
FROM ${ident(TABLES.calls)}
WHERE ${ident('Timestamp')} >= toDateTime(${param(fromSeconds, 'UInt32')}) AND ${ident('Timestamp')} <= toDateTime(${param(toSeconds, 'UInt32')})
  AND ${ident('TraceId')} = ${param(traceId, 'String')}
ORDER BY ${ident('Timestamp')}
LIMIT 1000`
}

/** What is known of a subject over everything stored (epoch ms; successes/failures count the nullable times). */
export function buildSubjectStatsQuery(subject: string): Fragment {
  const ms = (expression: Fragment) => sql`toUnixTimestamp64Milli(${expression})`
  const ts = ident('Timestamp')
  return sql`SELECT count() AS calls, countIf(${ident('Cause')} = '') AS successes, countIf(${ident('Cause')} != '') AS failures,
  ${ms(sql`min(${ts})`)} AS firstSeen, ${ms(sql`max(${ts})`)} AS lastSeen,
  ${ms(sql`maxIf(${ts}, ${ident('Cause')} = '')`)} AS lastSuccess, ${ms(sql`maxIf(${ts}, ${ident('Cause')} != '')`)} AS lastFailure,
  groupUniqArrayIf(10)(${ident('Issuer')}, ${ident('Issuer')} != '') AS issuers,
  groupUniqArrayIf(10)(${ident('ClientId')}, ${ident('ClientId')} != '') AS clients,
  groupUniqArrayIf(10)(${ident('Tenant')}, ${ident('Tenant')} != '') AS tenants
FROM ${ident(TABLES.calls)}
WHERE ${ident('Subject')} = ${param(subject, 'String')}`
}

/** The most frequent messages of calls classified `other`. */
export function buildUnclassifiedQuery(filters: Filters, range: QueryRange, limit: number): Fragment {
  const ts = ident('Timestamp')
  return sql`SELECT ${ident('ErrorMessage')} AS message, count() AS calls,
  toUnixTimestamp64Milli(min(${ts})) AS firstSeen, toUnixTimestamp64Milli(max(${ts})) AS lastSeen,
  argMax(${ident('TraceId')}, ${ts}) AS exampleTraceId, argMax(${ident('SpanId')}, ${ts}) AS exampleSpanId,
  groupUniqArray(5)(${ident('ServiceName')}) AS services, groupUniqArray(5)(${ident('StatusCode')}) AS statusCodes
FROM ${ident(TABLES.calls)}
${renderWhere([renderTimeRange(raw, range), ...renderFilters(filters, raw), sql`${ident('Cause')} = 'other'`])}
GROUP BY message
ORDER BY calls DESC, message ASC
${renderLimit(limit)}`
}

/**
 * The most frequent values of one dimension among the calls matching every filter but its own,
 * with the total those calls add up to (a window over the grouped rows: one scan).
 */
export function buildFacetQuery(filters: Filters, range: QueryRange, dimension: FacetDimension, limit: number): Fragment {
  return sql`SELECT ${renderDimension(dimension)} AS value, count() AS calls, countIf(${ident('Cause')} != '') AS failures,
  sum(calls) OVER () AS total
FROM ${ident(TABLES.calls)}
${renderWhere([renderTimeRange(raw, range), ...renderFilters(filters, raw, dimension)])}
GROUP BY value
ORDER BY calls DESC, value ASC
${renderLimit(limit)}`
}

import { TABLES, type Filters, type QueryRange } from '@claimcheck/shared'
import { MASKS } from '../../templates/index.ts'
import { renderFilters, renderLimit, renderTimeRange, renderWhere } from './clauses.ts'
import { SOURCES } from './sources.ts'
import { ident, param, sql, type Fragment } from '@claimcheck/shared/node'

const raw = SOURCES.gateway_calls

/** `replaceRegexpAll` chained over the masks, in order: the SQL twin of `maskMessage`. */
function renderMasked(column: Fragment): Fragment {
  let out = column
  for (const mask of MASKS) {
    // RE2 names a kept group `\1` where JavaScript says `$1`.
    const replacement = mask.keepsPrefix ? `\\1${mask.placeholder}` : mask.placeholder
    out = sql`replaceRegexpAll(${out}, ${param(mask.pattern, 'String')}, ${param(replacement, 'String')})`
  }
  return out
}

/**
 * The bounded sample template mining runs on: `other` calls grouped by their masked message (the
 * masks run once per distinct message, not per call), the most frequent `limit` of them, each
 * with a per-bucket trend, an example call per original message and the services and statuses.
 * Window totals say how much of the range the sample covers.
 */
export function buildTemplateSampleQuery(filters: Filters, range: QueryRange, bucketSeconds: number, limit: number): Fragment {
  const ts = ident('Timestamp')
  const bucket = param(bucketSeconds, 'UInt32')
  // Inner aliases differ from the outer ones: ClickHouse would resolve an outer alias inside the aggregates.
  return sql`SELECT masked, sum(msgCalls) AS calls, toUnixTimestamp64Milli(min(msgFirst)) AS firstSeen, toUnixTimestamp64Milli(max(msgLast)) AS lastSeen,
  count() AS originals, sumMap(trendKeys, trendValues) AS trend,
  arraySlice(arraySort(x -> -x.4, groupArray(tuple(message, msgTrace, msgSpan, msgCalls))), 1, 3) AS examples,
  groupUniqArrayArray(8)(msgServices) AS services, groupUniqArrayArray(8)(msgStatuses) AS statusCodes,
  count() OVER () AS distinctMasked, sum(sum(msgCalls)) OVER () AS sampledCallsTotal
FROM (
  SELECT ${renderMasked(sql`message`)} AS masked, message, msgCalls, msgFirst, msgLast, msgTrend.1 AS trendKeys, msgTrend.2 AS trendValues,
    msgTrace, msgSpan, msgServices, msgStatuses
  FROM (
    SELECT ${ident('ErrorMessage')} AS message, count() AS msgCalls, min(${ts}) AS msgFirst, max(${ts}) AS msgLast,
      sumMap([toUInt32(intDiv(toUInt32(toUnixTimestamp(${ts})), ${bucket}) * ${bucket})], [toUInt64(1)]) AS msgTrend,
      argMax(${ident('TraceId')}, ${ts}) AS msgTrace, argMax(${ident('SpanId')}, ${ts}) AS msgSpan,
      groupUniqArray(8)(${ident('ServiceName')}) AS msgServices, groupUniqArray(8)(${ident('StatusCode')}) AS msgStatuses
    FROM ${ident(TABLES.calls)}
    ${renderWhere([renderTimeRange(raw, range), ...renderFilters(filters, raw), sql`${ident('Cause')} = 'other'`])}
    GROUP BY message
  )
)
GROUP BY masked
ORDER BY calls DESC, masked ASC
${renderLimit(limit)}`
}

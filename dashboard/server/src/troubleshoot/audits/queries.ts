import { TABLES, type Filters, type QueryRange } from '@claimcheck/shared'
import { renderFilters, renderLimit, renderTimeRange, renderWhere } from '../../api/sql/clauses.ts'
import { SOURCES } from '../../api/sql/sources.ts'
import { ident, param, sql, type Fragment } from '@claimcheck/shared/node'
import { DECODED_TOKEN } from '../auth-config/drift.ts'

/** The audit reports' SQL over `gateway_calls`, with the API's common filters. */

const raw = SOURCES.gateway_calls
const ts = ident('Timestamp')
const cause = ident('Cause')
const ms = (expression: Fragment) => sql`toUnixTimestamp64Milli(${expression})`
const where = (filters: Filters, range: QueryRange, ...more: Fragment[]) => renderWhere([renderTimeRange(raw, range), ...renderFilters(filters, raw), ...more])

/** Subjects failing unknown_sub in the range, most failures first (step 1 of deleted-subjects). */
export function buildUnknownSubjectsQuery(filters: Filters, range: QueryRange, limit: number): Fragment {
  return sql`SELECT ${ident('Subject')} AS subject, count() AS failures, ${ms(sql`max(${ts})`)} AS lastFailure,
  anyLast(${ident('Tenant')}) AS tenant, anyLast(${ident('Issuer')}) AS issuer, anyLast(${ident('ClientId')}) AS client
FROM ${ident(TABLES.calls)}
${where(filters, range, sql`${cause} = 'unknown_sub'`, sql`${ident('Subject')} != ''`)}
GROUP BY subject
ORDER BY failures DESC, subject ASC
${renderLimit(limit)}`
}

/**
 * For those subjects, over everything stored up to the range's end: the last success and the first
 * unknown_sub failure after it (step 2). Subjects that never succeeded are left out.
 */
export function buildLastSuccessQuery(subjects: readonly string[], range: QueryRange): Fragment {
  return sql`SELECT ${ident('Subject')} AS subject, maxIf(${ts}, ${cause} = '') AS lastSuccessTs, ${ms(sql`lastSuccessTs`)} AS lastSuccess,
  ${ms(sql`arrayMin(arrayFilter(t -> t > lastSuccessTs, groupArrayIf(${ts}, ${cause} = 'unknown_sub')))`)} AS firstFailure,
  ${ms(sql`maxIf(${ts}, ${cause} = 'unknown_sub')`)} AS lastFailureEver
FROM ${ident(TABLES.calls)}
WHERE ${ident('Subject')} IN ${param(subjects, 'Array(String)')} AND ${ts} < fromUnixTimestamp64Milli(${param(range.to, 'Int64')})
  AND ${cause} IN ('', 'unknown_sub')
GROUP BY subject
HAVING countIf(${cause} = '') > 0`
}

const secondsLate = sql`toInt64(toUnixTimestamp(${ts})) - toInt64(toUnixTimestamp(${ident('TokenExpiresAt')}))`
const expiredWithExp = sql`${cause} = 'expired' AND ${ident('TokenExpiresAt')} IS NOT NULL`

export function buildNoRefreshQuery(filters: Filters, range: QueryRange, limit: number): Fragment {
  return sql`SELECT ${ident('ClientId')} AS client, countIf(${cause} = 'expired') AS expiredCalls, count() AS calls,
  uniqIf(${ident('Subject')}, ${cause} = 'expired') AS subjects,
  quantileIf(0.5)(${secondsLate}, ${expiredWithExp}) AS medianSecondsLate, maxIf(${secondsLate}, ${expiredWithExp}) AS maxSecondsLate,
  ${ms(sql`maxIf(${ts}, ${cause} = 'expired')`)} AS lastSeen
FROM ${ident(TABLES.calls)}
${where(filters, range, sql`${ident('ClientId')} != ''`)}
GROUP BY client
HAVING expiredCalls > 0
ORDER BY expiredCalls DESC, client ASC
${renderLimit(limit)}`
}

/** Per client: expired tokens (sub + exp) presented at least twice: the client retried without refreshing. */
export function buildReusedTokensQuery(filters: Filters, range: QueryRange, clients: readonly string[]): Fragment {
  return sql`SELECT client, countIf(presented >= 2) AS reusedTokens FROM (
  SELECT ${ident('ClientId')} AS client, ${ident('Subject')} AS subject, ${ident('TokenExpiresAt')} AS exp, count() AS presented
  FROM ${ident(TABLES.calls)}
  ${where(filters, range, sql`${cause} = 'expired'`, sql`${ident('ClientId')} IN ${param(clients, 'Array(String)')}`)}
  GROUP BY client, subject, exp
)
GROUP BY client`
}

const lifetime = sql`(toInt64(toUnixTimestamp(${ident('TokenExpiresAt')})) - toInt64(toUnixTimestamp(${ident('TokenIssuedAt')})))`

export function buildLongLifetimesQuery(filters: Filters, range: QueryRange, thresholdSeconds: number, limit: number): Fragment {
  const threshold = param(thresholdSeconds, 'Int64')
  return sql`SELECT ${ident('Issuer')} AS issuer, ${ident('ClientId')} AS client,
  uniqExact(${ident('Subject')}, ${ident('TokenIssuedAt')}) AS tokens,
  uniqExactIf(${ident('Subject')}, ${ident('TokenIssuedAt')}, ${lifetime} > ${threshold}) AS longTokens,
  quantile(0.5)(${lifetime}) AS medianLifetimeSeconds, max(${lifetime}) AS maxLifetimeSeconds,
  argMax(${ident('Subject')}, ${lifetime}) AS exampleSubject, ${ms(sql`max(${ts})`)} AS lastSeen
FROM ${ident(TABLES.calls)}
${where(filters, range, sql`${ident('TokenExpiresAt')} IS NOT NULL`, sql`${ident('TokenIssuedAt')} IS NOT NULL`)}
GROUP BY issuer, client
HAVING longTokens > 0
ORDER BY maxLifetimeSeconds DESC, longTokens DESC, issuer ASC, client ASC
${renderLimit(limit)}`
}

/** Issuers per service and route, decoded tokens only. */
export function buildRouteIssuersQuery(filters: Filters, range: QueryRange): Fragment {
  return sql`SELECT ${ident('ServiceName')} AS service, ${ident('Route')} AS route, ${ident('Issuer')} AS value, count() AS calls, countIf(${cause} != '') AS failures
FROM ${ident(TABLES.calls)}
${where(filters, range, DECODED_TOKEN)}
GROUP BY service, route, value
ORDER BY calls DESC
LIMIT 20000`
}

/** Audiences per service and route; a token without aud counts as ''. */
export function buildRouteAudiencesQuery(filters: Filters, range: QueryRange): Fragment {
  return sql`SELECT ${ident('ServiceName')} AS service, ${ident('Route')} AS route, value, count() AS calls, countIf(${cause} != '') AS failures
FROM ${ident(TABLES.calls)} ARRAY JOIN if(empty(${ident('Audience')}), [''], ${ident('Audience')}) AS value
${where(filters, range, DECODED_TOKEN)}
GROUP BY service, route, value
ORDER BY calls DESC
LIMIT 20000`
}

import type { AuthExpectation, Filters, JwksFetch, JwksSourceHealth, QueryRange } from '@claimcheck/shared'
import { TABLES } from '@claimcheck/shared'
import { queryRows, toNumber, type QueryContext } from '../../api/runner.ts'
import { renderFilters, renderTimeRange, renderWhere } from '../../api/sql/clauses.ts'
import { SOURCES } from '../../api/sql/sources.ts'
import { ident, param, sql, type Fragment } from '@claimcheck/shared/node'
import { jwksSources } from './expectations.ts'
import { buildSourceHealth, type TokenKid, type UrlHistory } from './jwks-timeline.ts'

const raw = SOURCES.gateway_calls
const MAX_FETCHES = 20_000
const FETCH_COLUMNS = sql`toUnixTimestamp64Milli(${ident('Timestamp')}) AS at, ${ident('JwksUrl')} AS url, ${ident('Ok')} AS ok,
  ${ident('HttpStatus')} AS httpStatus, ${ident('Error')} AS error, ${ident('Kids')} AS kids, ${ident('DurationMs')} AS durationMs`

export function buildFetchesQuery(urls: readonly string[], range: QueryRange): Fragment {
  return sql`SELECT ${FETCH_COLUMNS}
FROM ${ident(TABLES.jwksFetches)}
WHERE ${ident('JwksUrl')} IN ${param(urls, 'Array(String)')} AND ${renderTimeRange(raw, range)}
ORDER BY ${ident('Timestamp')}
LIMIT ${param(MAX_FETCHES, 'UInt32')}`
}

/** Per URL over all history: the newest fetch, newest failure and success, the first fetch, current kids. */
export function buildLatestQuery(urls: readonly string[]): Fragment {
  const ts = ident('Timestamp')
  const ms = (expression: Fragment) => sql`toUnixTimestamp64Milli(${expression})`
  const row = sql`(${ms(sql`${ts}`)}, ${ident('Ok')}, ${ident('HttpStatus')}, ${ident('Error')}, ${ident('Kids')}, ${ident('DurationMs')})`
  return sql`SELECT ${ident('JwksUrl')} AS url, argMax(${row}, ${ts}) AS latest, argMaxIf(${row}, ${ts}, ${ident('Ok')} = 0) AS lastFailure,
  countIf(${ident('Ok')} = 0) AS failuresEver, ${ms(sql`min(${ts})`)} AS firstFetchAt, ${ms(sql`maxIf(${ts}, ${ident('Ok')} = 1)`)} AS lastSuccessAt,
  countIf(${ident('Ok')} = 1) AS successes, argMaxIf(${ident('Kids')}, ${ts}, ${ident('Ok')} = 1) AS currentKids
FROM ${ident(TABLES.jwksFetches)}
WHERE ${ident('JwksUrl')} IN ${param(urls, 'Array(String)')}
GROUP BY url`
}

/** When each kid was first and last listed, over every successful fetch recorded. */
export function buildKidsInJwksQuery(urls: readonly string[]): Fragment {
  const ts = ident('Timestamp')
  return sql`SELECT ${ident('JwksUrl')} AS url, kid, toUnixTimestamp64Milli(min(${ts})) AS first, toUnixTimestamp64Milli(max(${ts})) AS last
FROM ${ident(TABLES.jwksFetches)} ARRAY JOIN ${ident('Kids')} AS kid
WHERE ${ident('JwksUrl')} IN ${param(urls, 'Array(String)')} AND ${ident('Ok')} = 1
GROUP BY url, kid`
}

/** Kids tokens carried in the range, per issuer, with the calls refused for the signing key. */
export function buildTokenKidsQuery(filters: Filters, range: QueryRange): Fragment {
  const ts = ident('Timestamp')
  return sql`SELECT ${ident('Issuer')} AS issuer, ${ident('TokenKeyId')} AS kid, toUnixTimestamp64Milli(min(${ts})) AS first,
  toUnixTimestamp64Milli(max(${ts})) AS last, count() AS calls,
  countIf(${ident('Cause')} = 'misconfig' AND ${ident('CauseDetail')} IN ('signature_key', 'unknown_kid', 'bad_signature')) AS keyFailures
FROM ${ident(TABLES.calls)}
${renderWhere([renderTimeRange(raw, range), ...renderFilters(filters, raw), sql`${ident('TokenKeyId')} != ''`])}
GROUP BY issuer, kid`
}

type FetchTuple = [unknown, unknown, unknown, unknown, unknown, unknown]

function toFetch(row: { at: unknown; ok: unknown; httpStatus: unknown; error: unknown; kids: unknown; durationMs: unknown }): JwksFetch {
  return { at: toNumber(row.at), ok: toNumber(row.ok) === 1, httpStatus: toNumber(row.httpStatus), error: String(row.error ?? ''), kids: (row.kids as string[]) ?? [], durationMs: toNumber(row.durationMs) }
}

const fromTuple = ([at, ok, httpStatus, error, kids, durationMs]: FetchTuple) => toFetch({ at, ok, httpStatus, error, kids, durationMs })

interface LatestRow {
  url: string
  latest: FetchTuple
  lastFailure: FetchTuple
  failuresEver: unknown
  firstFetchAt: unknown
  lastSuccessAt: unknown
  successes: unknown
  currentKids: string[]
}

/** Health of every JWKS the expectations name, over the range. */
export async function getJwksHealth(context: QueryContext, expectations: readonly AuthExpectation[], filters: Filters, range: QueryRange): Promise<JwksSourceHealth[]> {
  const sources = jwksSources(expectations)
  if (sources.length === 0) return []
  const urls = sources.map((s) => s.url)
  const [fetchRows, latestRows, kidRows, tokenRows] = await Promise.all([
    queryRows<Parameters<typeof toFetch>[0] & { url: string }>(context, buildFetchesQuery(urls, range)),
    queryRows<LatestRow>(context, buildLatestQuery(urls)),
    queryRows<{ url: string; kid: string; first: unknown; last: unknown }>(context, buildKidsInJwksQuery(urls)),
    queryRows<{ issuer: string; kid: string; first: unknown; last: unknown; calls: unknown; keyFailures: unknown }>(context, buildTokenKidsQuery(filters, range)),
  ])
  return sources.map((source) => {
    const latest = latestRows.find((row) => row.url === source.url)
    const kidsInJwks = new Map<string, { first: number; last: number }>()
    for (const row of kidRows) if (row.url === source.url) kidsInJwks.set(row.kid, { first: toNumber(row.first), last: toNumber(row.last) })
    const history: UrlHistory = {
      fetches: fetchRows.filter((row) => row.url === source.url).map(toFetch),
      latest: latest ? fromTuple(latest.latest) : null,
      lastFailure: latest && toNumber(latest.failuresEver) > 0 ? fromTuple(latest.lastFailure) : null,
      lastSuccessAt: latest && toNumber(latest.successes) > 0 ? toNumber(latest.lastSuccessAt) : null,
      firstFetchAt: latest ? toNumber(latest.firstFetchAt) : null,
      currentKids: latest && toNumber(latest.successes) > 0 ? latest.currentKids : [],
      kidsInJwks,
    }
    // Tokens of the URL's issuers; a JWKS named without issuers is compared with every token.
    const issuers = new Set(source.issuers)
    const byKid = new Map<string, TokenKid>()
    for (const row of tokenRows) {
      if (issuers.size > 0 && !issuers.has(row.issuer)) continue
      const entry = byKid.get(row.kid) ?? { kid: row.kid, first: Infinity, last: -Infinity, calls: 0, keyFailures: 0 }
      entry.first = Math.min(entry.first, toNumber(row.first))
      entry.last = Math.max(entry.last, toNumber(row.last))
      entry.calls += toNumber(row.calls)
      entry.keyFailures += toNumber(row.keyFailures)
      byKid.set(row.kid, entry)
    }
    return buildSourceHealth(source, history, [...byKid.values()], range)
  })
}

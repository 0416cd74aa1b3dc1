import { TABLES } from '@claimcheck/shared'
import { queryRows, toNumber } from '../../api/runner.ts'
import { renderLimit } from '../../api/sql/clauses.ts'
import { ident, param, sql } from '@claimcheck/shared/node'
import { configuredIssuers, createExpectationFinder } from '../auth-config/expectations.ts'
import { getJwksHealth } from '../auth-config/jwks-health.ts'
import { aggregates, answer, col, count, eq, isoMs, listCounts, scopeWhere, share, topValues, type AnswerFn } from './context.ts'

/** Answers that compare failing tokens with the expected auth configuration and the JWKS. */

export const scopeCompare: AnswerFn = async (scope, deps) => {
  const find = createExpectationFinder(deps.expectations)
  if (scope.call) {
    const { call, claims } = scope.call
    const expected = find(call.ServiceName, call.Route)?.expectation.requiredScopes ?? []
    const has = claims.scopes.length ? claims.scopes.join(', ') : 'none'
    if (expected.length === 0) return answer('info', `No required scopes configured for ${call.Route} (classifier.expectations); the token has ${has}. The gateway said: ${call.Evidence || call.ErrorMessage || 'nothing more'}.`)
    const missing = expected.filter((s) => !claims.scopes.includes(s))
    return missing.length > 0
      ? answer('problem', `${call.Route} requires ${expected.join(', ')}; the token lacks ${missing.join(', ')} (it has ${has}).`)
      : answer('info', `The token has every configured scope of ${call.Route} (${expected.join(', ')}): the gateway requires something else (a role, a claim value). It said: ${call.Evidence || call.ErrorMessage}.`)
  }
  const rows = await queryRows<{ service: string; route: string; scopes: string[]; calls: unknown }>(deps.context, sql`SELECT ${ident('ServiceName')} AS service, ${ident('Route')} AS route, ${ident('Scopes')} AS scopes, count() AS calls
FROM ${ident(TABLES.calls)} ${scopeWhere(scope)}
GROUP BY service, route, scopes ORDER BY calls DESC ${renderLimit(50)}`)
  const lacking = new Map<string, number>()
  for (const row of rows) {
    const required = find(row.service, row.route)?.expectation.requiredScopes ?? []
    for (const s of required.filter((r) => !row.scopes.includes(r))) lacking.set(`${row.route} needs ${s}`, (lacking.get(`${row.route} needs ${s}`) ?? 0) + toNumber(row.calls))
  }
  const facts = [...lacking.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([what, n]): [string, string] => [what, `${count(n, 'failing call')} without it`])
  if (facts.length === 0) return answer('info', 'No route with failures here has required scopes configured (classifier.expectations): compare the evidence with the gateway\'s rules.')
  return answer('problem', `${facts[0]![0]}: ${facts[0]![1]}.`, facts)
}

export const clientScopes: AnswerFn = async (scope, deps) => {
  const rows = await queryRows<{ client: string; scopes: string[]; calls: unknown }>(deps.context, sql`SELECT ${ident('ClientId')} AS client, groupUniqArrayArray(20)(${ident('Scopes')}) AS scopes, count() AS calls
FROM ${ident(TABLES.calls)} ${scopeWhere(scope, ...(scope.call ? [eq('ClientId', scope.call.call.ClientId)] : []))}
GROUP BY client ORDER BY calls DESC ${renderLimit(4)}`)
  if (rows.length === 0) return answer('unknown', 'No failing calls in this range.')
  const asked = (r: { scopes: string[] }) => (r.scopes.length ? [...r.scopes].sort().join(' ') : 'no scopes')
  const facts = rows.map((r): [string, string] => [r.client || '(no client id)', `${count(toNumber(r.calls), 'failure')}; asks for ${asked(r)}`])
  const top = rows[0]!
  return answer('info', `${top.client || '(no client id)'} has most failures and its tokens carry ${asked(top)}: check its token request and the scopes it is allowed.`, facts)
}

export const routeChange: AnswerFn = async (scope, deps) => {
  const routeFilter = scope.call ? [eq('Route', scope.call.call.Route)] : []
  const [top] = await queryRows<{ route: string; onset: unknown; calls: unknown }>(deps.context, sql`SELECT ${ident('Route')} AS route, toUnixTimestamp64Milli(min(${ident('Timestamp')})) AS onset, count() AS calls
FROM ${ident(TABLES.calls)} ${scopeWhere(scope, ...routeFilter)} GROUP BY route ORDER BY calls DESC LIMIT 1`)
  if (!top) return answer('unknown', 'No failing calls in this range.')
  const onset = toNumber(top.onset)
  const before = await aggregates(deps, { ...scope, filters: { ...scope.filters, cause: ['success'] }, range: { from: scope.range.from, to: onset } }, { n: sql`count()` }, [eq('Route', top.route)])
  if (onset - scope.range.from < 5 * 60_000) return answer('info', `${top.route} has failed like this since the start of the range: no change within it. Widen the range to find when it began.`)
  return before.n > 0
    ? answer('problem', `Failures on ${top.route} began ${isoMs(onset)}; ${count(before.n, 'call')} succeeded there before: the requirement or the clients changed then.`)
    : answer('info', `Failures on ${top.route} began ${isoMs(onset)}, and no call succeeded there before in this range.`)
}

const DETAIL_FIELDS: Record<string, (call: { Issuer: string; Audience: string[]; TokenKeyId: string; TokenAlgorithm: string }) => string> = {
  issuer: (c) => `iss ${c.Issuer || '(none)'}`,
  audience: (c) => `aud ${c.Audience.join(', ') || '(none)'}`,
  algorithm: (c) => `alg ${c.TokenAlgorithm || '(none)'}`,
  signature_key: (c) => `kid ${c.TokenKeyId || '(none)'} / alg ${c.TokenAlgorithm || '(none)'}`,
  unknown_kid: (c) => `kid ${c.TokenKeyId || '(none)'} / alg ${c.TokenAlgorithm || '(none)'}`,
  bad_signature: (c) => `kid ${c.TokenKeyId || '(none)'} / alg ${c.TokenAlgorithm || '(none)'}`,
}

/** Details whose next step is the key set: is it reachable, does it list the token's kid. */
const KEY_SET_DETAILS: ReadonlySet<string> = new Set(['signature_key', 'unknown_kid', 'bad_signature', 'jwks_unavailable'])

export const configCompare: AnswerFn = async (scope, deps) => {
  const find = createExpectationFinder(deps.expectations)
  if (scope.call) {
    const { call } = scope.call
    const expectation = find(call.ServiceName, call.Route)?.expectation
    const token = DETAIL_FIELDS[call.CauseDetail]?.(call) ?? `detail ${call.CauseDetail || '(none)'}`
    if (!expectation) return answer('info', `Token: ${token}. No expectation covers ${call.ServiceName} ${call.Route} in classifier.expectations, so claimcheck cannot compare.`)
    if (KEY_SET_DETAILS.has(call.CauseDetail)) return answer('info', `Token: ${token}. Whether the key set lists it, and whether it could be fetched, is the next step.`)
    const expected = call.CauseDetail === 'issuer' ? expectation.issuers : call.CauseDetail === 'audience' ? expectation.audiences : call.CauseDetail === 'algorithm' ? expectation.algorithms : []
    const mismatch = (call.CauseDetail === 'issuer' && expected.length > 0 && !expected.includes(call.Issuer))
      || (call.CauseDetail === 'audience' && expected.length > 0 && !call.Audience.some((a) => expected.includes(a)))
      || (call.CauseDetail === 'algorithm' && expected.length > 0 && !expected.includes(call.TokenAlgorithm))
    return answer(mismatch ? 'problem' : 'info', `Token: ${token}; configured: ${expected.length ? expected.join(', ') : 'nothing to compare for this detail'}.`)
  }
  const details = await topValues(deps, scope, col('CauseDetail'), { limit: 6 })
  if (details.length === 0) return answer('unknown', 'No failing calls in this range.')
  return answer('info', `By detail: ${listCounts(details, (d) => d.value || '(none)')}.`)
}

export const jwksHealth: AnswerFn = async (scope, deps) => {
  const all = await getJwksHealth(deps.context, deps.expectations, scope.filters, scope.range)
  if (all.length === 0) return answer('unknown', 'No jwksUrl is configured in classifier.expectations: claimcheck cannot watch the key sets.')
  // For one call, only the key sets of its issuer matter.
  const issuer = scope.call?.call.Issuer
  const sources = issuer === undefined ? all : all.filter((s) => s.issuers.length === 0 || s.issuers.includes(issuer))
  const facts = sources.map((s): [string, string] => [s.url, s.status === 'ok' ? `ok, lists ${s.kids.filter((k) => k.inJwks).map((k) => k.kid).join(', ') || 'no kids'}` : s.status === 'failing' ? `failing: ${s.lastFetch?.error ?? ''}` : 'never fetched'])
  if (scope.call) {
    const { TokenKeyId: kid, CauseDetail: detail } = scope.call.call
    if (sources.length === 0) return answer('info', `No JWKS is configured for the token's issuer ${issuer || '(none)'}.`)
    if (!kid) return answer('info', 'The token named no kid.', facts)
    const listed = sources.some((s) => s.kids.some((k) => k.kid === kid && k.inJwks))
    if (listed) return answer('ok', `kid ${kid} is listed in the JWKS.`, facts)
    return answer(KEY_SET_DETAILS.has(detail) ? 'problem' : 'info', `kid ${kid} is not in the JWKS as last fetched: a key rotated in before it was published, or another issuer's key.`, facts)
  }
  const failing = sources.filter((s) => s.status === 'failing' || s.failures > 0)
  return failing.length > 0
    ? answer('problem', `${count(failing.length, 'JWKS')} failed to fetch in this range (${failing.map((s) => `${s.failures} of ${s.fetches} fetches`).join('; ')}).`, facts)
    : answer('ok', `Every configured JWKS answered in this range (${sources.map((s) => `${s.fetches} fetches`).join(', ')}).`, facts)
}

export const onset: AnswerFn = async (scope, deps) => {
  const stats = await aggregates(deps, scope, { n: sql`count()`, first: sql`toUnixTimestamp64Milli(min(${ident('Timestamp')}))`, last: sql`toUnixTimestamp64Milli(max(${ident('Timestamp')}))` })
  if (stats.n === 0) return answer('unknown', 'No failing calls in this range.')
  const firstFive = await aggregates(deps, { ...scope, range: { from: stats.first, to: stats.first + 5 * 60_000 } }, { n: sql`count()` })
  const versions = await topValues(deps, scope, sql`${ident('Attributes')}[${param('service.version', 'String')}]`, { limit: 3 })
  const facts: [string, string][] = [['First failure', isoMs(stats.first)], ['Last failure', isoMs(stats.last)], ['In the first 5 min', firstFive.n.toLocaleString('en')]]
  if (versions.some((v) => v.value !== '')) facts.push(['Gateway versions', listCounts(versions)])
  const sudden = firstFive.n >= Math.max(5, stats.n * 0.2)
  return answer(sudden ? 'problem' : 'info', sudden
    ? `Started suddenly at ${isoMs(stats.first)} (${share(firstFive.n, stats.n)} of them in the first 5 minutes): look for a deploy of the gateway or identity provider just before.`
    : `From ${isoMs(stats.first)} to ${isoMs(stats.last)}, spread out rather than after one change.`, facts)
}

export const unexpectedIssuers: AnswerFn = async (scope, deps) => {
  const known = new Set(configuredIssuers(deps.expectations))
  const issuers = await topValues(deps, scope, col('Issuer'), { limit: 10 })
  if (issuers.length === 0) return answer('unknown', 'No failing calls in this range.')
  if (known.size === 0) return answer('info', `No issuers configured to compare with; seen: ${listCounts(issuers)}.`)
  const unknown = issuers.filter((i) => i.value !== '' && !known.has(i.value))
  const own = scope.call && scope.call.call.Issuer && !known.has(scope.call.call.Issuer) ? `This token's issuer ${scope.call.call.Issuer} is not configured. ` : ''
  return unknown.length > 0
    ? answer('problem', `${own}Tokens from issuers no expectation lists: ${listCounts(unknown)}: clients of another environment.`)
    : answer('ok', `${own}Every failing token comes from a configured issuer.`)
}

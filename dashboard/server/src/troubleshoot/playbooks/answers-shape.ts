import { TABLES } from '@claimcheck/shared'
import { queryRows, toNumber } from '../../api/runner.ts'
import { buildUnclassifiedQuery } from '../../api/sql/queries-calls.ts'
import { ident, param, sql } from '@claimcheck/shared/node'
import { aggregates, answer, col, count, listCounts, share, topValues, type AnswerFn } from './context.ts'

/** Answers from what the calls looked like: details, methods, routes, user agents, messages. */

const USER_AGENT = sql`${ident('Attributes')}[${param('user_agent.original', 'String')}]`

/** Share of the scope's calls with one of `details`, with an ok answer when there are none. */
function detailShare(details: readonly string[], found: (n: string) => string, none: string): AnswerFn {
  return async (scope, deps) => {
    const stats = await aggregates(deps, scope, { total: sql`count()`, n: sql`countIf(${ident('CauseDetail')} IN ${param(details, 'Array(String)')})` })
    const own = scope.call ? (details.includes(scope.call.call.CauseDetail) ? 'This call is one of them. ' : 'Not this call. ') : ''
    if (stats.total === 0) return answer('unknown', 'No failing calls in this range.')
    if (stats.n === 0) return answer('ok', `${own}${none}`)
    return answer('problem', `${own}${found(`${count(stats.n, 'call')} (${share(stats.n, stats.total)})`)}`)
  }
}

export const headerShape: AnswerFn = async (scope, deps) => {
  const [details, agents] = await Promise.all([topValues(deps, scope, col('CauseDetail'), { limit: 5 }), topValues(deps, scope, USER_AGENT, { limit: 3 })])
  if (details.length === 0) return answer('unknown', 'No failing calls in this range.')
  const facts: [string, string][] = [['Details', listCounts(details, (d) => d.value || '(none)')]]
  if (agents.some((a) => a.value !== '')) facts.push(['User agents', listCounts(agents, (a) => a.value || '(none)')])
  const bearer = details.find((d) => d.value === 'bearer_scheme')
  const own = scope.call ? `This call: ${scope.call.call.CauseDetail || 'no detail'}. ` : ''
  return answer(bearer ? 'problem' : 'info', `${own}${bearer ? `${count(bearer.calls, 'call')} had a bad Authorization header (not "Bearer <token>").` : 'The header had the Bearer form; the token itself did not decode.'}`, facts)
}

export const tokenType = detailShare(['token_type'], (n) => `${n} had the wrong typ: an ID token (or another kind) sent as an access token.`, 'No failure had a wrong token type: not an ID token mix-up.')
export const claimShape = detailShare(['bad_claim', 'missing_claim'], (n) => `${n} had a missing or mistyped claim (exp/nbf/iat not numbers, no sub).`, 'No failure was about claim types or missing claims.')

export const preflight: AnswerFn = async (scope, deps) => {
  const [methods, agents] = await Promise.all([topValues(deps, scope, col('Method'), { limit: 5 }), topValues(deps, scope, USER_AGENT, { limit: 3 })])
  const total = methods.reduce((sum, m) => sum + m.calls, 0)
  if (total === 0) return answer('unknown', 'No failing calls in this range.')
  const options = methods.find((m) => m.value === 'OPTIONS')
  const facts: [string, string][] = [['Methods', listCounts(methods)]]
  if (agents.some((a) => a.value !== '')) facts.push(['User agents', listCounts(agents, (a) => a.value || '(none)')])
  const own = scope.call?.call.Method === 'OPTIONS' ? 'This call is a CORS preflight. ' : ''
  return options
    ? answer('problem', `${own}${share(options.calls, total)} are OPTIONS requests: CORS preflights never carry Authorization; let them through before the JWT check.`, facts)
    : answer('info', `${own}No CORS preflights among them: the client (see the user agents) sends no Authorization header.`, facts)
}

export const publicRoute: AnswerFn = async (scope, deps) => {
  const routes = await topValues(deps, scope, col('Route'), { limit: 3 })
  if (routes.length === 0) return answer('unknown', 'No failing calls in this range.')
  const rows = await queryRows<{ route: string; ok: unknown }>(deps.context, sql`SELECT ${ident('Route')} AS route, countIf(${ident('Cause')} = '' AND ${ident('TokenPresent')} = 0) AS ok
FROM ${ident(TABLES.calls)}
WHERE ${ident('Route')} IN ${param(routes.map((r) => r.value), 'Array(String)')} AND ${ident('Timestamp')} >= fromUnixTimestamp64Milli(${param(scope.range.from, 'Int64')}) AND ${ident('Timestamp')} < fromUnixTimestamp64Milli(${param(scope.range.to, 'Int64')})
GROUP BY route`)
  const open = new Map(rows.map((r) => [r.route, toNumber(r.ok)]))
  const facts = routes.map((r): [string, string] => [r.value, `${count(r.calls, 'failure')}; ${open.get(r.value) ? `${count(open.get(r.value)!, 'call')} without a token succeeded` : 'no call without a token succeeded'}`])
  const mixed = routes.find((r) => (open.get(r.value) ?? 0) > 0)
  return mixed
    ? answer('problem', `${mixed.value} lets some calls through without a token and refuses others: its auth requirement is inconsistent across gateways or methods.`, facts)
    : answer('info', `Most failures: ${listCounts(routes)}; none of them ever served a call without a token in this range. If one should be public, exempt it at the gateway.`, facts)
}

export const revocationKind: AnswerFn = async (scope, deps) => {
  const details = await topValues(deps, scope, col('CauseDetail'), { limit: 5 })
  if (details.length === 0) return answer('unknown', 'No failing calls in this range.')
  const own = scope.call ? `This call: ${scope.call.call.CauseDetail || 'no detail'}. ` : ''
  const session = details.find((d) => d.value === 'session')
  return answer(session ? 'problem' : 'info', `${own}By kind: ${listCounts(details, (d) => d.value || '(none)')}${session ? '; ended sessions: users signed out or an admin ended them' : ''}.`)
}

export const messages: AnswerFn = async (scope, deps) => {
  const rows = await queryRows<{ message: string; calls: unknown }>(deps.context, buildUnclassifiedQuery(scope.filters, scope.range, 3))
  const own = scope.call ? `This call said: "${scope.call.call.ErrorMessage || '(no message)'}". ` : ''
  if (rows.length === 0) return answer(own ? 'info' : 'unknown', `${own}No unclassified messages in this range.`)
  return answer('info', `${own}Most frequent: ${rows.map((r) => `"${r.message || '(no message)'}" (${toNumber(r.calls).toLocaleString('en')})`).join(', ')}.`)
}

export const rulesFile: AnswerFn = async (_scope, deps) =>
  deps.rulesFile
    ? answer('info', `User rules are read from ${deps.rulesFile} and reloaded when it changes: add a rule matching these messages there.`)
    : answer('problem', 'No rules file is configured (classifier.rulesFile / CLAIMCHECK_RULES_FILE): create one to classify these messages.')

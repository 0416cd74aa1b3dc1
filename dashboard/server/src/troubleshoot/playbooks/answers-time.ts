import { TABLES } from '@claimcheck/shared'
import { queryRows, toNumber } from '../../api/runner.ts'
import { ident, param, sql, type Fragment } from '@claimcheck/shared/node'
import { aggregates, answer, col, count, eq, listCounts, scopeWhere, share, spanSeconds, topValues, type AnswerFn, type PlaybookDeps, type PlaybookScope } from './context.ts'

/** Answers about token times: expired and not-yet-valid calls, clocks, lifetimes, reuse. */

const seconds = (column: string) => sql`toInt64(toUnixTimestamp(${ident(column)}))`
const LATE = sql`${seconds('Timestamp')} - ${seconds('TokenExpiresAt')}`
const HAS_EXP = sql`${ident('TokenExpiresAt')} IS NOT NULL`
const AHEAD = sql`toInt64(toUnixTimestamp(coalesce(${ident('TokenNotBefore')}, ${ident('TokenIssuedAt')}))) - ${seconds('Timestamp')}`
const HAS_NBF = sql`coalesce(${ident('TokenNotBefore')}, ${ident('TokenIssuedAt')}) IS NOT NULL`
const LIFETIME = sql`${seconds('TokenExpiresAt')} - ${seconds('TokenIssuedAt')}`
const HAS_LIFETIME = sql`${HAS_EXP} AND ${ident('TokenIssuedAt')} IS NOT NULL`

export const expiryGap: AnswerFn = async (scope, deps) => {
  const skew = deps.clockSkewSeconds
  if (scope.call) {
    const late = scope.call.claims.secondsPastExpiry
    if (late === null) return answer('unknown', 'The call carried no exp claim claimcheck could read.')
    if (late <= 0) return answer('problem', `exp was still ${spanSeconds(late)} ahead at the call, yet the gateway saw the token expired: the gateway's clock runs ahead.`)
    if (late <= skew) return answer('problem', `Expired only ${spanSeconds(late)} before the call, within the ${skew} s skew: clock skew between issuer and gateway.`)
    if (late >= 3_600) return answer('problem', `Expired ${spanSeconds(late)} before the call: the client kept using an old token instead of refreshing.`)
    return answer('info', `Expired ${spanSeconds(late)} before the call.`)
  }
  const stats = await aggregates(deps, scope, {
    n: sql`count()`, skewed: sql`countIf(${LATE} <= ${param(skew, 'Int64')})`, hourPlus: sql`countIf(${LATE} >= 3600)`, median: sql`quantile(0.5)(${LATE})`,
  }, [HAS_EXP])
  if (stats.n === 0) return answer('unknown', 'No failing call in this range carried an exp claim.')
  return answer('problem', `Median ${spanSeconds(stats.median)} past exp: ${share(stats.skewed, stats.n)} within the ${skew} s skew (clock skew), ${share(stats.hourPlus, stats.n)} an hour or more late (clients not refreshing).`, [
    ['Calls with exp', stats.n.toLocaleString('en')], ['Within the skew', stats.skewed.toLocaleString('en')], ['1 h or more late', stats.hourPlus.toLocaleString('en')],
  ])
}

/** Calls presenting the same token (subject + a token time) again, per client. */
function reuseQuery(scope: PlaybookScope, tokenTime: string, clients: readonly string[]): Fragment {
  return sql`SELECT client, countIf(presented >= 2) AS reused, max(presented) AS most FROM (
  SELECT ${ident('ClientId')} AS client, ${ident('Subject')} AS subject, ${ident(tokenTime)} AS t, count() AS presented
  FROM ${ident(TABLES.calls)} ${scopeWhere(scope, sql`${ident('ClientId')} IN ${param(clients, 'Array(String)')}`)}
  GROUP BY client, subject, t
) GROUP BY client`
}

async function sameToken(deps: PlaybookDeps, scope: PlaybookScope, tokenTime: 'TokenExpiresAt' | 'TokenIssuedAt', at: number | null): Promise<number> {
  const call = scope.call!.call
  if (at === null) return 0
  const stats = await aggregates(deps, scope, { n: sql`count()` }, [
    eq('Subject', call.Subject), eq('ClientId', call.ClientId), sql`${ident(tokenTime)} = toDateTime(${param(at, 'UInt32')})`,
  ])
  return stats.n
}

/** "Does the client get a new token?": the same token presented again after it failed. */
function tokenReuse(tokenTime: 'TokenExpiresAt' | 'TokenIssuedAt', failed: string, fix: string): AnswerFn {
  return async (scope, deps) => {
    if (scope.call) {
      const call = scope.call.call
      const n = await sameToken(deps, scope, tokenTime, tokenTime === 'TokenExpiresAt' ? call.TokenExpiresAt : call.TokenIssuedAt)
      const client = call.ClientId || '(no client id)'
      return n >= 2
        ? answer('problem', `Client ${client} presented this ${failed} token ${n} times in the day around the call: it retries without getting a new token.`)
        : answer('info', `This is the only call with this ${failed} token: ${client} may get a new one after a failure.`)
    }
    const clients = await topValues(deps, scope, col('ClientId'), { where: [sql`${ident('ClientId')} != ''`], limit: 3 })
    if (clients.length === 0) return answer('unknown', 'The failing calls carry no client id.')
    const rows = await queryRows<{ client: string; reused: unknown; most: unknown }>(deps.context, reuseQuery(scope, tokenTime, clients.map((c) => c.value)))
    const reused = new Map(rows.map((row) => [row.client, { reused: toNumber(row.reused), most: toNumber(row.most) }]))
    const facts = clients.map((c): [string, string] => [c.value, `${count(c.calls, 'call')}, ${count(reused.get(c.value)?.reused ?? 0, 'token')} presented again (up to ${reused.get(c.value)?.most ?? 1}×)`])
    const worst = clients.find((c) => (reused.get(c.value)?.reused ?? 0) > 0)
    return worst
      ? answer('problem', `${worst.value} keeps sending ${failed} tokens: ${count(reused.get(worst.value)!.reused, 'token')} came back after failing. ${fix}`, facts)
      : answer('info', `Top clients: ${listCounts(clients)}; none sent the same ${failed} token twice.`, facts)
  }
}

export const clientRefresh = tokenReuse('TokenExpiresAt', 'expired', 'Fix its refresh: refresh before exp, and retry once after a 401.')
export const revokedReuse = tokenReuse('TokenIssuedAt', 'revoked', 'Make it drop a refused token and sign the user in again.')

export const clockSync: AnswerFn = async (scope, deps) => {
  const skew = deps.clockSkewSeconds
  const stats = await aggregates(deps, scope, {
    total: sql`count()`, skewed: sql`countIf(${ident('CauseDetail')} = 'clock_skew')`,
    clients: sql`uniqIf(${ident('ClientId')}, ${ident('CauseDetail')} = 'clock_skew')`, services: sql`uniqIf(${ident('ServiceName')}, ${ident('CauseDetail')} = 'clock_skew')`,
  })
  const one = stats.services === 1 ? ': one gateway, check its NTP first' : ''
  const elsewhere = `${count(stats.skewed, 'call')} (${share(stats.skewed, stats.total)}) failed within the ${skew} s skew, from ${count(stats.clients, 'client')} on ${count(stats.services, 'gateway')}${one}.`
  if (scope.call) {
    return scope.call.call.CauseDetail === 'clock_skew'
      ? answer('problem', `This call failed within the ${skew} s skew: the clocks of issuer and gateway disagree. In the day around it, ${elsewhere}`)
      : answer('ok', `This call failed well outside the ${skew} s skew: not a clock problem.${stats.skewed > 0 ? ` (In the day around it, ${elsewhere})` : ''}`)
  }
  if (stats.skewed === 0) return answer('ok', `No failure in this range was within the ${skew} s skew: clocks are not what fails these calls.`)
  return answer('problem', elsewhere)
}

export const tokenLifetime: AnswerFn = async (scope, deps) => {
  const stats = await aggregates(deps, scope, { n: sql`count()`, median: sql`quantile(0.5)(${LIFETIME})`, longest: sql`max(${LIFETIME})` }, [HAS_LIFETIME])
  const call = scope.call?.call
  const own = call && call.TokenExpiresAt !== null && call.TokenIssuedAt !== null ? `This token lived ${spanSeconds(call.TokenExpiresAt - call.TokenIssuedAt)}. ` : ''
  if (stats.n === 0) return answer(own ? 'info' : 'unknown', `${own}No failing call in this range carried both iat and exp.`)
  return answer('info', `${own}Failing tokens live ${spanSeconds(stats.median)} (median, longest ${spanSeconds(stats.longest)}); claimcheck allows ${deps.clockSkewSeconds} s of skew (classifier.clockSkewSeconds), the gateway its own leeway.`)
}

export const nbfGap: AnswerFn = async (scope, deps) => {
  const skew = deps.clockSkewSeconds
  if (scope.call) {
    const claims = scope.call.claims
    const ahead = claims.secondsBeforeNotBefore ?? (claims.tokenAgeSeconds === null ? null : -claims.tokenAgeSeconds)
    if (ahead === null) return answer('unknown', 'The call carried neither nbf nor iat.')
    if (ahead <= skew) return answer('problem', `nbf/iat was ${spanSeconds(ahead)} ahead of the call: seconds, so the issuer's and the gateway's clocks disagree.`)
    return answer('problem', `nbf/iat was ${spanSeconds(ahead)} ahead of the call: far beyond clock drift, the issuer minted it with a wrong time.`)
  }
  const stats = await aggregates(deps, scope, { n: sql`count()`, median: sql`quantile(0.5)(${AHEAD})`, withinMinute: sql`countIf(${AHEAD} <= 60)` }, [HAS_NBF])
  if (stats.n === 0) return answer('unknown', 'No failing call in this range carried nbf or iat.')
  return answer('problem', `Median ${spanSeconds(stats.median)} ahead of the call; ${share(stats.withinMinute, stats.n)} within a minute: clock skew between issuer and gateway.`)
}

export const clockSources: AnswerFn = async (scope, deps) => {
  const [issuers, services] = await Promise.all([topValues(deps, scope, col('Issuer'), { limit: 3 }), topValues(deps, scope, col('ServiceName'), { limit: 3 })])
  const total = services.reduce((sum, s) => sum + s.calls, 0)
  if (total === 0) return answer('unknown', 'No failing calls in this range.')
  const facts: [string, string][] = [['Issuers', listCounts(issuers)], ['Gateways', listCounts(services)]]
  const [service] = services
  const [issuer] = issuers
  if (service && service.calls / total >= 0.9 && services.length > 0) return answer('problem', `${share(service.calls, total)} come through ${service.value}: check NTP on that gateway first.`, facts)
  if (issuer && issuer.calls / total >= 0.9) return answer('problem', `${share(issuer.calls, total)} are tokens of ${issuer.value || '(no issuer)'} on several gateways: check the issuer's clock.`, facts)
  return answer('info', 'Spread over several issuers and gateways: more than one clock is off, or the skew allowed is too small.', facts)
}

export const skewSetting: AnswerFn = async (scope, deps) => {
  const skew = deps.clockSkewSeconds
  const stats = await aggregates(deps, scope, { n: sql`count()`, close: sql`countIf(${AHEAD} <= ${param(2 * skew, 'Int64')})` }, [HAS_NBF])
  const base = `claimcheck counts ${skew} s as skew (classifier.clockSkewSeconds); the gateway's own leeway may differ.`
  if (stats.n === 0) return answer('info', base)
  return answer('info', `${base} ${share(stats.close, stats.n)} of these calls were less than ${2 * skew} s early: a larger leeway would accept them, fixed clocks are better.`)
}

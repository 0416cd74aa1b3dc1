import type { SubjectState, SubjectVerdict } from '@claimcheck/shared'
import { queryRows, toNumber } from '../../api/runner.ts'
import { buildSubjectStatsQuery } from '../../api/sql/queries-calls.ts'
import { ident, sql } from '@claimcheck/shared/node'
import { answer, col, count, isoMs, listCounts, share, topValues, type AnswerFn } from './context.ts'

/** Answers about unknown subjects: the directory's verdict, shared tenants, the clients holding such tokens. */

const STATE_WORDS: Record<SubjectState, string> = {
  not_found: 'not in the directory', deleted: 'deleted', disabled: 'disabled', active: 'present and active', unavailable: 'unknown (directory unavailable)',
}

function lastSuccessText(row: { successes: unknown; lastSuccess: unknown } | undefined): string {
  return row && toNumber(row.successes) > 0 ? `last succeeded ${isoMs(toNumber(row.lastSuccess))}` : 'never succeeded in the stored calls'
}

export const subjectDirectory: AnswerFn = async (scope, deps) => {
  if (scope.call) {
    const call = scope.call.call
    if (!call.Subject) return answer('unknown', 'The call carried no sub.')
    const [stats] = await queryRows<{ successes: unknown; lastSuccess: unknown }>(deps.context, buildSubjectStatsQuery(call.Subject))
    const history = lastSuccessText(stats)
    if (!deps.directory) return answer('unknown', `No subject directory is configured (troubleshoot.subjects); ${call.Subject} ${history}.`)
    const verdict = await deps.directory.lookup(call.Subject, { tokenTenant: call.Tenant || undefined })
    const status = verdict.state === 'unavailable' ? 'unknown' : verdict.state === 'active' ? 'info' : 'problem'
    return answer(status, `${verdict.explanation} The sub ${history}.`, [['Directory', `${STATE_WORDS[verdict.state]} (${verdict.source})`]])
  }
  const subjects = await topValues(deps, scope, col('Subject'), { where: [sql`${ident('Subject')} != ''`], limit: 20 })
  if (subjects.length === 0) return answer('unknown', 'No failing call in this range carried a sub.')
  if (!deps.directory) return answer('unknown', `No subject directory is configured (troubleshoot.subjects): ${count(subjects.length, 'subject')} to look up by hand, e.g. ${subjects[0]!.value}.`)
  const verdicts = await deps.directory.lookupMany(subjects.map((s) => ({ subject: s.value })))
  const byState = new Map<SubjectState, SubjectVerdict[]>()
  for (const verdict of verdicts) byState.set(verdict.state, [...(byState.get(verdict.state) ?? []), verdict])
  const parts = [...byState.entries()].sort((a, b) => b[1].length - a[1].length).map(([state, list]) => `${list.length} ${STATE_WORDS[state]}`)
  const missing = (byState.get('not_found')?.length ?? 0) + (byState.get('deleted')?.length ?? 0)
  // The subjects that explain the failures first: "8 not in the directory" must list those, not
  // the first six by failure count, which may all be present.
  const rank = (v: SubjectVerdict) => (v.state === 'active' ? 2 : v.state === 'unavailable' ? 1 : 0)
  const shown = [...verdicts].sort((a, b) => rank(a) - rank(b)).slice(0, 6)
  const facts = shown.map((v): [string, string] => [v.subject, v.state === 'deleted' && v.deletedAt ? `deleted ${isoMs(v.deletedAt)}` : STATE_WORDS[v.state]])
  if (byState.get('unavailable')?.length === verdicts.length) return answer('unknown', `The subject directory could not answer (${verdicts[0]!.error ?? 'unavailable'}).`, facts)
  return answer(missing > 0 ? 'problem' : 'info', `Of the ${count(verdicts.length, 'most failing subject')}: ${parts.join(', ')}.`, facts)
}

export const sharedTenant: AnswerFn = async (scope, deps) => {
  const [tenants, issuers] = await Promise.all([topValues(deps, scope, col('Tenant'), { limit: 3 }), topValues(deps, scope, col('Issuer'), { limit: 3 })])
  const total = tenants.reduce((sum, t) => sum + t.calls, 0)
  if (total === 0) return answer('unknown', 'No failing calls in this range.')
  const facts: [string, string][] = [['Tenants', listCounts(tenants)], ['Issuers', listCounts(issuers)]]
  const [top] = tenants
  const own = scope.call?.call.Tenant ? `This call's tenant is ${scope.call.call.Tenant}. ` : ''
  if (top && top.value !== '' && top.calls / total >= 0.8 && top.subjects >= 2) {
    return answer('problem', `${own}${share(top.calls, total)} of the failures are tenant ${top.value} (${count(top.subjects, 'subject')}): look for a migration, a restore or a second environment of that tenant.`, facts)
  }
  if (issuers.length === 1 && tenants.length > 1) return answer('info', `${own}Several tenants, one issuer (${issuers[0]!.value || 'none'}).`, facts)
  return answer('info', `${own}Failures spread over tenants and issuers: not one migration.`, facts)
}

export const affectedClients: AnswerFn = async (scope, deps) => {
  const clients = await topValues(deps, scope, col('ClientId'), { limit: 4 })
  const facts = clients.map((c): [string, string] => [c.value || '(no client id)', `${count(c.calls, 'failure')}, ${count(c.subjects, 'subject')}`])
  const call = scope.call?.call
  if (call) {
    let when = ''
    if (deps.directory && call.Subject && call.TokenIssuedAt !== null) {
      const verdict = await deps.directory.lookup(call.Subject)
      if (verdict.state === 'deleted' && verdict.deletedAt !== null && call.TokenIssuedAt * 1000 < verdict.deletedAt) {
        when = ` The token was issued ${isoMs(call.TokenIssuedAt * 1000)}, before the account was deleted (${isoMs(verdict.deletedAt)}): it stays useless until the user signs in again.`
      }
    }
    return answer(when ? 'problem' : 'info', `Client ${call.ClientId || '(no client id)'} sent this call.${when}`, facts)
  }
  if (clients.length === 0) return answer('unknown', 'No failing calls in this range.')
  return answer('info', `Clients holding such tokens: ${listCounts(clients, (c) => c.value || '(no client id)')}. They need to sign the users out and in again.`, facts)
}

import { CAUSE_INFO, FiltersSchema, PLAYBOOK_CHECKS, type Cause, type Filters, type PlaybookCheckId, type PlaybookResponse, type QueryRange } from '@claimcheck/shared'
import { getCall } from '../../api/services/calls.ts'
import { affectedClients, sharedTenant, subjectDirectory } from './answers-subject.ts'
import { clientScopes, configCompare, jwksHealth, onset, routeChange, scopeCompare, unexpectedIssuers } from './answers-config.ts'
import { claimShape, headerShape, messages, preflight, publicRoute, revocationKind, rulesFile, tokenType } from './answers-shape.ts'
import { clientRefresh, clockSources, clockSync, expiryGap, nbfGap, revokedReuse, skewSetting, tokenLifetime } from './answers-time.ts'
import { answer, type AnswerFn, type PlaybookDeps, type PlaybookScope } from './context.ts'

const ANSWERS: Readonly<Record<PlaybookCheckId, AnswerFn>> = {
  expiry_gap: expiryGap, client_refresh: clientRefresh, clock_sync: clockSync, token_lifetime: tokenLifetime,
  subject_directory: subjectDirectory, shared_tenant: sharedTenant, affected_clients: affectedClients,
  scope_compare: scopeCompare, client_scopes: clientScopes, route_change: routeChange,
  config_compare: configCompare, jwks_health: jwksHealth, onset, unexpected_issuers: unexpectedIssuers,
  header_shape: headerShape, token_type: tokenType, claim_shape: claimShape,
  preflight, public_route: publicRoute,
  nbf_gap: nbfGap, clock_sources: clockSources, skew_setting: skewSetting,
  revocation_kind: revocationKind, token_reuse: revokedReuse,
  messages, rules_file: rulesFile,
}

/** The taxonomy's ordered checks for the scope, each answerable one answered (a failing answer says so, the rest still come). */
export async function answerPlaybook(scope: PlaybookScope, deps: PlaybookDeps): Promise<PlaybookResponse> {
  const checks = PLAYBOOK_CHECKS[scope.cause]
  const steps = await Promise.all(CAUSE_INFO[scope.cause].playbook.map(async (text, index) => {
    const check = checks[index] ?? null
    if (!check) return { index, text, check: null, answer: null }
    try {
      return { index, text, check, answer: await ANSWERS[check](scope, deps) }
    } catch (error) {
      if (deps.context.signal.aborted) throw error
      deps.logger?.warn({ err: error, check }, 'playbook check could not be answered')
      return { index, text, check, answer: answer('unknown', 'claimcheck could not answer this step right now.') }
    }
  }))
  return { cause: scope.cause, scope: scope.kind, steps }
}

export function causeScope(cause: Cause, filters: Filters, range: QueryRange): PlaybookScope {
  return { kind: 'cause', cause, filters: { ...filters, cause: [cause] }, range }
}

const DAY = 86_400_000
const HOUR = 3_600_000

/** A call's playbook looks at the day before the call (and the hour after): the same client, subject, token. */
export async function callScope(deps: PlaybookDeps, traceId: string, spanId: string, nowMs: number): Promise<PlaybookScope | { cause: '' }> {
  const detail = await getCall(deps.context, traceId, spanId)
  const cause = detail.call.Cause
  if (cause === '') return { cause: '' }
  const at = Math.floor(Number(BigInt(detail.call.Timestamp) / 1_000_000n))
  const range = { from: Math.floor((at - DAY) / 60_000) * 60_000, to: Math.ceil(Math.min(nowMs, at + HOUR) / 60_000) * 60_000 + 60_000 }
  return { kind: 'call', cause, filters: FiltersSchema.parse({ cause }), range, call: detail }
}

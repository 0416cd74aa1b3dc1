import type { CallFacts, Classification } from '@claimcheck/shared'
import { CallView, safeSnippet } from './call-view.ts'
import type { RuleHit, RuleLayer } from './rule-engine.ts'
import { checkTokenFacts, refineWithToken, type TokenContext } from './token-facts.ts'

/**
 * The classification pipeline, pure over its inputs. Precedence (docs/classification.md):
 *
 *   1. user rules (specific ones)            — a user can override anything built in
 *   2. built-in structured rules (specific)  — error codes, challenge params, response details
 *   3. built-in message rules (specific)     — the gateway's own words for a specific reason
 *   4. token facts                           — exp/nbf/iat vs call time, iss/aud/alg/scope vs config
 *   5. generic rules (user, structured, message) — "invalid token", `error="invalid_token"`
 *   6. `other` for a refused call (401/403/407), else '' (not an auth failure)
 *
 * Specific rules outrank token facts because they are the gateway's own verdict, while token facts
 * are re-derived (the configured expectations may be stale). Generic rules only say "auth failed",
 * so any token fact explains more than they do.
 */

export interface ClassifyContext extends TokenContext {
  userRules: RuleLayer
  structuredRules: RuleLayer
  messageRules: RuleLayer
}

const REFUSED = new Set([401, 403, 407])

function toClassification(hit: RuleHit): Classification {
  return { cause: hit.cause, detail: hit.cause === '' ? '' : hit.detail, ruleId: hit.ruleId, evidence: hit.evidence }
}

function unrecognised(facts: CallFacts): Classification {
  const message = facts.message || facts.attributes['exception.message'] || ''
  return {
    cause: 'other',
    detail: '',
    ruleId: 'fallback.unrecognised',
    evidence: message ? `status=${facts.statusCode}, unrecognised: "${safeSnippet(message, 80)}"` : `status=${facts.statusCode}, no error text`,
  }
}

/** Decides why one call failed (or that it did not fail authentication). */
export function classifyCall(facts: CallFacts, ctx: ClassifyContext): Classification {
  const refused = REFUSED.has(facts.statusCode)
  const view = new CallView(facts)

  const user = ctx.userRules.match(view)
  if (user.specific) return toClassification(user.specific)

  const structured = ctx.structuredRules.match(view)
  if (structured.specific) return toClassification(refineWithToken(structured.specific, facts, ctx))

  const messages = ctx.messageRules.match(view)
  if (messages.specific) return toClassification(refineWithToken(messages.specific, facts, ctx))

  const generic = user.generic ?? structured.generic ?? messages.generic
  if (!refused && !generic) return { cause: '', detail: '', ruleId: '', evidence: '' }

  const fact = checkTokenFacts(facts, ctx)
  if (fact) return toClassification(fact)

  if (generic) return toClassification(refineWithToken(generic, facts, ctx))
  return unrecognised(facts)
}

import type { CallFacts, Classification } from '@claimcheck/shared'
import { CallView, safeSnippet } from './call-view.ts'
import type { GenericLayer } from './lexicon/generic-layer.ts'
import type { RuleHit, RuleLayer } from './rule-engine.ts'
import { checkTokenFacts, refineWithToken, type TokenContext } from './token-facts.ts'

/**
 * The classification pipeline, pure over its inputs. Precedence (docs/classification.md):
 *
 *   1. user rules (specific ones)            — a user can override anything built in
 *   2. built-in structured rules (specific)  — error codes, challenge params, response details
 *   3. built-in message rules (specific)     — the gateway's own words for a specific reason
 *      1–3 first on the call's own fields, then (deep) also on values and texts found elsewhere
 *   4. the lexicon (specific concepts)       — the same reasons in any wording, found in any field
 *   5. token facts                           — exp/nbf/iat vs call time, iss/aud/alg/scope vs config
 *   6. generic rules (user, structured, message, lexicon) — "invalid token", `error="invalid_token"`
 *   7. `other` for a refused call (401/403/407), else '' (not an auth failure)
 *
 * Specific rules outrank token facts because they are the gateway's own verdict, while token facts
 * are re-derived (the configured expectations may be stale). Generic rules only say "auth failed",
 * so any token fact explains more than they do. The lexicon reads free text, so it decides only for
 * a refused call, or for words found in a GraphQL `errors[]` entry or a challenge's error (GraphQL
 * servers answer 200 with the auth error in the body): a 200 whose log line says "expired" is not.
 */

export interface ClassifyContext extends TokenContext {
  userRules: RuleLayer
  structuredRules: RuleLayer
  messageRules: RuleLayer
  lexicon: GenericLayer
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
  const view = new CallView(facts, ctx.lexicon.messageMemo)

  // Shallow pass: rules on the call's own fields decide most calls.
  let user = ctx.userRules.match(view)
  if (user.specific) return toClassification(user.specific)
  let structured = ctx.structuredRules.match(view)
  if (structured.specific) return toClassification(refineWithToken(structured.specific, facts, ctx))
  let messages = ctx.messageRules.match(view)
  if (messages.specific) return toClassification(refineWithToken(messages.specific, facts, ctx))
  let generic = user.generic ?? structured.generic ?? messages.generic

  // Deep pass, for calls that may have failed: the same rules on what the generic layer found
  // anywhere in the call (values in other fields, texts in JSON bodies), then the lexicon.
  let words: RuleHit | undefined
  if (view.mayHaveFailed()) {
    const added = view.deepen()
    if (added.values || added.texts) {
      user = ctx.userRules.match(view)
      if (user.specific) return toClassification(user.specific)
    }
    if (added.values) {
      structured = ctx.structuredRules.match(view)
      if (structured.specific) return toClassification(refineWithToken(structured.specific, facts, ctx))
    }
    if (added.texts) {
      messages = ctx.messageRules.match(view)
      if (messages.specific) return toClassification(refineWithToken(messages.specific, facts, ctx))
    }
    generic ??= user.generic ?? structured.generic ?? messages.generic
    const lexical = ctx.lexicon.match(view)
    words = lexical && (refused || lexical.failure) ? lexical.hit : undefined
    if (words && !words.generic) return toClassification(refineWithToken(words, facts, ctx))
  }

  generic ??= words
  if (!refused && !generic) return { cause: '', detail: '', ruleId: '', evidence: '' }

  const fact = checkTokenFacts(facts, ctx)
  if (fact) return toClassification(fact)

  if (generic) return toClassification(refineWithToken(generic, facts, ctx))
  return unrecognised(facts)
}

import type { AuthExpectation, CallFacts, Classification, SubjectVerdict, TokenFacts } from '@claimcheck/shared'
import { createClassifier } from '@claimcheck/classifier'
import type { VerifierError } from './token.ts'

/**
 * The resulting cause comes from the collector's classifier, not from rules of the inspector's
 * own: a verifier's refusal is fed to it as the jose error a gateway would log, the claims as
 * the token facts of a refused call made now. Only the subject directory's verdict, which the
 * classifier cannot see, is added after it.
 */

export interface DecideInput {
  nowMs: number
  clockSkewSeconds: number
  token: TokenFacts
  /** The first refusal of format or key checks (alg, JWKS, kid, signature), in a verifier's order. */
  verifierError?: VerifierError | undefined
  /** Whether a claim check (iss, aud, times, scopes) failed. */
  claimsFailed: boolean
  /** The expectation checked against, already reduced to what applies (scopes only for a chosen route). */
  expectation?: AuthExpectation | undefined
  subject: SubjectVerdict | null
}

const VALID: Classification = { cause: '', detail: '', ruleId: '', evidence: '' }

function attributesOf(error: VerifierError): Record<string, string> {
  const attributes: Record<string, string> = {}
  if (error.code) attributes['jose.code'] = error.code
  if (error.claim) attributes['error.claim'] = error.claim
  if (error.reason) attributes['error.reason'] = error.reason
  return attributes
}

export function decideCause(input: DecideInput): Classification {
  const refused = input.token.malformed || input.verifierError !== undefined || input.claimsFailed
  if (refused) {
    // Service and route are left empty and the expectation given without them, so it applies.
    const expectation = input.expectation && { ...input.expectation, service: undefined, route: undefined }
    const facts: CallFacts = {
      timestampMs: input.nowMs,
      serviceName: '',
      method: '',
      route: '',
      path: '',
      statusCode: 401,
      message: input.token.malformed ? '' : input.verifierError?.message ?? '',
      attributes: input.token.malformed || !input.verifierError ? {} : attributesOf(input.verifierError),
      token: input.token,
    }
    // Built-in rules only (user rules match gateways' messages, and the inspector sends none); the
    // classifier shares the compiled packs with every other one, so one per token is cheap.
    const classifier = createClassifier({ config: { clockSkewSeconds: input.clockSkewSeconds, expectations: expectation ? [expectation] : [] }, watch: false })
    return classifier.classify(facts)
  }
  const subject = input.subject
  if (subject?.state === 'not_found' || subject?.state === 'deleted') {
    return { cause: 'unknown_sub', detail: 'user', ruleId: `directory.${subject.state}`, evidence: `sub ${subject.subject} ${subject.state === 'deleted' ? 'is deleted in' : 'is not in'} the subject directory (${subject.source})` }
  }
  if (subject?.state === 'disabled') {
    return { cause: 'revoked', detail: 'user_disabled', ruleId: 'directory.disabled', evidence: `sub ${subject.subject} is disabled in the subject directory (${subject.source})` }
  }
  return VALID
}

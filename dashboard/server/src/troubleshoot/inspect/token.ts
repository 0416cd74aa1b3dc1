import { cleanToken, decodeJwt, type TokenClaims, type TokenFacts } from '@claimcheck/shared'

/** A verifier's refusal in jose's terms (err.code, claim, reason, message): what the classifier's jose rules read. */
export interface VerifierError {
  code?: string
  claim?: string
  reason?: string
  message: string
}

export type DecodedToken =
  | { ok: true; token: string; facts: TokenFacts & { claims: TokenClaims }; header: Record<string, unknown>; payload: Record<string, unknown>; problem?: VerifierError }
  | { ok: false; token: string; facts: TokenFacts; reason: string }

/**
 * Decodes with the one decoder the collector and the web use (so "malformed" means what it means
 * for stored calls). A time claim that is not a number decodes, but is what a verifier refuses
 * first among the claims (jose: "claim must be a number").
 */
export function decodeToken(input: string): DecodedToken {
  const token = cleanToken(input)
  const decoded = decodeJwt(token)
  if (!decoded.ok) return { ok: false, token, facts: { present: true, malformed: true }, reason: decoded.reason }
  const badTime = decoded.timeClaimProblems[0]
  const problem: VerifierError | undefined = badTime
    ? { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: badTime, reason: 'invalid', message: `"${badTime}" claim must be a number` }
    : undefined
  const facts = { present: true, malformed: false, claims: decoded.claims }
  return { ok: true, token, facts, header: decoded.header, payload: decoded.payload, ...(problem ? { problem } : {}) }
}

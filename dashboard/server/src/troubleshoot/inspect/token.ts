import type { TokenFacts } from '@claimcheck/shared'
import { decodeTokenFacts } from '@claimcheck/collector/normalize'

/** A verifier's refusal in jose's terms (err.code, claim, reason, message): what the classifier's jose rules read. */
export interface VerifierError {
  code?: string
  claim?: string
  reason?: string
  message: string
}

export type DecodedToken =
  | { ok: true; token: string; facts: TokenFacts & { claims: NonNullable<TokenFacts['claims']> }; header: Record<string, unknown>; payload: Record<string, unknown>; problem?: VerifierError }
  | { ok: false; token: string; facts: TokenFacts; reason: string }

/** What was pasted, without a `Bearer ` prefix, quotes or whitespace. */
export function cleanToken(input: string): string {
  return input.trim().replace(/^["']|["']$/g, '').trim().replace(/^bearer\s+/i, '').trim()
}

function segment(part: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(part)) return undefined
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

const TIME_CLAIMS = ['exp', 'nbf', 'iat'] as const

/**
 * Decodes without verifying, with the collector's decoder (so "malformed" means what it means for
 * stored calls) and a reason a person can act on when it fails. Time claims that are not numbers
 * decode, but are a problem a verifier refuses (jose: "claim must be a number").
 */
export function decodeToken(input: string): DecodedToken {
  const token = cleanToken(input)
  const facts = decodeTokenFacts(token)
  const parts = token.split('.')
  if (facts.malformed || !facts.claims) {
    const reason = parts.length === 5 ? '5 parts: an encrypted JWE, not a signed JWT'
      : parts.length !== 3 ? `${parts.length} part${parts.length === 1 ? '' : 's'}; a JWT has 3 (header.payload.signature)`
        : !segment(parts[0]!) ? 'the header is not base64url-encoded JSON'
          : 'the payload is not base64url-encoded JSON'
    return { ok: false, token, facts: { present: true, malformed: true }, reason }
  }
  const header = segment(parts[0]!) ?? {}
  const payload = segment(parts[1]!) ?? {}
  const badTime = TIME_CLAIMS.find((claim) => payload[claim] !== undefined && typeof payload[claim] !== 'number')
  const problem: VerifierError | undefined = badTime
    ? { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: badTime, reason: 'invalid', message: `"${badTime}" claim must be a number` }
    : undefined
  return { ok: true, token, facts: { ...facts, claims: facts.claims }, header, payload, ...(problem ? { problem } : {}) }
}

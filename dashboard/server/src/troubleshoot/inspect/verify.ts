import { compactVerify, createLocalJWKSet, errors, type JSONWebKeySet } from 'jose'
import type { VerifierError } from './token.ts'

/**
 * Verifies the signature with the key jose picks from the set (kid, alg, kty, use), as a gateway
 * using jose would. Returns jose's refusal (code and message) rather than throwing.
 */
export async function verifySignature(token: string, jwks: JSONWebKeySet, algorithms: readonly string[]): Promise<{ ok: true; kid: string | undefined } | { ok: false; error: VerifierError }> {
  try {
    const keys = createLocalJWKSet(jwks)
    const result = await compactVerify(token, keys, algorithms.length > 0 ? { algorithms: [...algorithms] } : {})
    return { ok: true, kid: result.protectedHeader.kid }
  } catch (error) {
    if (error instanceof errors.JOSEError) return { ok: false, error: { code: error.code, message: error.message } }
    throw error
  }
}

/** jose's codes and wording for a key set that could not be fetched, by how the fetch failed. */
export function jwksFailureError(failure: 'timeout' | 'http' | 'network' | 'invalid', detail: string): VerifierError {
  if (failure === 'timeout') return { code: 'ERR_JWKS_TIMEOUT', message: `request timed out (${detail})` }
  if (failure === 'invalid') return { code: 'ERR_JWKS_INVALID', message: `JSON Web Key Set malformed (${detail})` }
  return { message: `Expected 200 OK from the JSON Web Key Set HTTP response (${detail})` }
}

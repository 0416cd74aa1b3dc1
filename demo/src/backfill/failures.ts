import type { TokenClaims } from '@claimcheck/shared'
import { errors } from 'jose'
import {
  insufficientScopeDenial, invalidTokenDenial, missingTokenDenial, sessionNotFoundDenial, userNotFoundDenial, type Denial,
} from '../gateway/responses.ts'

/** What a scenario does to one synthetic call: the gateway's refusal and the token it saw. */
export interface SyntheticFailure {
  denial: Denial
  /** No token at all (missing) or one that does not decode (malformed). */
  token: 'claims' | 'absent' | 'malformed'
  /** Whether the gateway got as far as a verified `sub` (reported as `user.id`). */
  subVerified: boolean
  /** Claims as the failing token carries them, from the healthy token's claims and the call time. */
  claims?(healthy: TokenClaims, nowSeconds: number): TokenClaims
}

const CHECK_FAILED = 'check_failed'
const EXPIRED = '"exp" claim timestamp check failed'

function shifted(healthy: TokenClaims, iat: number, ttl = 3600): TokenClaims {
  return { ...healthy, iat, nbf: iat, exp: iat + ttl }
}

/**
 * The same refusals the live gateway gives, built from the same jose error classes and response
 * builders, so backfilled history looks like what the demo sends live. `failures.test.ts` holds
 * the two side by side.
 */
export function syntheticFailure(scenario: string, realm: string): SyntheticFailure | undefined {
  switch (scenario) {
    case 'user-migration':
      return { denial: userNotFoundDenial(), token: 'claims', subVerified: true }
    case 'sessions-revoked':
      return { denial: sessionNotFoundDenial(), token: 'claims', subVerified: true }
    case 'key-rotation-no-jwks':
      return {
        denial: invalidTokenDenial(realm, new errors.JWKSNoMatchingKey()), token: 'claims', subVerified: false,
        claims: (healthy) => ({ ...healthy, kid: `${(healthy.alg ?? 'RS256').toLowerCase()}-2-unpublished` }),
      }
    case 'jwks-down':
      return { denial: invalidTokenDenial(realm, new errors.JOSEError('Expected 200 OK from the JSON Web Key Set HTTP response')), token: 'claims', subVerified: false }
    case 'clock-skew-ahead':
      return {
        denial: invalidTokenDenial(realm, new errors.JWTClaimValidationFailed('"nbf" claim timestamp check failed', {}, 'nbf', CHECK_FAILED)),
        token: 'claims', subVerified: false, claims: (healthy, now) => shifted(healthy, now + 600),
      }
    case 'clock-skew-behind':
      return {
        denial: invalidTokenDenial(realm, new errors.JWTExpired(EXPIRED, {}, 'exp', CHECK_FAILED)),
        token: 'claims', subVerified: false, claims: (healthy, now) => shifted(healthy, now - 3900),
      }
    case 'stale-tokens':
      return {
        denial: invalidTokenDenial(realm, new errors.JWTExpired(EXPIRED, {}, 'exp', CHECK_FAILED)),
        token: 'claims', subVerified: false, claims: (healthy, now) => shifted(healthy, now - 26 * 3600 - 600),
      }
    case 'scope-tightened':
      return { denial: insufficientScopeDenial(realm, ['orders:read', 'orders:list'], ['orders:list']), token: 'claims', subVerified: true }
    case 'wrong-audience':
      return {
        denial: invalidTokenDenial(realm, new errors.JWTClaimValidationFailed('unexpected "aud" claim value', {}, 'aud', CHECK_FAILED)),
        token: 'claims', subVerified: false,
      }
    case 'wrong-issuer':
      return {
        denial: invalidTokenDenial(realm, new errors.JWTClaimValidationFailed('unexpected "iss" claim value', {}, 'iss', CHECK_FAILED)),
        token: 'claims', subVerified: false,
      }
    case 'alg-not-allowed':
      return {
        denial: invalidTokenDenial(realm, new errors.JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed')),
        token: 'claims', subVerified: false,
      }
    case 'missing-token':
      return { denial: missingTokenDenial(realm), token: 'absent', subVerified: false }
    case 'malformed-token':
      return { denial: invalidTokenDenial(realm, new errors.JWSInvalid('Invalid Compact JWS')), token: 'malformed', subVerified: false }
    default:
      return undefined
  }
}

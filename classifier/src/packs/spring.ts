import type { RulePack } from './define.ts'

/**
 * Spring Security OAuth2 resource server (NimbusJwtDecoder prefixes "An error occurred while
 * attempting to decode the Jwt: ", the reason also appears in the WWW-Authenticate
 * error_description) and the Nimbus JOSE+JWT processor and claims verifier it delegates to.
 */
export const SPRING_PACK: RulePack = {
  name: 'spring',
  sources: [
    'spring-projects/spring-security oauth2/oauth2-jose/.../jwt/JwtTimestampValidator.java',
    'spring-projects/spring-security oauth2/oauth2-jose/.../jwt/JwtClaimValidator.java',
    'spring-projects/spring-security oauth2/oauth2-jose/.../jwt/NimbusJwtDecoder.java',
    'spring-projects/spring-security oauth2/oauth2-resource-server/.../web/DefaultBearerTokenResolver.java',
    'connect2id nimbus-jose-jwt DefaultJWTProcessor.java, DefaultJWTClaimsVerifier.java',
  ],
  rules: [
    { id: 'spring.msg.jwt_expired_at', match: { message: { regex: '\\bjwt expired at\\b', keywords: ['expired'] } }, set: { cause: 'expired' } },
    { id: 'spring.msg.jwt_used_before', match: { message: { regex: '\\bjwt used before\\b', keywords: ['before'] } }, set: { cause: 'not_yet_valid', detail: 'nbf' } },
    { id: 'spring.msg.iss_not_valid', match: { message: { regex: '\\bthe iss claim is not valid\\b', keywords: ['iss'] } }, set: { cause: 'misconfig', detail: 'issuer' } },
    { id: 'spring.msg.aud_not_valid', match: { message: { regex: '\\bthe aud claim is not valid\\b', keywords: ['aud'] } }, set: { cause: 'misconfig', detail: 'audience' } },
    { id: 'spring.msg.malformed_jwk_set', match: { message: { regex: 'malformed jwk set|couldn.t retrieve remote jwk set', keywords: ['jwk'] } }, set: { cause: 'misconfig', detail: 'jwks_unavailable' } },
    { id: 'spring.msg.malformed_payload', match: { message: { regex: 'decode the jwt: malformed (payload|token)', keywords: ['malformed'] } }, set: { cause: 'malformed', detail: 'format' } },
    { id: 'spring.msg.bearer_malformed', match: { message: { regex: '\\bbearer token (is )?malformed\\b', keywords: ['malformed'] } }, set: { cause: 'malformed', detail: 'bearer_scheme' } },
    { id: 'spring.msg.multiple_bearer', match: { message: { regex: 'found multiple bearer tokens', keywords: ['multiple'] } }, set: { cause: 'malformed', detail: 'multiple_tokens' } },
    { id: 'spring.msg.empty_token', match: { message: { regex: 'requested token parameter is an empty string', keywords: ['empty'] } }, set: { cause: 'missing_token' } },
    { id: 'spring.msg.unsupported_alg', match: { message: { regex: 'unsupported algorithm of \\w+', keywords: ['unsupported'] } }, set: { cause: 'misconfig', detail: 'algorithm' } },
    { id: 'spring.msg.full_authentication', match: { message: { regex: 'full authentication is required to access this resource', keywords: ['authentication'] } }, set: { cause: 'missing_token' } },
    // Nimbus.
    { id: 'nimbus.msg.no_matching_key', match: { message: { regex: 'another algorithm expected, or no matching key', keywords: ['matching'] } }, set: { cause: 'misconfig', detail: 'unknown_kid' } },
    { id: 'nimbus.msg.expired', match: { message: { regex: '\\bexpired jwt\\b', keywords: ['expired'] } }, set: { cause: 'expired' } },
    { id: 'nimbus.msg.before_use', match: { message: { regex: '\\bjwt before use time\\b', keywords: ['before'] } }, set: { cause: 'not_yet_valid', detail: 'nbf' } },
    { id: 'nimbus.msg.audience', match: { message: { regex: '\\bjwt (audience rejected|missing required audience|audience missing|audience unknown)', keywords: ['audience'] } }, set: { cause: 'misconfig', detail: 'audience' } },
    { id: 'nimbus.msg.issuer', match: { message: { regex: '\\bjwt (iss claim has value|issuer rejected|issuer missing)', keywords: ['iss', 'issuer'] } }, set: { cause: 'misconfig', detail: 'issuer' } },
    { id: 'nimbus.msg.missing_claims', match: { message: { regex: '\\bjwt missing required claims\\b', keywords: ['claims'] } }, set: { cause: 'malformed', detail: 'missing_claim' } },
    { id: 'nimbus.msg.plain_rejected', match: { message: { regex: 'unsecured \\(plain\\) jwts are rejected', keywords: ['unsecured'] } }, set: { cause: 'misconfig', detail: 'algorithm' } },
  ],
}

import type { RulePack } from './define.ts'

/**
 * Node services: panva/jose (err.code + claim + reason), auth0/node-jsonwebtoken (err.name and
 * message) and auth0/express-jwt (UnauthorizedError.code wrapping a jsonwebtoken error).
 */
const CLAIM_FAILED = 'ERR_JWT_CLAIM_VALIDATION_FAILED'
const Q = '[\\\\"\']*' // a quote, possibly JSON-escaped, around a claim name

export const NODE_PACK: RulePack = {
  name: 'node',
  sources: [
    'panva/jose src/util/errors.ts',
    'panva/jose src/lib/jwt_claims_set.ts',
    'panva/jose src/lib/remote_jwks.ts',
    'auth0/node-jsonwebtoken verify.js',
    'auth0/express-jwt src/index.ts',
  ],
  rules: [
    // jose error codes; the claim/reason refine ERR_JWT_CLAIM_VALIDATION_FAILED and ERR_JWT_EXPIRED.
    { id: 'jose.code.expired.iat', match: { attributes: { error_code: 'ERR_JWT_EXPIRED', 'jose.claim': 'iat' } }, set: { cause: 'expired', detail: 'max_age' } },
    { id: 'jose.code.expired', match: { attributes: { error_code: 'ERR_JWT_EXPIRED' } }, set: { cause: 'expired' } },
    { id: 'jose.claim.iss', match: { attributes: { error_code: CLAIM_FAILED, 'jose.claim': 'iss' } }, set: { cause: 'misconfig', detail: 'issuer' } },
    { id: 'jose.claim.aud', match: { attributes: { error_code: CLAIM_FAILED, 'jose.claim': 'aud' } }, set: { cause: 'misconfig', detail: 'audience' } },
    { id: 'jose.claim.typ', match: { attributes: { error_code: CLAIM_FAILED, 'jose.claim': 'typ' } }, set: { cause: 'malformed', detail: 'token_type' } },
    { id: 'jose.claim.invalid', match: { attributes: { error_code: CLAIM_FAILED, 'jose.reason': 'invalid' } }, set: { cause: 'malformed', detail: 'bad_claim' } },
    { id: 'jose.claim.missing', match: { attributes: { error_code: CLAIM_FAILED, 'jose.reason': 'missing' } }, set: { cause: 'malformed', detail: 'missing_claim' } },
    { id: 'jose.claim.nbf', match: { attributes: { error_code: CLAIM_FAILED, 'jose.claim': 'nbf' } }, set: { cause: 'not_yet_valid', detail: 'nbf' } },
    { id: 'jose.claim.iat', match: { attributes: { error_code: CLAIM_FAILED, 'jose.claim': 'iat' } }, set: { cause: 'not_yet_valid', detail: 'iat' } },
    { id: 'jose.claim.other', generic: true, match: { attributes: { error_code: CLAIM_FAILED } }, set: { cause: 'other' } },
    { id: 'jose.code.signature', match: { attributes: { error_code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' } }, set: { cause: 'misconfig', detail: 'bad_signature' } },
    { id: 'jose.code.no_matching_key', match: { attributes: { error_code: 'ERR_JWKS_NO_MATCHING_KEY' } }, set: { cause: 'misconfig', detail: 'unknown_kid' } },
    { id: 'jose.code.multiple_keys', match: { attributes: { error_code: 'ERR_JWKS_MULTIPLE_MATCHING_KEYS' } }, set: { cause: 'misconfig', detail: 'signature_key' } },
    { id: 'jose.code.jwks_timeout', match: { attributes: { error_code: 'ERR_JWKS_TIMEOUT' } }, set: { cause: 'misconfig', detail: 'jwks_unavailable' } },
    { id: 'jose.code.jwks_invalid', match: { attributes: { error_code: 'ERR_JWKS_INVALID' } }, set: { cause: 'misconfig', detail: 'jwks_unavailable' } },
    { id: 'jose.code.alg_not_allowed', match: { attributes: { error_code: 'ERR_JOSE_ALG_NOT_ALLOWED' } }, set: { cause: 'misconfig', detail: 'algorithm' } },
    { id: 'jose.code.not_supported', match: { attributes: { error_code: 'ERR_JOSE_NOT_SUPPORTED' } }, set: { cause: 'misconfig', detail: 'algorithm' } },
    { id: 'jose.code.jws_invalid', match: { attributes: { error_code: 'ERR_JWS_INVALID' } }, set: { cause: 'malformed', detail: 'format' } },
    { id: 'jose.code.jwt_invalid', match: { attributes: { error_code: 'ERR_JWT_INVALID' } }, set: { cause: 'malformed', detail: 'format' } },
    // express-jwt codes; invalid_token wraps a jsonwebtoken error whose message says why.
    { id: 'express-jwt.code.credentials_required', match: { attributes: { error_code: 'credentials_required' } }, set: { cause: 'missing_token' } },
    { id: 'express-jwt.code.bad_scheme', match: { attributes: { error_code: { regex: '^credentials_bad_(scheme|format)$' } } }, set: { cause: 'malformed', detail: 'bearer_scheme' } },
    { id: 'express-jwt.code.revoked', match: { attributes: { error_code: 'revoked_token' } }, set: { cause: 'revoked', detail: 'token' } },
    { id: 'express-jwt.code.invalid_token', generic: true, match: { attributes: { error_code: 'invalid_token' } }, set: { cause: 'other' } },
    // jsonwebtoken error classes (err.name → error.type).
    { id: 'jsonwebtoken.type.max_age', match: { attributes: { 'error.type': 'TokenExpiredError' }, message: { regex: 'maxage exceeded' } }, set: { cause: 'expired', detail: 'max_age' } },
    { id: 'jsonwebtoken.type.expired', match: { attributes: { 'error.type': 'TokenExpiredError' } }, set: { cause: 'expired' } },
    { id: 'jsonwebtoken.type.not_before', match: { attributes: { 'error.type': 'NotBeforeError' } }, set: { cause: 'not_yet_valid', detail: 'nbf' } },

    // jose messages.
    { id: 'jose.msg.exp', match: { message: { regex: `${Q}exp${Q} claim timestamp check failed`, keywords: ['timestamp'] } }, set: { cause: 'expired' } },
    { id: 'jose.msg.nbf', match: { message: { regex: `${Q}nbf${Q} claim timestamp check failed`, keywords: ['timestamp'] } }, set: { cause: 'not_yet_valid', detail: 'nbf' } },
    { id: 'jose.msg.iat_past', match: { message: { regex: `${Q}iat${Q} claim timestamp check failed \\(too far in the past\\)`, keywords: ['timestamp'] } }, set: { cause: 'expired', detail: 'max_age' } },
    { id: 'jose.msg.iat_future', match: { message: { regex: `${Q}iat${Q} claim timestamp check failed`, keywords: ['timestamp'] } }, set: { cause: 'not_yet_valid', detail: 'iat' } },
    { id: 'jose.msg.iss', match: { message: { regex: `unexpected ${Q}iss${Q} claim value|missing required ${Q}iss${Q} claim`, keywords: ['iss'] } }, set: { cause: 'misconfig', detail: 'issuer' } },
    { id: 'jose.msg.aud', match: { message: { regex: `unexpected ${Q}aud${Q} claim value|missing required ${Q}aud${Q} claim`, keywords: ['aud'] } }, set: { cause: 'misconfig', detail: 'audience' } },
    { id: 'jose.msg.missing_claim', match: { message: { regex: `missing required ${Q}\\w+${Q} claim`, keywords: ['required'] } }, set: { cause: 'malformed', detail: 'missing_claim' } },
    { id: 'jose.msg.claim_type', match: { message: { regex: `${Q}(exp|nbf|iat)${Q} claim must be a number`, keywords: ['number'] } }, set: { cause: 'malformed', detail: 'bad_claim' } },
    { id: 'jose.msg.typ', match: { message: { regex: `unexpected ${Q}typ${Q} jwt header value`, keywords: ['typ'] } }, set: { cause: 'malformed', detail: 'token_type' } },
    { id: 'jose.msg.no_key', match: { message: { regex: 'no applicable key found in the json web key set', keywords: ['found'] } }, set: { cause: 'misconfig', detail: 'unknown_kid' } },
    { id: 'jose.msg.multiple_keys', match: { message: { regex: 'multiple matching keys found in the json web key set', keywords: ['found'] } }, set: { cause: 'misconfig', detail: 'signature_key' } },
    { id: 'jose.msg.jwks_http', match: { message: { regex: 'from the json web key set http response', keywords: ['http'] } }, set: { cause: 'misconfig', detail: 'jwks_unavailable' } },
    { id: 'jose.msg.alg_not_allowed', match: { message: { regex: `${Q}alg${Q} \\(algorithm\\) header parameter value not allowed`, keywords: ['allowed'] } }, set: { cause: 'misconfig', detail: 'algorithm' } },
    { id: 'jose.msg.compact', match: { message: { regex: 'invalid compact jws|jwt claims set must be a top-level json object|jws protected header is invalid|header parameter missing or invalid', keywords: ['compact', 'claims', 'protected', 'header'] } }, set: { cause: 'malformed', detail: 'format' } },
    // jsonwebtoken / express-jwt messages.
    { id: 'jsonwebtoken.msg.malformed', match: { message: { regex: '\\bjwt (malformed|signature is required|must be a string)\\b', keywords: ['malformed', 'signature', 'string'] } }, set: { cause: 'malformed', detail: 'format' } },
    { id: 'jsonwebtoken.msg.must_be_provided', match: { message: { regex: '\\bjwt must be provided\\b', keywords: ['provided'] } }, set: { cause: 'missing_token' } },
    { id: 'jsonwebtoken.msg.not_active', match: { message: { regex: '\\bjwt not active\\b', keywords: ['active'] } }, set: { cause: 'not_yet_valid', detail: 'nbf' } },
    { id: 'jsonwebtoken.msg.audience', match: { message: { regex: '\\bjwt audience invalid\\b', keywords: ['audience'] } }, set: { cause: 'misconfig', detail: 'audience' } },
    { id: 'jsonwebtoken.msg.issuer', match: { message: { regex: '\\bjwt issuer invalid\\b', keywords: ['issuer'] } }, set: { cause: 'misconfig', detail: 'issuer' } },
    { id: 'jsonwebtoken.msg.max_age', match: { message: { regex: '\\bmaxage exceeded\\b', keywords: ['maxage'] } }, set: { cause: 'expired', detail: 'max_age' } },
    { id: 'jsonwebtoken.msg.no_key', match: { message: { regex: 'secret or public key must be provided', keywords: ['secret'] } }, set: { cause: 'misconfig', detail: 'signature_key' } },
    { id: 'jsonwebtoken.msg.claim_value', match: { message: { regex: '\\binvalid (exp|nbf) value\\b', keywords: ['exp', 'nbf'] } }, set: { cause: 'malformed', detail: 'bad_claim' } },
    { id: 'express-jwt.msg.no_token', match: { message: { regex: 'no authorization token was found', keywords: ['authorization'] } }, set: { cause: 'missing_token' } },
    { id: 'express-jwt.msg.format', match: { message: { regex: 'format is authorization: bearer \\[token\\]', keywords: ['format'] } }, set: { cause: 'malformed', detail: 'bearer_scheme' } },
    { id: 'express-jwt.msg.revoked', match: { message: { regex: 'the token has been revoked', keywords: ['revoked'] } }, set: { cause: 'revoked', detail: 'token' } },
  ],
}

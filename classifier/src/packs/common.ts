import type { RulePack } from './define.ts'

/**
 * Wording many verifiers share (golang-jwt is embedded in Tyk, Supabase Auth, Apinto and AWS's
 * authorizer; "jwt expired" is jsonwebtoken, PostgREST and Envoy alike), RFC 6750 challenges, and
 * the generic "auth failed" signals. Listed last so gateway packs' more specific patterns win.
 */
const WWW = 'www_authenticate'

export const COMMON_PACK: RulePack = {
  name: 'common',
  sources: [
    'golang-jwt/jwt errors.go, parser.go, validator.go',
    'auth0/node-jsonwebtoken verify.js',
    'google/jwt_verify_lib src/status.cc',
    'RFC 6750 §3 and §3.1 (https://www.rfc-editor.org/rfc/rfc6750)',
  ],
  rules: [
    // RFC 6750 challenge: error codes and the bare challenge of a request without credentials.
    { id: 'rfc6750.error.insufficient_scope', match: { attributes: { [`${WWW}.error`]: 'insufficient_scope' } }, set: { cause: 'insufficient_scope', detail: 'scope' } },
    { id: 'rfc6750.error.invalid_token', generic: true, match: { attributes: { [`${WWW}.error`]: 'invalid_token' } }, set: { cause: 'other' } },
    { id: 'rfc6750.error.invalid_request', generic: true, match: { attributes: { [`${WWW}.error`]: 'invalid_request' } }, set: { cause: 'malformed' } },
    { id: 'rfc6750.no_error', generic: true, match: { status: 401, attributes: { [`${WWW}.scheme`]: 'bearer', [`${WWW}.error`]: { exists: false } } }, set: { cause: 'missing_token' } },
    { id: 'json.message.unauthorized', generic: true, match: { attributes: { 'body.message': 'Unauthorized' } }, set: { cause: 'other' } },
    { id: 'json.error.unauthorized', generic: true, match: { attributes: { 'body.error': { regex: '^unauthori[sz]ed$' } } }, set: { cause: 'other' } },

    // golang-jwt (v4 and v5 wording), most specific first.
    { id: 'golang-jwt.msg.signing_method', match: { message: { regex: 'signing method \\S+ is invalid|signing method \\(alg\\) is unavailable', keywords: ['signing'] } }, set: { cause: 'misconfig', detail: 'algorithm' } },
    { id: 'golang-jwt.msg.alg_unspecified', match: { message: { regex: 'signing method \\(alg\\) is unspecified', keywords: ['signing'] } }, set: { cause: 'malformed', detail: 'format' } },
    { id: 'golang-jwt.msg.malformed', match: { message: { regex: '\\btoken is malformed\\b|token contains an invalid number of segments|tokenstring should not contain .bearer', keywords: ['malformed', 'segments', 'tokenstring'] } }, set: { cause: 'malformed', detail: 'format' } },
    { id: 'golang-jwt.msg.used_before_issued', match: { message: { regex: '\\btoken used before issued\\b', keywords: ['issued'] } }, set: { cause: 'not_yet_valid', detail: 'iat' } },
    { id: 'golang-jwt.msg.audience', match: { message: { regex: '\\btoken has invalid audience\\b', keywords: ['audience'] } }, set: { cause: 'misconfig', detail: 'audience' } },
    { id: 'golang-jwt.msg.issuer', match: { message: { regex: '\\btoken has invalid issuer\\b', keywords: ['issuer'] } }, set: { cause: 'misconfig', detail: 'issuer' } },
    { id: 'golang-jwt.msg.required_claim', match: { message: { regex: 'a required claim is missing|\\b(exp|iat|nbf|iss|aud|sub) claim is required\\b', keywords: ['required'] } }, set: { cause: 'malformed', detail: 'missing_claim' } },

    // Shared wording.
    { id: 'common.msg.token_expired', match: { message: { regex: '\\b(jwt|token) (is |has )?expired\\b', keywords: ['expired'] } }, set: { cause: 'expired' } },
    { id: 'common.msg.not_valid_yet', match: { message: { regex: '\\btoken (is )?not valid yet\\b', keywords: ['yet'] } }, set: { cause: 'not_yet_valid', detail: 'nbf' } },
    { id: 'common.msg.invalid_algorithm', match: { message: { regex: '\\binvalid algorithm\\b', keywords: ['algorithm'] } }, set: { cause: 'misconfig', detail: 'algorithm' } },
    { id: 'common.msg.signature', match: { message: { regex: '\\b(invalid signature|signature is invalid|signature verification failed)\\b', keywords: ['signature'] } }, set: { cause: 'misconfig', detail: 'bad_signature' } },

    // Generic: an auth failure, reason not given.
    { id: 'generic.msg.invalid_token', generic: true, match: { message: { regex: '\\binvalid (jwt|token|bearer token|access token)\\b', keywords: ['invalid'] } }, set: { cause: 'other' } },
    { id: 'generic.msg.golang_jwt', generic: true, match: { message: { regex: 'token has invalid claims|token is unverifiable|token is invalid', keywords: ['claims', 'unverifiable', 'invalid'] } }, set: { cause: 'other' } },
    { id: 'generic.msg.access_token', generic: true, match: { message: { regex: 'access token is missing or invalid|jwt (validation|verification) failed', keywords: ['access', 'validation', 'verification'] } }, set: { cause: 'other' } },
  ],
}

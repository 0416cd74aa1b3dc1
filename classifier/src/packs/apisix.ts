import type { RulePack } from './define.ts'

/**
 * Apache APISIX `jwt-auth` (answers `{"message":"…"}`, logs the lua-resty-jwt reason) and
 * `openid-connect` (lua-resty-openidc: "OIDC introspection failed: …").
 */
export const APISIX_PACK: RulePack = {
  name: 'apisix',
  sources: [
    'apache/apisix apisix/plugins/jwt-auth.lua',
    'apache/apisix apisix/plugins/jwt-auth/parser.lua',
    'apache/apisix t/plugin/openid-connect*.t',
    'api7/lua-resty-jwt lib/resty/jwt.lua',
    'zmartzone/lua-resty-openidc lib/resty/openidc.lua',
  ],
  rules: [
    { id: 'apisix.msg.missing_token', match: { message: { regex: 'missing jwt token in request', keywords: ['missing'] } }, set: { cause: 'missing_token' } },
    { id: 'apisix.msg.token_invalid', match: { message: { regex: 'jwt token invalid', keywords: ['invalid'] } }, set: { cause: 'malformed', detail: 'format' } },
    { id: 'apisix.msg.missing_user_key', match: { message: { regex: 'missing user \\w+ in jwt token', keywords: ['missing'] } }, set: { cause: 'malformed', detail: 'missing_claim' } },
    { id: 'apisix.msg.invalid_user_key', match: { message: { regex: 'invalid user \\w+ in jwt token', keywords: ['invalid'] } }, set: { cause: 'unknown_sub', detail: 'consumer' } },
    { id: 'apisix.msg.no_consumer', match: { message: { regex: 'missing related consumer', keywords: ['consumer'] } }, set: { cause: 'misconfig', detail: 'gateway_policy' } },
    { id: 'apisix.msg.claim_type', match: { message: { regex: 'claim (exp|nbf|iat) is not a number', keywords: ['number'] } }, set: { cause: 'malformed', detail: 'bad_claim' } },
    // lua-resty-jwt reasons (logged after "failed to verify jwt: ").
    { id: 'resty-jwt.msg.exp', match: { message: { regex: '\'exp\' claim expired at', keywords: ['expired'] } }, set: { cause: 'expired' } },
    { id: 'resty-jwt.msg.nbf', match: { message: { regex: '\'nbf\' claim not valid until', keywords: ['until'] } }, set: { cause: 'not_yet_valid', detail: 'nbf' } },
    { id: 'resty-jwt.msg.iat', match: { message: { regex: '\'iat\' claim not valid until', keywords: ['until'] } }, set: { cause: 'not_yet_valid', detail: 'iat' } },
    { id: 'resty-jwt.msg.aud', match: { message: { regex: '\'aud\' claim does not contain an allowed audience', keywords: ['audience'] } }, set: { cause: 'misconfig', detail: 'audience' } },
    { id: 'resty-jwt.msg.signature', match: { message: { regex: 'signature mismatch', keywords: ['mismatch'] } }, set: { cause: 'misconfig', detail: 'bad_signature' } },
    { id: 'resty-jwt.msg.invalid_string', match: { message: { regex: 'invalid jwt string', keywords: ['string'] } }, set: { cause: 'malformed', detail: 'format' } },
    { id: 'resty-jwt.msg.bad_public_key', match: { message: { regex: 'decode secret is not a valid public key', keywords: ['secret'] } }, set: { cause: 'misconfig', detail: 'signature_key' } },
    // openid-connect / lua-resty-openidc.
    { id: 'apisix-oidc.msg.no_bearer', match: { message: { regex: 'no bearer token found in request', keywords: ['bearer'] } }, set: { cause: 'missing_token' } },
    { id: 'apisix-oidc.msg.header_format', match: { message: { regex: 'invalid authorization header format', keywords: ['authorization'] } }, set: { cause: 'malformed', detail: 'bearer_scheme' } },
    { id: 'apisix-oidc.msg.audience', match: { message: { regex: 'required audience( claim| \\([^)]*\\))? not present', keywords: ['audience'] } }, set: { cause: 'misconfig', detail: 'audience' } },
    { id: 'openidc.msg.claim_iss', match: { message: { regex: 'claim \'iss\' \\(.*?\\) returned failure', keywords: ['iss'] } }, set: { cause: 'misconfig', detail: 'issuer' } },
    { id: 'openidc.msg.claim_aud', match: { message: { regex: 'claim \'aud\' \\(.*?\\) returned failure', keywords: ['aud'] } }, set: { cause: 'misconfig', detail: 'audience' } },
    { id: 'openidc.msg.claim_exp', match: { message: { regex: 'claim \'exp\' \\(.*?\\) returned failure', keywords: ['exp'] } }, set: { cause: 'expired' } },
    { id: 'openidc.msg.rsa_key_not_found', match: { message: { regex: 'rsa key with id \\S+ not found', keywords: ['rsa'] } }, set: { cause: 'misconfig', detail: 'unknown_kid' } },
    { id: 'openidc.msg.rsa_key', match: { message: { regex: 'keystore contains multiple rsa keys', keywords: ['rsa'] } }, set: { cause: 'misconfig', detail: 'signature_key' } },
    { id: 'apisix.msg.failed_to_verify', generic: true, match: { message: { regex: 'failed to verify jwt', keywords: ['verify'] } }, set: { cause: 'other' } },
  ],
}

import type { RulePack } from './define.ts'

/** nginx `auth_jwt` (kjdev/nginx-auth-jwt): the reason is in the error log, "auth_jwt: rejected due to …". */
export const NGINX_PACK: RulePack = {
  name: 'nginx',
  sources: ['kjdev/nginx-auth-jwt src/ngx_http_auth_jwt_module.c'],
  rules: [
    { id: 'nginx-auth-jwt.msg.no_token', match: { message: { regex: 'auth_jwt: token (was not provided|variable specified was not provided)', keywords: ['provided'] } }, set: { cause: 'missing_token' } },
    { id: 'nginx-auth-jwt.msg.parse', match: { message: { regex: 'auth_jwt: failed to parse jwt', keywords: ['parse'] } }, set: { cause: 'malformed', detail: 'format' } },
    { id: 'nginx-auth-jwt.msg.signature', match: { message: { regex: 'rejected due to (missing signature key or )?signature validate failure', keywords: ['signature'] } }, set: { cause: 'misconfig', detail: 'signature_key' } },
    { id: 'nginx-auth-jwt.msg.no_key', match: { message: { regex: 'rejected due to without signature key', keywords: ['without'] } }, set: { cause: 'misconfig', detail: 'jwks_unavailable' } },
    { id: 'nginx-auth-jwt.msg.nbf', match: { message: { regex: 'rejected due to nbf claim validate failure', keywords: ['nbf'] } }, set: { cause: 'not_yet_valid', detail: 'nbf' } },
    { id: 'nginx-auth-jwt.msg.aud', match: { message: { regex: 'rejected due to (not include: aud|missing claim: aud\\b|missing expected aud)', keywords: ['aud'] } }, set: { cause: 'misconfig', detail: 'audience' } },
    { id: 'nginx-auth-jwt.msg.iss', match: { message: { regex: 'rejected due to missing claim: iss\\b', keywords: ['iss'] } }, set: { cause: 'misconfig', detail: 'issuer' } },
    { id: 'nginx-auth-jwt.msg.missing_claim', match: { message: { regex: 'rejected due to (missing claim: \\w+|\\w+ claim could not be obtained)', keywords: ['missing', 'obtained'] } }, set: { cause: 'malformed', detail: 'missing_claim' } },
    { id: 'nginx-auth-jwt.msg.algorithm', match: { message: { regex: 'rejected due to (none|unacceptable) algorithm', keywords: ['algorithm'] } }, set: { cause: 'misconfig', detail: 'algorithm' } },
    { id: 'nginx-auth-jwt.msg.revoked_sub', match: { message: { regex: 'rejected due to sub in revocation list', keywords: ['revocation'] } }, set: { cause: 'revoked', detail: 'token' } },
    { id: 'nginx-auth-jwt.msg.revoked_kid', match: { message: { regex: 'rejected due to kid (in revocation list|cannot be empty)', keywords: ['kid'] } }, set: { cause: 'revoked', detail: 'key' } },
    { id: 'nginx-auth-jwt.msg.scope_requirement', match: { message: { regex: 'rejected due to (scope|scp|scopes) claim requirement', keywords: ['requirement'] } }, set: { cause: 'insufficient_scope', detail: 'scope' } },
    { id: 'nginx-auth-jwt.msg.requirement', match: { message: { regex: 'rejected due to \\S+ (claim|header) requirement|rejected due to \\$\\S+ variable invalid', keywords: ['requirement', 'variable'] } }, set: { cause: 'insufficient_scope', detail: 'required_claim' } },
  ],
}

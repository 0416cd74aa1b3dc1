import type { RulePack } from './define.ts'

/**
 * Tyk JWT middleware: answers `{"error": "…"}` (template error.json); claim failures come back as
 * "Key not authorized: <golang-jwt reason>". The bare "Key not authorised" says nothing more.
 */
export const TYK_PACK: RulePack = {
  name: 'tyk',
  sources: ['TykTechnologies/tyk gateway/mw_jwt.go', 'TykTechnologies/tyk gateway/handler_error.go'],
  rules: [
    { id: 'tyk.msg.auth_field_missing', match: { message: { regex: 'authori[sz]ation field missing', keywords: ['missing'] } }, set: { cause: 'missing_token' } },
    { id: 'tyk.msg.signing_method', match: { message: { regex: 'unexpected signing method', keywords: ['unexpected'] } }, set: { cause: 'misconfig', detail: 'algorithm' } },
    { id: 'tyk.msg.scope_policy', match: { message: { regex: 'no matching policy found in scope claim', keywords: ['scope'] } }, set: { cause: 'insufficient_scope', detail: 'scope' } },
    { id: 'tyk.msg.policy', match: { message: { regex: 'key not authori[sz]ed: (no matching policy|could not apply)', keywords: ['policy', 'apply'] } }, set: { cause: 'misconfig', detail: 'gateway_policy' } },
    { id: 'tyk.msg.key_not_found', match: { message: { regex: 'token invalid, key not found', keywords: ['found'] } }, set: { cause: 'unknown_sub', detail: 'consumer' } },
    { id: 'tyk.msg.no_kid', match: { message: { regex: 'no matching kid could be found', keywords: ['kid'] } }, set: { cause: 'misconfig', detail: 'unknown_kid' } },
    { id: 'tyk.msg.no_user_id', match: { message: { regex: 'no suitable claims for user id|found an empty user id in', keywords: ['user'] } }, set: { cause: 'malformed', detail: 'missing_claim' } },
    { id: 'tyk.msg.api_disallowed', match: { message: { regex: 'access to this api has been disallowed', keywords: ['disallowed'] } }, set: { cause: 'insufficient_scope', detail: 'api_access' } },
    { id: 'tyk.msg.client_revoked', match: { message: { regex: 'oauth client access was revoked', keywords: ['revoked'] } }, set: { cause: 'revoked', detail: 'client' } },
    { id: 'tyk.msg.key_not_authorized', generic: true, match: { message: { regex: 'key not authori[sz]ed', keywords: ['authorized', 'authorised'] } }, set: { cause: 'other' } },
  ],
}

import type { RulePack } from './define.ts'

/**
 * Supabase Auth (GoTrue) and the Supabase Data API (PostgREST).
 * Auth answers `{"code":403,"error_code":"…","msg":"…"}` (newer API versions:
 * `{"code":"…","message":"…"}`); its expired token is a 403 `bad_jwt`, not a 401.
 */
export const SUPABASE_PACK: RulePack = {
  name: 'supabase',
  sources: [
    'supabase/auth internal/api/auth.go',
    'supabase/auth internal/api/apierrors/errorcode.go',
    'PostgREST/postgrest src/PostgREST/Auth.hs',
  ],
  rules: [
    // Structured: Auth error_code (body field, `supabase.error_code` or `error_code` attribute).
    { id: 'supabase.error_code.user_not_found', match: { attributes: { error_code: 'user_not_found' } }, set: { cause: 'unknown_sub', detail: 'user' } },
    { id: 'supabase.error_code.session_not_found', match: { attributes: { error_code: 'session_not_found' } }, set: { cause: 'revoked', detail: 'session' } },
    { id: 'supabase.error_code.no_authorization.anonymous', match: { attributes: { error_code: 'no_authorization' }, message: { regex: 'anonymous user not allowed', keywords: ['anonymous'] } }, set: { cause: 'insufficient_scope', detail: 'role' } },
    { id: 'supabase.error_code.no_authorization', match: { attributes: { error_code: 'no_authorization' } }, set: { cause: 'missing_token' } },
    { id: 'supabase.error_code.not_admin', match: { attributes: { error_code: 'not_admin' } }, set: { cause: 'insufficient_scope', detail: 'role' } },
    { id: 'supabase.error_code.session_expired', match: { attributes: { error_code: 'session_expired' } }, set: { cause: 'expired', detail: 'session' } },
    { id: 'supabase.error_code.user_banned', match: { attributes: { error_code: 'user_banned' } }, set: { cause: 'revoked', detail: 'user_disabled' } },
    { id: 'supabase.error_code.insufficient_aal', match: { attributes: { error_code: 'insufficient_aal' } }, set: { cause: 'insufficient_scope', detail: 'aal' } },
    // bad_jwt covers every parse/verify failure: the message (golang-jwt wording) says which.
    { id: 'supabase.error_code.bad_jwt', generic: true, match: { attributes: { error_code: 'bad_jwt' } }, set: { cause: 'other' } },
    // PostgREST (PGRST30x): 302 is anonymous access disabled; 301/303 carry the reason in the message.
    { id: 'postgrest.code.PGRST302', match: { attributes: { error_code: 'PGRST302' } }, set: { cause: 'missing_token' } },
    { id: 'postgrest.code.PGRST301', generic: true, match: { attributes: { error_code: 'PGRST301' } }, set: { cause: 'other' } },
    { id: 'postgrest.code.PGRST303', generic: true, match: { attributes: { error_code: 'PGRST303' } }, set: { cause: 'other' } },

    // Messages.
    { id: 'supabase.msg.user_from_sub_missing', match: { message: { regex: 'user from sub claim in jwt does not exist', keywords: ['sub'] } }, set: { cause: 'unknown_sub', detail: 'user' } },
    { id: 'supabase.msg.session_missing', match: { message: { regex: 'session from session_id claim in jwt does not exist', keywords: ['session'] } }, set: { cause: 'revoked', detail: 'session' } },
    { id: 'supabase.msg.requires_bearer', match: { message: { regex: 'endpoint requires a bearer token', keywords: ['requires'] } }, set: { cause: 'missing_token' } },
    { id: 'supabase.msg.anonymous_not_allowed', match: { message: { regex: 'anonymous user not allowed', keywords: ['anonymous'] } }, set: { cause: 'insufficient_scope', detail: 'role' } },
    { id: 'supabase.msg.user_not_allowed', match: { message: { regex: '(^|")user not allowed("|$)', keywords: ['allowed'] } }, set: { cause: 'insufficient_scope', detail: 'role' } },
    { id: 'supabase.msg.missing_sub', match: { message: { regex: 'invalid claim: missing sub( claim)?', keywords: ['missing'] } }, set: { cause: 'malformed', detail: 'missing_claim' } },
    { id: 'supabase.msg.claim_not_uuid', match: { message: { regex: 'invalid claim: \\w+ claim must be a uuid', keywords: ['uuid'] } }, set: { cause: 'malformed', detail: 'bad_claim' } },
    { id: 'supabase.msg.missing_claims', match: { message: { regex: 'invalid token: missing claims', keywords: ['missing'] } }, set: { cause: 'malformed', detail: 'missing_claim' } },
    { id: 'postgrest.msg.issued_at_future', match: { message: { regex: 'jwt issued at future', keywords: ['future'] } }, set: { cause: 'not_yet_valid', detail: 'iat' } },
    { id: 'postgrest.msg.not_in_audience', match: { message: { regex: 'jwt not in audience', keywords: ['audience'] } }, set: { cause: 'misconfig', detail: 'audience' } },
    { id: 'postgrest.msg.parts', match: { message: { regex: 'expected 3 parts in jwt', keywords: ['parts'] } }, set: { cause: 'malformed', detail: 'format' } },
    { id: 'postgrest.msg.no_suitable_key', match: { message: { regex: 'no suitable key or wrong key type', keywords: ['suitable'] } }, set: { cause: 'misconfig', detail: 'signature_key' } },
    { id: 'postgrest.msg.bad_algorithm', match: { message: { regex: 'wrong or unsupported encoding algorithm', keywords: ['algorithm'] } }, set: { cause: 'misconfig', detail: 'algorithm' } },
    { id: 'postgrest.msg.bad_crypto', match: { message: { regex: 'jwt cryptographic operation failed', keywords: ['cryptographic'] } }, set: { cause: 'misconfig', detail: 'bad_signature' } },
    { id: 'postgrest.msg.claims_parse', match: { message: { regex: 'parsing claims failed', keywords: ['parsing'] } }, set: { cause: 'malformed', detail: 'format' } },
    { id: 'postgrest.msg.anonymous_disabled', match: { message: { regex: 'anonymous access is disabled', keywords: ['anonymous'] } }, set: { cause: 'missing_token' } },
  ],
}

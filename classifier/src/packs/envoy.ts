import type { RulePack } from './define.ts'

/**
 * Envoy `jwt_authn`: the local reply body is google/jwt_verify_lib's status string, and the
 * response-code details are `jwt_authn_access_denied{<status string with spaces as _>}`.
 * Wording differs between lib versions ("Jwt is expired" / "Jwt expired"), hence the optional words.
 */
const RCD = 'envoy.response_code_details'

export const ENVOY_PACK: RulePack = {
  name: 'envoy',
  sources: [
    'envoyproxy/envoy source/extensions/filters/http/jwt_authn/filter.cc',
    'envoyproxy/envoy source/extensions/filters/http/jwt_authn/status.cc',
    'google/jwt_verify_lib src/status.cc',
  ],
  rules: [
    // Structured: response code details.
    { id: 'envoy.rcd.missing', match: { attributes: { [RCD]: { regex: '^jwt_authn_access_denied\\{Jwt_(is_)?missing\\}' } } }, set: { cause: 'missing_token' } },
    { id: 'envoy.rcd.expired', match: { attributes: { [RCD]: { regex: '^jwt_authn_access_denied\\{Jwt_(is_)?expired\\}' } } }, set: { cause: 'expired' } },
    { id: 'envoy.rcd.not_yet_valid', match: { attributes: { [RCD]: { regex: '^jwt_authn_access_denied\\{Jwt_not_yet_valid\\}' } } }, set: { cause: 'not_yet_valid', detail: 'nbf' } },
    { id: 'envoy.rcd.audience', match: { attributes: { [RCD]: { regex: '^jwt_authn_access_denied\\{Audiences?_in_Jwt_(are|is)_not_allowed\\}' } } }, set: { cause: 'misconfig', detail: 'audience' } },
    { id: 'envoy.rcd.issuer', match: { attributes: { [RCD]: { regex: '^jwt_authn_access_denied\\{Jwt_issuer_is_not_configured\\}' } } }, set: { cause: 'misconfig', detail: 'issuer' } },
    { id: 'envoy.rcd.verification', match: { attributes: { [RCD]: { regex: '^jwt_authn_access_denied\\{Jwt_verification_fails' } } }, set: { cause: 'misconfig', detail: 'bad_signature' } },
    { id: 'envoy.rcd.no_key_for_kid', match: { attributes: { [RCD]: { regex: '^jwt_authn_access_denied\\{Jwks_doesn.t_have_key_to_match' } } }, set: { cause: 'misconfig', detail: 'unknown_kid' } },
    { id: 'envoy.rcd.no_valid_key', match: { attributes: { [RCD]: { regex: '^jwt_authn_access_denied\\{Jwks_doesn.t_have_any_valid' } } }, set: { cause: 'misconfig', detail: 'signature_key' } },
    { id: 'envoy.rcd.jwks_fetch', match: { attributes: { [RCD]: { regex: '^jwt_authn_access_denied\\{Jwks_(remote_)?fetch_(is_)?fail' } } }, set: { cause: 'misconfig', detail: 'jwks_unavailable' } },
    { id: 'envoy.rcd.alg', match: { attributes: { [RCD]: { regex: '^jwt_authn_access_denied\\{Jwt_header_\\[alg\\]_(is_not_supported|field_value_is_invalid)' } } }, set: { cause: 'misconfig', detail: 'algorithm' } },
    { id: 'envoy.rcd.format', match: { attributes: { [RCD]: { regex: '^jwt_authn_access_denied\\{Jwt_(is_not_in_the_form|header_is_an_invalid|payload_is_an_invalid|signature_is_an_invalid|header_\\[)' } } }, set: { cause: 'malformed', detail: 'format' } },
    { id: 'envoy.rcd.multiple', match: { attributes: { [RCD]: { regex: '^jwt_authn_access_denied\\{Found_multiple_Jwt_tokens\\}' } } }, set: { cause: 'malformed', detail: 'multiple_tokens' } },
    { id: 'envoy.rcd.denied', generic: true, match: { attributes: { [RCD]: { regex: '^jwt_authn_access_denied' } } }, set: { cause: 'other' } },

    // Messages: the jwt_verify_lib status strings.
    { id: 'envoy.msg.missing', match: { message: { regex: '\\bjwt (is )?missing\\b(?! required)', keywords: ['missing'] } }, set: { cause: 'missing_token' } },
    { id: 'envoy.msg.not_yet_valid', match: { message: { regex: '\\bjwt (is )?not yet valid\\b', keywords: ['valid'] } }, set: { cause: 'not_yet_valid', detail: 'nbf' } },
    { id: 'envoy.msg.form', match: { message: { regex: '\\bjwt is not in the form of header\\.payload\\.signature', keywords: ['form'] } }, set: { cause: 'malformed', detail: 'format' } },
    { id: 'envoy.msg.alg_unsupported', match: { message: { regex: '\\bjwt header \\[alg\\] (is not supported|field value is invalid)', keywords: ['alg'] } }, set: { cause: 'misconfig', detail: 'algorithm' } },
    { id: 'envoy.msg.header_invalid', match: { message: { regex: '\\bjwt header (is an invalid|\\[alg\\] field is|does not have \\[alg\\]|\\[kid\\] field is not)', keywords: ['header'] } }, set: { cause: 'malformed', detail: 'format' } },
    { id: 'envoy.msg.payload_field', match: { message: { regex: '\\bjwt payload \\[\\w+\\] field is not', keywords: ['payload'] } }, set: { cause: 'malformed', detail: 'bad_claim' } },
    { id: 'envoy.msg.payload_invalid', match: { message: { regex: '\\bjwt payload is an invalid', keywords: ['payload'] } }, set: { cause: 'malformed', detail: 'format' } },
    { id: 'envoy.msg.signature_encoding', match: { message: { regex: '\\bjwt (signature is an invalid base64|ed25519 signature is wrong length)', keywords: ['signature'] } }, set: { cause: 'malformed', detail: 'format' } },
    { id: 'envoy.msg.issuer', match: { message: { regex: '\\bjwt issuer is not configured\\b', keywords: ['issuer'] } }, set: { cause: 'misconfig', detail: 'issuer' } },
    { id: 'envoy.msg.audience', match: { message: { regex: '\\baudiences? in jwt (are|is) not allowed\\b', keywords: ['audiences', 'audience'] } }, set: { cause: 'misconfig', detail: 'audience' } },
    { id: 'envoy.msg.verification', match: { message: { regex: '\\bjwt verification fails\\b', keywords: ['verification'] } }, set: { cause: 'misconfig', detail: 'bad_signature' } },
    { id: 'envoy.msg.jwks_no_key_for_kid', match: { message: { regex: '\\bjwks doesn.t have key to match kid or alg', keywords: ['jwks'] } }, set: { cause: 'misconfig', detail: 'unknown_kid' } },
    { id: 'envoy.msg.multiple', match: { message: { regex: '\\bfound multiple jwt tokens\\b', keywords: ['multiple'] } }, set: { cause: 'malformed', detail: 'multiple_tokens' } },
    { id: 'envoy.msg.jwks_no_key', match: { message: { regex: '\\bjwks doesn.t have (key to match kid or alg|any valid public key)', keywords: ['jwks'] } }, set: { cause: 'misconfig', detail: 'signature_key' } },
    { id: 'envoy.msg.jwks_fetch', match: { message: { regex: '\\bjwks (remote )?fetch (is )?fail', keywords: ['jwks'] } }, set: { cause: 'misconfig', detail: 'jwks_unavailable' } },
    { id: 'envoy.msg.jwks_invalid', match: { message: { regex: '\\bjwks (is an invalid json|does not have \\[keys\\] field)|\\[keys\\] in jwks is not an array', keywords: ['jwks'] } }, set: { cause: 'misconfig', detail: 'jwks_unavailable' } },
  ],
}

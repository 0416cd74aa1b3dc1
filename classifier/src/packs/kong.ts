import type { RulePack } from './define.ts'

/**
 * Kong `jwt` and `acl` plugins, and Apinto/APIPark's `jwt_auth`, which ports Kong's parser and
 * keeps its wording. Kong answers `{"message":"…"}`, or for registered-claim failures an error
 * object keyed by claim: `{"exp":"token expired"}`.
 */
export const KONG_PACK: RulePack = {
  name: 'kong',
  sources: [
    'Kong/kong kong/plugins/jwt/handler.lua',
    'Kong/kong kong/plugins/jwt/jwt_parser.lua',
    'Kong/kong kong/plugins/acl/handler.lua',
    'eolinker/apinto application/auth/jwt/verify.go',
  ],
  rules: [
    // Structured: the error object keyed by claim name.
    { id: 'kong.errors.exp.expired', match: { attributes: { 'body.exp': { regex: 'token expired' } } }, set: { cause: 'expired' } },
    { id: 'kong.errors.nbf.not_yet_valid', match: { attributes: { 'body.nbf': { regex: 'token not valid yet' } } }, set: { cause: 'not_yet_valid', detail: 'nbf' } },
    { id: 'kong.errors.exp.max', match: { attributes: { 'body.exp': { regex: 'exceeds maximum allowed expiration' } } }, set: { cause: 'misconfig', detail: 'lifetime' } },
    { id: 'kong.errors.exp.type', match: { attributes: { 'body.exp': { regex: 'must be a number' } } }, set: { cause: 'malformed', detail: 'bad_claim' } },
    { id: 'kong.errors.nbf.type', match: { attributes: { 'body.nbf': { regex: 'must be a number' } } }, set: { cause: 'malformed', detail: 'bad_claim' } },
    // Kong's bare 401 "Unauthorized" means no token was found; only trust it when the service is Kong,
    // since AWS and others send the same body for every failure.
    { id: 'kong.unauthorized.no_token', match: { status: 401, service: { regex: '^kong' }, attributes: { 'body.message': 'Unauthorized' } }, set: { cause: 'missing_token' } },

    // Messages (also found inside the JSON body text).
    { id: 'kong.msg.multiple_tokens', match: { message: { regex: 'multiple tokens provided', keywords: ['multiple'] } }, set: { cause: 'malformed', detail: 'multiple_tokens' } },
    { id: 'kong.msg.unrecognizable', match: { message: { regex: 'unrecogni[sz]able token', keywords: ['unrecognizable', 'unrecognisable'] } }, set: { cause: 'malformed', detail: 'format' } },
    { id: 'kong.msg.bad_token_alg', match: { message: { regex: 'bad token; (\\[jwt_auth\\] )?invalid alg\\b', keywords: ['bad'] } }, set: { cause: 'misconfig', detail: 'algorithm' } },
    { id: 'kong.msg.bad_token', match: { message: { regex: 'bad token; ', keywords: ['bad'] } }, set: { cause: 'malformed', detail: 'format' } },
    { id: 'kong.msg.no_mandatory_iss', match: { message: { regex: 'no mandatory \'?iss\'? in claims', keywords: ['mandatory'] } }, set: { cause: 'misconfig', detail: 'issuer' } },
    { id: 'kong.msg.no_mandatory', match: { message: { regex: 'no mandatory \'?\\w+\'? in claims', keywords: ['mandatory'] } }, set: { cause: 'malformed', detail: 'missing_claim' } },
    { id: 'kong.msg.invalid_key_claim', match: { message: { regex: 'invalid \'\\w+\' in claims', keywords: ['claims'] } }, set: { cause: 'malformed', detail: 'bad_claim' } },
    { id: 'kong.msg.no_credentials', match: { message: { regex: 'no credentials found for given', keywords: ['credentials'] } }, set: { cause: 'unknown_sub', detail: 'consumer' } },
    { id: 'kong.msg.no_consumer', match: { message: { regex: 'could not find (consumer|kongsumer) for', keywords: ['consumer', 'kongsumer'] } }, set: { cause: 'unknown_sub', detail: 'consumer' } },
    { id: 'kong.msg.key_secret', match: { message: { regex: 'invalid key/secret', keywords: ['secret'] } }, set: { cause: 'misconfig', detail: 'signature_key' } },
    { id: 'kong.msg.acl', match: { message: { regex: 'you cannot consume this service', keywords: ['consume'] } }, set: { cause: 'insufficient_scope', detail: 'acl' } },
    { id: 'kong.msg.max_expiration', match: { message: { regex: 'exceeds maximum allowed expiration', keywords: ['exceeds'] } }, set: { cause: 'misconfig', detail: 'lifetime' } },
    { id: 'apinto.msg.algorithm', match: { message: { regex: 'no match algorithm', keywords: ['algorithm'] } }, set: { cause: 'misconfig', detail: 'algorithm' } },
    { id: 'apinto.msg.claim_type', match: { message: { regex: '\\[jwt_auth\\] \\w+ must be a number', keywords: ['number'] } }, set: { cause: 'malformed', detail: 'bad_claim' } },
  ],
}

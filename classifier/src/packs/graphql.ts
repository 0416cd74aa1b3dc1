import type { RulePack } from './define.ts'

/**
 * GraphQL servers answer 200 with the auth error in `errors[]` (`extensions.code` + `message`):
 * Hasura's codes and its "Could not verify JWT: <jose JWTError>" messages. The classifier finds
 * these codes in errors[].extensions.code (evidence/gather.ts), so these rules hold at any status.
 */
const code = (value: string) => ({ attributes: { error_code: value } })
const jose = (name: string) => ({ message: { regex: `could not verify jwt: (jwserror )?${name}\\b`, keywords: ['verify'] } })

export const GRAPHQL_PACK: RulePack = {
  name: 'graphql',
  sources: [
    'hasura/graphql-engine server/src-lib/Hasura/Server/Auth/JWT.hs',
    'hasura/graphql-engine server/src-lib/Hasura/Base/Error.hs',
  ],
  rules: [
    { id: 'hasura.msg.expired', match: jose('jwtexpired'), set: { cause: 'expired' } },
    { id: 'hasura.msg.not_yet_valid', match: jose('jwtnotyetvalid'), set: { cause: 'not_yet_valid', detail: 'nbf' } },
    { id: 'hasura.msg.issued_at_future', match: jose('jwtissuedatfuture'), set: { cause: 'not_yet_valid', detail: 'iat' } },
    { id: 'hasura.msg.audience', match: jose('jwtnotinaudience'), set: { cause: 'misconfig', detail: 'audience' } },
    { id: 'hasura.msg.issuer', match: jose('jwtnotinissuer'), set: { cause: 'misconfig', detail: 'issuer' } },
    { id: 'hasura.msg.signature', match: jose('jwsinvalidsignature'), set: { cause: 'misconfig', detail: 'bad_signature' } },
    { id: 'hasura.msg.no_usable_keys', match: jose('nousablekeys'), set: { cause: 'misconfig', detail: 'unknown_kid' } },
    { id: 'hasura.msg.decode', match: jose('(compactdecodeerror|jsondecodeerror|\\(jsondecodeerror|\\(compactdecodeerror)'), set: { cause: 'malformed', detail: 'format' } },
    { id: 'hasura.code.missing_role_claims', match: code('jwt-missing-role-claims'), set: { cause: 'malformed', detail: 'missing_claim' } },
    { id: 'hasura.code.invalid_claims', match: code('jwt-invalid-claims'), set: { cause: 'malformed', detail: 'bad_claim' } },
    { id: 'hasura.msg.role', match: { message: { regex: 'your (current|requested) role is not in allowed roles', keywords: ['role'] } }, set: { cause: 'insufficient_scope', detail: 'role' } },
    // The reason is in the message; these only say that authentication failed.
    { id: 'hasura.code.invalid_jwt', generic: true, match: code('invalid-jwt'), set: { cause: 'other' } },
    { id: 'hasura.code.access_denied', generic: true, match: code('access-denied'), set: { cause: 'other' } },
    { id: 'hasura.code.invalid_headers', generic: true, match: { attributes: { error_code: 'invalid-headers' }, message: { regex: 'authorization|jwt|cookie', keywords: ['authorization', 'jwt', 'cookie'] } }, set: { cause: 'other' } },
  ],
}

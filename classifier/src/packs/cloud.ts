import type { RulePack } from './define.ts'

/**
 * Azure API Management `validate-jwt` (context.LastError.Reason; the message is the
 * Microsoft.IdentityModel text + ". Access denied.", which the identitymodel pack reads) and AWS API Gateway HTTP API JWT authorizers
 * (401 `{"message":"Unauthorized"}` with the reason in WWW-Authenticate / $context.authorizer.error,
 * 403 `{"message":"Forbidden"}` when the token lacks every route scope).
 */
const REASON = 'apim.last_error.reason'

export const CLOUD_PACK: RulePack = {
  name: 'cloud',
  sources: [
    'MicrosoftDocs/azure-docs articles/api-management/api-management-error-handling-policies.md',
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-jwt.html',
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-jwt-authorizer-methods.html',
  ],
  rules: [
    { id: 'apim.reason.TokenNotPresent', match: { attributes: { [REASON]: 'TokenNotPresent' } }, set: { cause: 'missing_token' } },
    { id: 'apim.reason.TokenExpired', match: { attributes: { [REASON]: 'TokenExpired' } }, set: { cause: 'expired' } },
    { id: 'apim.reason.TokenSignatureInvalid', match: { attributes: { [REASON]: 'TokenSignatureInvalid' } }, set: { cause: 'misconfig', detail: 'bad_signature' } },
    { id: 'apim.reason.TokenSignatureKeyNotFound', match: { attributes: { [REASON]: 'TokenSignatureKeyNotFound' } }, set: { cause: 'misconfig', detail: 'unknown_kid' } },
    { id: 'apim.reason.TokenAudienceNotAllowed', match: { attributes: { [REASON]: 'TokenAudienceNotAllowed' } }, set: { cause: 'misconfig', detail: 'audience' } },
    { id: 'apim.reason.TokenIssuerNotAllowed', match: { attributes: { [REASON]: 'TokenIssuerNotAllowed' } }, set: { cause: 'misconfig', detail: 'issuer' } },
    { id: 'apim.reason.TokenClaimNotFound', match: { attributes: { [REASON]: 'TokenClaimNotFound' } }, set: { cause: 'insufficient_scope', detail: 'required_claim' } },
    { id: 'apim.reason.TokenClaimValueNotAllowed', match: { attributes: { [REASON]: 'TokenClaimValueNotAllowed' } }, set: { cause: 'insufficient_scope', detail: 'required_claim' } },
    { id: 'apim.reason.JwtInvalid', generic: true, match: { attributes: { [REASON]: 'JwtInvalid' } }, set: { cause: 'other' } },
    // AWS: the bodies carry no reason; a 403 on an AWS route means the scopes did not match.
    { id: 'aws.forbidden.scope', generic: true, match: { status: 403, attributes: { 'cloud.provider': 'aws', 'body.message': 'Forbidden' } }, set: { cause: 'insufficient_scope', detail: 'scope' } },

    { id: 'apim.msg.not_present', match: { message: { regex: '\\bjwt not present\\b', keywords: ['present'] } }, set: { cause: 'missing_token' } },
    { id: 'apim.msg.missing_claims', match: { message: { regex: 'jwt token is missing the following claims', keywords: ['claims'] } }, set: { cause: 'insufficient_scope', detail: 'required_claim' } },
    { id: 'apim.msg.claim_value', match: { message: { regex: '\\bclaim \\S+ value of .* is not allowed', keywords: ['claim'] } }, set: { cause: 'insufficient_scope', detail: 'required_claim' } },
    // AWS JWT authorizer error descriptions.
    { id: 'aws.msg.audience', match: { message: { regex: 'the token does not have a valid audience', keywords: ['audience'] } }, set: { cause: 'misconfig', detail: 'audience' } },
    { id: 'aws.msg.issuer', match: { message: { regex: 'the token does not have a valid issuer', keywords: ['issuer'] } }, set: { cause: 'misconfig', detail: 'issuer' } },
  ],
}

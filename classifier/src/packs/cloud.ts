import type { RulePack } from './define.ts'

/**
 * Azure API Management `validate-jwt` (context.LastError.Reason; the message is the
 * Microsoft.IdentityModel text + ". Access denied.") and AWS API Gateway HTTP API JWT authorizers
 * (401 `{"message":"Unauthorized"}` with the reason in WWW-Authenticate / $context.authorizer.error,
 * 403 `{"message":"Forbidden"}` when the token lacks every route scope).
 */
const REASON = 'apim.last_error.reason'

export const CLOUD_PACK: RulePack = {
  name: 'cloud',
  sources: [
    'MicrosoftDocs/azure-docs articles/api-management/api-management-error-handling-policies.md',
    'AzureAD/azure-activedirectory-identitymodel-extensions-for-dotnet src/Microsoft.IdentityModel.Tokens/LogMessages.cs',
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-jwt.html',
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-jwt-authorizer-methods.html',
  ],
  rules: [
    { id: 'apim.reason.TokenNotPresent', match: { attributes: { [REASON]: 'TokenNotPresent' } }, set: { cause: 'missing_token' } },
    { id: 'apim.reason.TokenExpired', match: { attributes: { [REASON]: 'TokenExpired' } }, set: { cause: 'expired' } },
    { id: 'apim.reason.TokenSignatureInvalid', match: { attributes: { [REASON]: 'TokenSignatureInvalid' } }, set: { cause: 'misconfig', detail: 'signature_key' } },
    { id: 'apim.reason.TokenSignatureKeyNotFound', match: { attributes: { [REASON]: 'TokenSignatureKeyNotFound' } }, set: { cause: 'misconfig', detail: 'signature_key' } },
    { id: 'apim.reason.TokenAudienceNotAllowed', match: { attributes: { [REASON]: 'TokenAudienceNotAllowed' } }, set: { cause: 'misconfig', detail: 'audience' } },
    { id: 'apim.reason.TokenIssuerNotAllowed', match: { attributes: { [REASON]: 'TokenIssuerNotAllowed' } }, set: { cause: 'misconfig', detail: 'issuer' } },
    { id: 'apim.reason.TokenClaimNotFound', match: { attributes: { [REASON]: 'TokenClaimNotFound' } }, set: { cause: 'insufficient_scope', detail: 'required_claim' } },
    { id: 'apim.reason.TokenClaimValueNotAllowed', match: { attributes: { [REASON]: 'TokenClaimValueNotAllowed' } }, set: { cause: 'insufficient_scope', detail: 'required_claim' } },
    { id: 'apim.reason.JwtInvalid', generic: true, match: { attributes: { [REASON]: 'JwtInvalid' } }, set: { cause: 'other' } },
    // AWS: the bodies carry no reason; a 403 on an AWS route means the scopes did not match.
    { id: 'aws.forbidden.scope', generic: true, match: { status: 403, attributes: { 'cloud.provider': 'aws', 'body.message': 'Forbidden' } }, set: { cause: 'insufficient_scope', detail: 'scope' } },

    // IdentityModel (IDXnnnnn) messages, as APIM and ASP.NET report them.
    { id: 'identitymodel.msg.expired', match: { message: { regex: '\\bidx10223\\b|lifetime validation failed\\. the token is expired', keywords: ['idx10223', 'expired'] } }, set: { cause: 'expired' } },
    { id: 'identitymodel.msg.not_yet_valid', match: { message: { regex: '\\bidx10222\\b|the token is not yet valid', keywords: ['idx10222', 'valid'] } }, set: { cause: 'not_yet_valid', detail: 'nbf' } },
    { id: 'identitymodel.msg.no_exp', match: { message: { regex: '\\bidx10225\\b|token is missing an expiration time', keywords: ['idx10225', 'expiration'] } }, set: { cause: 'malformed', detail: 'missing_claim' } },
    { id: 'identitymodel.msg.audience', match: { message: { regex: '\\bidx10214\\b|audience validation failed', keywords: ['idx10214', 'audience'] } }, set: { cause: 'misconfig', detail: 'audience' } },
    { id: 'identitymodel.msg.issuer', match: { message: { regex: '\\bidx10205\\b|issuer validation failed', keywords: ['idx10205', 'issuer'] } }, set: { cause: 'misconfig', detail: 'issuer' } },
    { id: 'identitymodel.msg.unsigned', match: { message: { regex: '\\bidx10504\\b|token does not have a signature', keywords: ['idx10504', 'signature'] } }, set: { cause: 'malformed', detail: 'format' } },
    { id: 'identitymodel.msg.signature', match: { message: { regex: '\\bidx105(00|01|03|11)\\b|signature validation failed', keywords: ['idx10500', 'idx10501', 'idx10503', 'idx10511', 'signature'] } }, set: { cause: 'misconfig', detail: 'signature_key' } },
    { id: 'apim.msg.not_present', match: { message: { regex: '\\bjwt not present\\b', keywords: ['present'] } }, set: { cause: 'missing_token' } },
    { id: 'apim.msg.missing_claims', match: { message: { regex: 'jwt token is missing the following claims', keywords: ['claims'] } }, set: { cause: 'insufficient_scope', detail: 'required_claim' } },
    { id: 'apim.msg.claim_value', match: { message: { regex: '\\bclaim \\S+ value of .* is not allowed', keywords: ['claim'] } }, set: { cause: 'insufficient_scope', detail: 'required_claim' } },
    // AWS JWT authorizer error descriptions.
    { id: 'aws.msg.audience', match: { message: { regex: 'the token does not have a valid audience', keywords: ['audience'] } }, set: { cause: 'misconfig', detail: 'audience' } },
    { id: 'aws.msg.issuer', match: { message: { regex: 'the token does not have a valid issuer', keywords: ['issuer'] } }, set: { cause: 'misconfig', detail: 'issuer' } },
  ],
}

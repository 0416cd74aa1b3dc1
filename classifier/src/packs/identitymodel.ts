import type { RulePack } from './define.ts'

/**
 * ASP.NET Core JwtBearer and Microsoft.IdentityModel: IDXnnnnn messages (logged, or wrapped by
 * Azure APIM), the SecurityToken*Exception classes (exception.type) and the `error_description`s
 * JwtBearerHandler puts in its WWW-Authenticate challenge (the lexicon reads those too).
 */
const type = (name: string) => ({ attributes: { 'error.type': { regex: `(^|\\.)${name}$` } } })

export const IDENTITYMODEL_PACK: RulePack = {
  name: 'identitymodel',
  sources: [
    'AzureAD/azure-activedirectory-identitymodel-extensions-for-dotnet src/Microsoft.IdentityModel.Tokens/LogMessages.cs',
    'dotnet/aspnetcore src/Security/Authentication/JwtBearer/src/JwtBearerHandler.cs',
  ],
  rules: [
    // Exception classes, most derived first (JwtBearerHandler.CreateErrorDescription's order).
    { id: 'identitymodel.type.invalid_audience', match: type('SecurityTokenInvalidAudienceException'), set: { cause: 'misconfig', detail: 'audience' } },
    { id: 'identitymodel.type.invalid_issuer', match: type('SecurityTokenInvalidIssuerException'), set: { cause: 'misconfig', detail: 'issuer' } },
    { id: 'identitymodel.type.no_expiration', match: type('SecurityTokenNoExpirationException'), set: { cause: 'malformed', detail: 'missing_claim' } },
    { id: 'identitymodel.type.not_yet_valid', match: type('SecurityTokenNotYetValidException'), set: { cause: 'not_yet_valid', detail: 'nbf' } },
    { id: 'identitymodel.type.expired', match: type('SecurityTokenExpiredException'), set: { cause: 'expired' } },
    { id: 'identitymodel.type.key_not_found', match: type('SecurityTokenSignatureKeyNotFoundException'), set: { cause: 'misconfig', detail: 'unknown_kid' } },
    { id: 'identitymodel.type.invalid_signature', match: type('SecurityTokenInvalidSignatureException'), set: { cause: 'misconfig', detail: 'bad_signature' } },
    { id: 'identitymodel.type.invalid_type', match: type('SecurityTokenInvalidTypeException'), set: { cause: 'malformed', detail: 'token_type' } },
    { id: 'identitymodel.type.malformed', match: type('SecurityTokenMalformedException'), set: { cause: 'malformed', detail: 'format' } },

    // IDX codes: the code decides, whatever the wording around it (PII hidden, other languages).
    { id: 'identitymodel.msg.expired', match: { message: { regex: '\\bidx10223\\b|lifetime validation failed\\. the token is expired', keywords: ['idx10223', 'expired'] } }, set: { cause: 'expired' } },
    { id: 'identitymodel.msg.not_yet_valid', match: { message: { regex: '\\bidx10222\\b|the token is not yet valid', keywords: ['idx10222', 'valid'] } }, set: { cause: 'not_yet_valid', detail: 'nbf' } },
    { id: 'identitymodel.msg.no_exp', match: { message: { regex: '\\bidx10225\\b|token is missing an expiration time', keywords: ['idx10225', 'expiration'] } }, set: { cause: 'malformed', detail: 'missing_claim' } },
    { id: 'identitymodel.msg.audience', match: { message: { regex: '\\bidx102(06|07|08|14|31)\\b|audience validation failed', keywords: ['idx10206', 'idx10207', 'idx10208', 'idx10214', 'idx10231', 'audience'] } }, set: { cause: 'misconfig', detail: 'audience' } },
    { id: 'identitymodel.msg.issuer', match: { message: { regex: '\\bidx102(04|05|11)\\b|issuer validation failed', keywords: ['idx10204', 'idx10205', 'idx10211', 'issuer'] } }, set: { cause: 'misconfig', detail: 'issuer' } },
    { id: 'identitymodel.msg.token_type', match: { message: { regex: '\\bidx1025[67]\\b', keywords: ['idx10256', 'idx10257'] } }, set: { cause: 'malformed', detail: 'token_type' } },
    { id: 'identitymodel.msg.unsigned', match: { message: { regex: '\\bidx10504\\b|token does not have a signature', keywords: ['idx10504', 'signature'] } }, set: { cause: 'malformed', detail: 'format' } },
    // IDX10501: no key matched the kid; IDX10503: keys were tried and the signature failed.
    { id: 'identitymodel.msg.key_not_matched', match: { message: { regex: '\\bidx10501\\b', keywords: ['idx10501'] } }, set: { cause: 'misconfig', detail: 'unknown_kid' } },
    { id: 'identitymodel.msg.signature_failed', match: { message: { regex: '\\bidx10503\\b', keywords: ['idx10503'] } }, set: { cause: 'misconfig', detail: 'bad_signature' } },
    { id: 'identitymodel.msg.signature', match: { message: { regex: '\\bidx105(00|11)\\b|signature validation failed', keywords: ['idx10500', 'idx10511', 'signature'] } }, set: { cause: 'misconfig', detail: 'signature_key' } },
    { id: 'identitymodel.msg.decode', match: { message: { regex: '\\bidx(10400|12709|12741|14100|14101|14102)\\b', keywords: ['idx10400', 'idx12709', 'idx12741', 'idx14100', 'idx14101', 'idx14102'] } }, set: { cause: 'malformed', detail: 'format' } },
    { id: 'identitymodel.msg.configuration', match: { message: { regex: '\\bidx20803\\b|unable to obtain configuration from', keywords: ['idx20803', 'configuration'] } }, set: { cause: 'misconfig', detail: 'jwks_unavailable' } },
  ],
}

import type { RulePack } from './define.ts'

/**
 * Verifier libraries in services: PyJWT and FastAPI, Java (jjwt, auth0 java-jwt, jose4j, Nimbus),
 * PHP (firebase/php-jwt, tymon/jwt-auth, lcobucci/jwt). Their exception class names (exception.type)
 * are mapped here; their messages are mostly plain words the lexicon reads, so only wordings it
 * would misread are listed.
 */
const type = (pattern: string) => ({ attributes: { 'error.type': { regex: `(^|[.$\\\\])(${pattern})$` } } })

export const LANGUAGES_PACK: RulePack = {
  name: 'languages',
  sources: [
    'jpadilla/pyjwt jwt/exceptions.py, jwt/api_jwt.py, jwt/api_jws.py, jwt/jwks_client.py',
    'fastapi/fastapi fastapi/security/http.py, fastapi/security/oauth2.py, docs_src/security/',
    'jwtk/jjwt impl/src/main/java/io/jsonwebtoken/impl/DefaultJwtParser.java',
    'auth0/java-jwt lib/src/main/java/com/auth0/jwt/JWTVerifier.java, lib/src/main/java/com/auth0/jwt/exceptions/',
    'pvliesdonk/jose4j src/main/java/org/jose4j/jwt/consumer/',
    'felx/nimbus-jose-jwt src/main/java/com/nimbusds/jwt/proc/',
    'firebase/php-jwt src/JWT.php',
    'tymondesigns/jwt-auth src/Exceptions/, src/Http/Middleware/BaseMiddleware.php',
    'lcobucci/jwt src/Validation/Constraint/',
  ],
  rules: [
    // Exception classes (simple or fully qualified names).
    { id: 'lang.type.expired', match: type('ExpiredSignatureError|ExpiredJwtException|TokenExpiredException|ExpiredException'), set: { cause: 'expired' } },
    { id: 'lang.type.immature', match: type('ImmatureSignatureError|PrematureJwtException|BeforeValidException'), set: { cause: 'not_yet_valid', detail: 'nbf' } },
    { id: 'lang.type.audience', match: type('InvalidAudienceError'), set: { cause: 'misconfig', detail: 'audience' } },
    { id: 'lang.type.issuer', match: type('InvalidIssuerError'), set: { cause: 'misconfig', detail: 'issuer' } },
    { id: 'lang.type.signature', match: type('InvalidSignatureError|SignatureException|SignatureVerificationException|SignatureInvalidException|InvalidJwtSignatureException'), set: { cause: 'misconfig', detail: 'bad_signature' } },
    { id: 'lang.type.algorithm', match: type('InvalidAlgorithmError|AlgorithmMismatchException'), set: { cause: 'misconfig', detail: 'algorithm' } },
    { id: 'lang.type.malformed', match: type('DecodeError|MalformedJwtException|JWTDecodeException'), set: { cause: 'malformed', detail: 'format' } },
    { id: 'lang.type.blacklisted', match: type('TokenBlacklistedException'), set: { cause: 'revoked', detail: 'token' } },
    { id: 'lang.type.jwks_connection', match: type('PyJWKClientConnectionError'), set: { cause: 'misconfig', detail: 'jwks_unavailable' } },

    // FastAPI: `detail` bodies of its security helpers and documented dependencies.
    { id: 'fastapi.detail.not_authenticated', match: { attributes: { 'body.detail': 'Not authenticated' } }, set: { cause: 'missing_token' } },
    { id: 'fastapi.detail.inactive_user', match: { attributes: { 'body.detail': 'Inactive user' } }, set: { cause: 'revoked', detail: 'user_disabled' } },
    { id: 'fastapi.detail.permissions', match: { attributes: { 'body.detail': 'Not enough permissions' } }, set: { cause: 'insufficient_scope', detail: 'scope' } },
    // The docs' dependency answers every failed decode so, with a bare challenge: not "no token".
    { id: 'fastapi.detail.credentials', generic: true, match: { attributes: { 'body.detail': 'Could not validate credentials' } }, set: { cause: 'other' } },

    // Wordings the lexicon would misread.
    { id: 'pyjwt.msg.jwks_fetch', match: { message: { regex: 'fail to fetch data from the url', keywords: ['fetch'] } }, set: { cause: 'misconfig', detail: 'jwks_unavailable' } },
    { id: 'php-jwt.msg.kid_empty', match: { message: { regex: '"kid" empty, unable to lookup correct key', keywords: ['kid'] } }, set: { cause: 'malformed', detail: 'missing_claim' } },
    { id: 'php-jwt.msg.kid_invalid', match: { message: { regex: '"kid" invalid, unable to lookup correct key', keywords: ['kid'] } }, set: { cause: 'misconfig', detail: 'unknown_kid' } },
    { id: 'php-jwt.msg.key_algorithm', match: { message: { regex: 'incorrect key for this algorithm', keywords: ['algorithm'] } }, set: { cause: 'misconfig', detail: 'algorithm' } },
    { id: 'tymon.msg.token_not_parsed', match: { message: { regex: 'token could not be parsed from the request', keywords: ['parsed'] } }, set: { cause: 'missing_token' } },
  ],
}

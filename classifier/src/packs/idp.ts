import type { RulePack } from './define.ts'

/**
 * Identity providers' SDKs: Firebase Admin (auth/* error codes and FirebaseTokenVerifier wording),
 * Google's auth library (OAuth2Client.verifySignedJwtWithCertsAsync) and Keycloak (TokenVerifier,
 * the OAuth error bodies of its endpoints).
 */
const code = (value: string) => ({ attributes: { error_code: value } })

export const IDP_PACK: RulePack = {
  name: 'idp',
  sources: [
    'firebase/firebase-admin-node src/auth/token-verifier.ts',
    'firebase/firebase-admin-node src/utils/error.ts',
    'googleapis/google-auth-library-nodejs src/auth/oauth2client.ts',
    'keycloak/keycloak core/src/main/java/org/keycloak/TokenVerifier.java',
  ],
  rules: [
    // Firebase error codes (`auth/…` in error.code, a JSON body's code, or an errors[] entry).
    { id: 'firebase.code.id_token_expired', match: code('auth/id-token-expired'), set: { cause: 'expired' } },
    { id: 'firebase.code.session_cookie_expired', match: code('auth/session-cookie-expired'), set: { cause: 'expired', detail: 'session' } },
    { id: 'firebase.code.id_token_revoked', match: code('auth/id-token-revoked'), set: { cause: 'revoked', detail: 'token' } },
    { id: 'firebase.code.session_cookie_revoked', match: code('auth/session-cookie-revoked'), set: { cause: 'revoked', detail: 'session' } },
    { id: 'firebase.code.user_disabled', match: code('auth/user-disabled'), set: { cause: 'revoked', detail: 'user_disabled' } },
    { id: 'firebase.code.user_not_found', match: code('auth/user-not-found'), set: { cause: 'unknown_sub', detail: 'user' } },
    { id: 'firebase.code.argument_error', generic: true, match: code('auth/argument-error'), set: { cause: 'other' } },
    // FirebaseTokenVerifier: its kid message also says "most likely … expired"; the kid decides.
    { id: 'firebase.msg.kid', match: { message: { regex: 'has "kid" claim which does not correspond to a known public key', keywords: ['kid'] } }, set: { cause: 'misconfig', detail: 'unknown_kid' } },
    { id: 'firebase.msg.decode', match: { message: { regex: 'decoding firebase (id token|session cookie|auth blocking token) failed', keywords: ['decoding'] } }, set: { cause: 'malformed', detail: 'format' } },

    // Google auth library.
    { id: 'google-auth.msg.no_pem', match: { message: { regex: '\\bno pem found for envelope\\b', keywords: ['pem'] } }, set: { cause: 'misconfig', detail: 'unknown_kid' } },
    { id: 'google-auth.msg.certs', match: { message: { regex: 'failed to retrieve verification certificates', keywords: ['certificates'] } }, set: { cause: 'misconfig', detail: 'jwks_unavailable' } },
    { id: 'google-auth.msg.lifetime', match: { message: { regex: 'expiration time too far in future', keywords: ['future'] } }, set: { cause: 'misconfig', detail: 'lifetime' } },

    // Keycloak: "Token is not active" covers both exp and nbf, so token facts decide.
    { id: 'keycloak.msg.not_active', generic: true, match: { message: { regex: '^token is not active$|"token is not active"', keywords: ['active'] } }, set: { cause: 'other' } },
    { id: 'keycloak.type.not_active', generic: true, match: { attributes: { 'error.type': { regex: 'TokenNotActiveException$' } } }, set: { cause: 'other' } },
    { id: 'keycloak.msg.token_not_set', match: { message: { regex: '^token not set$', keywords: ['set'] } }, set: { cause: 'missing_token' } },
  ],
}

import { z } from 'zod'

/**
 * Stable cause identifiers stored in `gateway_calls.Cause`. Users write SQL and alert rules
 * against these strings: never rename one, only add.
 */
export const CAUSES = [
  'expired',
  'unknown_sub',
  'insufficient_scope',
  'misconfig',
  'malformed',
  'missing_token',
  'not_yet_valid',
  'revoked',
  'other',
] as const

export const CauseSchema = z.enum(CAUSES)
export type Cause = z.infer<typeof CauseSchema>

/** Empty string marks a successful (or non-auth) call in `gateway_calls.Cause`. */
export const StoredCauseSchema = z.union([CauseSchema, z.literal('')])
export type StoredCause = z.infer<typeof StoredCauseSchema>

/** A `CauseDetail` value: what refines a cause. Empty means "no refinement known". */
export interface CauseDetailInfo {
  label: string
  description: string
}

export interface CauseInfo {
  /** Short friendly name for charts and badges. */
  label: string
  /** One line: what this cause means. */
  description: string
  /** What to check first, in order. */
  playbook: readonly string[]
  /** Known `CauseDetail` values for this cause; rules may set others (shown raw). */
  details: Readonly<Record<string, CauseDetailInfo>>
}

// Details are stable identifiers too (stored in `gateway_calls.CauseDetail`): only add.
export const CAUSE_INFO: Readonly<Record<Cause, CauseInfo>> = {
  expired: {
    label: 'Expired token',
    description: 'The token\'s exp (or maximum age) was past when the gateway checked it.',
    playbook: [
      'Compare the token\'s exp with the call time: a gap of seconds points at clock skew, hours at a client that never refreshes.',
      'Check the client\'s refresh logic: does it refresh before exp and retry once on 401/403?',
      'Check NTP on the gateway and the issuer if several clients fail at once.',
      'Check the token lifetime and the gateway\'s allowed clock skew / leeway.',
    ],
    details: {
      clock_skew: { label: 'Clock skew suspected', description: 'The token expired only seconds before the call, or the gateway saw it expired while its exp is still ahead: clocks disagree.' },
      max_age: { label: 'Maximum age exceeded', description: 'The token is older (by iat) than the verifier\'s maximum token age.' },
      session: { label: 'Session expired', description: 'The server-side session behind the token timed out.' },
    },
  },
  unknown_sub: {
    label: 'Unknown subject',
    description: 'The token is valid but its subject (user, consumer or credential key) is not known to the service.',
    playbook: [
      'Look up the sub in the user directory: was the user deleted, migrated or never provisioned?',
      'Check whether all failing subs share a tenant or issuer (a migration, a restored backup, a second environment).',
      'Check the gateway\'s consumers/credentials for the token\'s key claim (Kong, APISIX, Tyk).',
      'Ask the identity provider whether the account is active and the sub is the expected identifier.',
      'Make the client sign out and back in so it gets a token for an existing account.',
    ],
    details: {
      user: { label: 'User not found', description: 'The user directory has no user with this sub.' },
      consumer: { label: 'Consumer not found', description: 'The gateway has no consumer or credential for the token\'s key claim.' },
    },
  },
  insufficient_scope: {
    label: 'Insufficient scope',
    description: 'The token is valid but lacks the scope, role, group or claim value the route requires.',
    playbook: [
      'Compare the token\'s scopes/roles with what the route requires.',
      'Check the client\'s token request: does it ask for the scope, and is the client allowed it?',
      'Check role/group assignments at the identity provider and the gateway ACLs.',
      'Check the route configuration if the requirement changed recently.',
    ],
    details: {
      scope: { label: 'Missing scope', description: 'A required OAuth scope is absent from the token.' },
      role: { label: 'Missing role', description: 'The token\'s role is not allowed (for example not an admin role).' },
      acl: { label: 'ACL denied', description: 'The consumer\'s groups are not allowed by the gateway ACL.' },
      api_access: { label: 'No access to this API', description: 'The key\'s access rights do not include this API.' },
      required_claim: { label: 'Required claim not satisfied', description: 'A claim the gateway requires is missing or has a disallowed value.' },
      aal: { label: 'Insufficient assurance level', description: 'The session\'s authentication assurance level (MFA) is too low.' },
    },
  },
  misconfig: {
    label: 'Misconfiguration',
    description: 'The token and the gateway disagree on set-up: issuer, audience, keys, JWKS or algorithm.',
    playbook: [
      'Check which detail fired and compare the token\'s iss/aud/kid/alg with the gateway configuration.',
      'Check the JWKS: is it reachable from the gateway, and does it contain the token\'s kid (key rotation)?',
      'Check recent deploys of the gateway or identity provider configuration.',
      'Check that clients use the right environment (staging tokens against production and vice versa).',
    ],
    details: {
      issuer: { label: 'Issuer not accepted', description: 'The token\'s iss is not an issuer the gateway trusts (or is missing).' },
      audience: { label: 'Audience not accepted', description: 'The token\'s aud does not include this API (or is missing).' },
      signature_key: { label: 'Signature / key mismatch', description: 'The signature did not verify or no key matched the token\'s kid.' },
      unknown_kid: { label: 'No key for the kid', description: 'No key in the verifier\'s key set matches the token\'s kid: a key rotated in before the JWKS listed it, a stale JWKS cache, or another issuer\'s token.' },
      bad_signature: { label: 'Signature does not verify', description: 'A key was found but the signature does not verify with it: a forged or tampered token (a security signal), or a key reused under another kid.' },
      jwks_unavailable: { label: 'JWKS unavailable', description: 'The key set could not be fetched or parsed.' },
      algorithm: { label: 'Algorithm not accepted', description: 'The token\'s alg is not one the gateway accepts.' },
      lifetime: { label: 'Lifetime too long', description: 'The token\'s lifetime exceeds the gateway\'s maximum.' },
      gateway_policy: { label: 'Gateway policy', description: 'The gateway has no consumer, policy or mapping that applies to this token.' },
    },
  },
  malformed: {
    label: 'Malformed token',
    description: 'The credential could not be parsed, or lacks claims a verifier needs.',
    playbook: [
      'Check what the client sends in Authorization: "Bearer <three base64url parts>", nothing else.',
      'Check for truncation (header size limits, cookies) and double "Bearer" prefixes.',
      'Check that the client sends an access token, not an ID token or opaque reference token.',
      'Decode the token and check the claim types (exp/nbf/iat numbers, sub string).',
    ],
    details: {
      format: { label: 'Not a JWT', description: 'Not three base64url parts, or header/payload are not JSON.' },
      bearer_scheme: { label: 'Bad Authorization header', description: 'The header is not of the form "Bearer <token>".' },
      missing_claim: { label: 'Missing claim', description: 'A claim the verifier requires (sub, exp, key claim…) is absent.' },
      bad_claim: { label: 'Invalid claim value', description: 'A claim has the wrong type or shape.' },
      multiple_tokens: { label: 'Multiple tokens', description: 'The request carried more than one token.' },
      token_type: { label: 'Wrong token type', description: 'The typ header is not the one expected (ID token sent as access token…).' },
    },
  },
  missing_token: {
    label: 'Missing token',
    description: 'The call carried no bearer token where one is required.',
    playbook: [
      'Check the client: is the Authorization header set on this call (CORS preflights, retries, redirects drop it)?',
      'Check proxies between client and gateway that may strip Authorization.',
      'Check whether the route should be public.',
    ],
    details: {},
  },
  not_yet_valid: {
    label: 'Not yet valid',
    description: 'The token\'s nbf (or iat) is in the future from the gateway\'s point of view.',
    playbook: [
      'Compare nbf/iat with the call time: seconds point at clock skew between issuer and gateway.',
      'Check NTP on the issuer and gateway hosts.',
      'Check the gateway\'s allowed clock skew / leeway.',
    ],
    details: {
      nbf: { label: 'Before nbf', description: 'The call came before the token\'s nbf.' },
      iat: { label: 'Issued in the future', description: 'The token\'s iat is after the call time.' },
      clock_skew: { label: 'Clock skew suspected', description: 'nbf/iat is only seconds ahead of the call: clocks disagree.' },
    },
  },
  revoked: {
    label: 'Revoked',
    description: 'The token, its session, key or client was revoked or signed out before it expired.',
    playbook: [
      'Check whether the user signed out or the session was ended by an admin.',
      'Check revocation lists / deny lists the gateway applies.',
      'Make the client drop the token and sign in again; look for clients that keep using old tokens.',
    ],
    details: {
      session: { label: 'Session ended', description: 'The session referenced by the token no longer exists.' },
      token: { label: 'Token revoked', description: 'The token (or its subject) is on a revocation list.' },
      key: { label: 'Key revoked', description: 'The signing key (kid) is on a revocation list.' },
      client: { label: 'Client revoked', description: 'The OAuth client\'s access was revoked.' },
      user_disabled: { label: 'User disabled', description: 'The user is banned or disabled.' },
    },
  },
  other: {
    label: 'Other / unclassified',
    description: 'An authentication failure no rule recognised; the raw message is kept.',
    playbook: [
      'Read the raw error message and the call\'s attributes.',
      'Add a rule to the rules file so the next ones are classified (it reloads without a restart).',
      'Run `claimcheck reclassify` to apply the new rule to stored calls.',
    ],
    details: {},
  },
}

/** Friendly label for a stored cause; '' (success) is "OK". */
export function labelCause(cause: StoredCause): string {
  return cause === '' ? 'OK' : CAUSE_INFO[cause].label
}

/** Friendly label for a detail, or the raw detail when it is not a known one. */
export function labelCauseDetail(cause: StoredCause, detail: string): string {
  if (cause === '' || detail === '') return ''
  return CAUSE_INFO[cause].details[detail]?.label ?? detail
}

/** Whether `detail` is one of the documented details of `cause` ('' always is). */
export function isKnownCauseDetail(cause: StoredCause, detail: string): boolean {
  if (detail === '') return true
  return cause !== '' && Object.hasOwn(CAUSE_INFO[cause].details, detail)
}

import type { StoredCause } from '@claimcheck/shared'

/**
 * The concept lexicon: how libraries, IdPs and gateways word each cause, as data. Phrases are
 * matched on the words of an error text (evidence/words.ts) after the rewrites below, so
 * `TokenExpiredError`, `token_expired` and "The token is expired" all read `token expired`.
 *
 * Phrase syntax: slots separated by spaces, each slot a `|`-list of words; slots match in order
 * with at most `gap` other words between two slots (default 2; a trailing `/N` sets it). A phrase
 * whose first word is preceded (within two words) by a negator ("not", "never", "non") does not
 * count: "not expired" is not expired. Concepts are tried in list order and the first one that
 * matches anywhere in a text wins, so the more specific wording comes first ("missing exp" before
 * "exp", "session expired" before "expired", a kid that matches no key before a bad signature).
 * Wordings sourced from: docs/classification.md lists the libraries per concept.
 */

export interface Concept {
  id: string
  cause: StoredCause
  detail: string
  /** Says only that authentication failed: decides after token facts, like a generic rule. */
  generic?: boolean
  phrases: readonly string[]
}

/** Multi-word spellings rewritten to one word before matching (longest first). */
export const REWRITES: readonly (readonly [string, string])[] = [
  ['not yet valid', 'premature'],
  ['not valid yet', 'premature'],
  ['not valid before', 'premature'],
  ['not yet active', 'premature'],
  ['no longer valid', 'expired'],
  ['not well formed', 'malformed'],
  ['does not correspond', 'mismatch'],
  ['doesn t correspond', 'mismatch'],
  ['does not match', 'mismatch'],
  ['doesn t match', 'mismatch'],
  ['did not match', 'mismatch'],
  ['didn t match', 'mismatch'],
  ['do not match', 'mismatch'],
  ['not match', 'mismatch'],
  ['not matching', 'mismatch'],
  ['mismatched', 'mismatch'],
  ['does not contain', 'mismatch'],
  ['doesn t contain', 'mismatch'],
  ['could not be found', 'notfound'],
  ['cannot be found', 'notfound'],
  ['can t be found', 'notfound'],
  ['was not found', 'notfound'],
  ['not found', 'notfound'],
  ['unable to find', 'notfound'],
  ['unable to locate', 'notfound'],
  ['unable to match', 'notfound'],
  ['could not find', 'notfound'],
  ['couldn t find', 'notfound'],
  ['does not exist', 'notfound'],
  ['doesn t exist', 'notfound'],
  ['not exist', 'notfound'],
  ['no such', 'notfound'],
  ['could not be verified', 'unverified'],
  ['cannot be verified', 'unverified'],
  ['could not verify', 'unverified'],
  ['not verified', 'unverified'],
  ['not valid', 'invalid'],
  ['not active', 'inactive'],
  ['not enabled', 'disabled'],
  ['not enough', 'insufficient'],
  ['not set', 'missing'],
  ['not allowed', 'disallowed'],
  ['not permitted', 'disallowed'],
  ['not accepted', 'disallowed'],
  ['not supported', 'unsupported'],
  ['not trusted', 'untrusted'],
  ['not available', 'unavailable'],
  ['not provided', 'missing'],
  ['not present', 'missing'],
  ['not supplied', 'missing'],
  ['is required', 'required'],
  ['could not', 'fail'],
  ['couldn t', 'fail'],
  ['unable to', 'fail'],
  ['failed to', 'fail'],
  ['fail to', 'fail'],
  ['cannot', 'fail'],
  ['can t', 'fail'],
  ['too late', 'expired'],
  ['too early', 'premature'],
  ['early by', 'premature'],
  ['immature', 'premature'],
  ['prematurely', 'premature'],
  ['expiration time required', 'exp required'],
  ['expired token', 'expired'],
]

const CLAIM = 'exp|expiration|nbf|iat|sub|subject|jti|claim|claims'
const FAILED = 'invalid|mismatch|untrusted|unknown|unexpected|incorrect|wrong|rejected|disallowed|failed|bad'

export const CONCEPTS: readonly Concept[] = [
  // Absent claims: iss/aud are set-up problems (docs/classification.md), the others malformed.
  { id: 'missing_issuer', cause: 'misconfig', detail: 'issuer', phrases: ['missing|without|lacks iss|issuer/1', 'iss|issuer missing|required/1', 'no iss|issuer/0'] },
  { id: 'missing_audience', cause: 'misconfig', detail: 'audience', phrases: ['missing|without|lacks aud|audience/1', 'aud|audience missing|required/1', 'no aud|audience/0'] },
  { id: 'missing_kid', cause: 'malformed', detail: 'missing_claim', phrases: ['no|missing|without kid/0', 'kid missing|empty|required/1'] },
  { id: 'missing_claim', cause: 'malformed', detail: 'missing_claim', phrases: [`missing|without|lacks ${CLAIM}`, `${CLAIM} missing|required`, `no ${CLAIM}/1`, 'mismatch required claims|claim/1'] },
  { id: 'bad_claim', cause: 'malformed', detail: 'bad_claim', phrases: ['must be integer|number|numeric|string|uuid/1', 'claim|claims format invalid/1'] },

  { id: 'session_expired', cause: 'expired', detail: 'session', phrases: ['session expired|timeout|timedout/1', 'expired session/0'] },
  { id: 'max_age', cause: 'expired', detail: 'max_age', phrases: ['maxage exceeded/0', 'max age exceeded/1', 'too old/0'] },
  { id: 'issued_in_future', cause: 'not_yet_valid', detail: 'iat', phrases: ['issued future', 'iat future|prior|after|later', 'used before issued/1', 'issued at premature/1'] },
  { id: 'not_before', cause: 'not_yet_valid', detail: 'nbf', phrases: ['premature', 'used before/0', 'before use time/0', 'nbf prior|future|failed|invalid', 'notbefore'] },

  { id: 'session_ended', cause: 'revoked', detail: 'session', phrases: ['session notfound|inactive|ended|terminated|invalid|revoked|missing|mismatch|closed', 'logged|signed out/0', 'session logged|signed out'] },
  { id: 'user_disabled', cause: 'revoked', detail: 'user_disabled', phrases: ['user|account|member disabled|banned|inactive|locked|suspended|deactivated|blocked', 'disabled|banned|suspended|locked|deactivated user|account'] },
  { id: 'token_revoked', cause: 'revoked', detail: 'token', phrases: ['revoked', 'blacklisted', 'blocklisted', 'denylisted', 'token invalidated'] },
  { id: 'unknown_user', cause: 'unknown_sub', detail: 'user', phrases: ['user|account|subject|principal|member|identity notfound|unknown|deleted|nonexistent', 'unknown|nonexistent|deleted user|subject|principal|account/0', 'notfound user|account|subject/0'] },

  { id: 'scope', cause: 'insufficient_scope', detail: 'scope', phrases: ['insufficient scope|scopes', 'scope|scopes missing|required|insufficient|notfound|disallowed|mismatch', 'missing|required scope|scopes/1'] },
  { id: 'role', cause: 'insufficient_scope', detail: 'role', phrases: ['role|roles disallowed|missing|required|insufficient|mismatch|invalid', 'not in allowed roles/0', 'insufficient privileges|permissions|permission|role|roles', 'permission denied/0'] },

  // A kid that matches no key, before a signature that does not verify: different fixes.
  { id: 'unknown_kid', cause: 'misconfig', detail: 'unknown_kid', phrases: ['kid|key|keys|jwk notfound|unknown|mismatch', 'notfound key|keys|jwk/3', 'no matching|suitable|applicable key|keys|jwk/1', 'no key|keys|pem/0', 'kid invalid/1'] },
  { id: 'bad_signature', cause: 'misconfig', detail: 'bad_signature', phrases: ['signature invalid|mismatch|failed|unverified|incorrect|bad|forged|tampered|resulted', 'invalid|bad|incorrect signature/1', 'signature verification|validation failed|fail|exception/1', 'fail verify signature'] },
  { id: 'jwks_unavailable', cause: 'misconfig', detail: 'jwks_unavailable', phrases: ['fetch|retrieve|obtain|download|load|refresh jwks|jwk|keys|certs|certificates|configuration|metadata|keyset/3', 'jwks|jwk|keyset unavailable|timeout|unreachable|failed|error/1'] },
  { id: 'algorithm', cause: 'misconfig', detail: 'algorithm', phrases: ['algorithm|alg disallowed|unsupported|mismatch|invalid|unexpected|incorrect|wrong|unknown|rejected', 'unsupported|invalid|unexpected|incorrect|wrong|unknown algorithm|alg/1', 'signing method invalid|unavailable/1', 'signer mismatch/0'] },
  { id: 'issuer', cause: 'misconfig', detail: 'issuer', phrases: [`issuer|iss ${FAILED}`, 'invalid|unknown|unexpected|incorrect|wrong|untrusted issuer|iss/1', 'not in issuer/0', 'fail validate issuer/0', 'iss|issuer claim has value/0'] },
  { id: 'audience', cause: 'misconfig', detail: 'audience', phrases: [`audience|aud|audiences ${FAILED}|unavailable`, 'invalid|unknown|unexpected|incorrect|wrong audience|aud|recipient/1', 'not in audience/0', 'fail validate audience/0', 'aud|audience claim has value/0'] },
  { id: 'expired', cause: 'expired', detail: '', phrases: ['expired', 'expiry exceeded/0', 'expires exceeded/0'] },

  { id: 'token_type', cause: 'malformed', detail: 'token_type', phrases: ['token type|typ invalid|incorrect|unexpected|mismatch|wrong|failed/1', 'typ header invalid|unexpected', 'given custom token/1'] },
  { id: 'bearer_scheme', cause: 'malformed', detail: 'bearer_scheme', phrases: ['authorization|auth header malformed|invalid|format/1', 'malformed|invalid authorization|auth header/1', 'bearer scheme|prefix|format/1', 'authorization scheme/0'] },
  { id: 'token_format', cause: 'malformed', detail: 'format', phrases: ['malformed', 'segments|segment', 'period characters/0', 'parts jwt|token/1', '3 parts/0', 'two|2 dots|periods/0', 'fail decode|parse|deserialize|read', 'decode|decoding|parse|parsing|deserialize fail|failed|error/3', 'invalid base64|base64url|padding|serialization|compact|json|encoding/1', 'base64 invalid|error/1'] },
  { id: 'no_token', cause: 'missing_token', detail: '', phrases: ['missing|no|without|absent|empty token|jwt|bearer|credentials|authorization|auth/1', 'token|jwt|bearer|credentials|authorization missing|required|absent/1', 'authorization header missing|required/1'] },

  // Auth failed, no reason given.
  { id: 'auth_failed', cause: 'other', detail: '', generic: true, phrases: ['invalid token|jwt|credentials|bearer|authentication|auth/1', 'token|jwt|credentials invalid|unverified/1', 'unauthorized', 'unauthorised', 'unauthenticated', 'not authenticated/0', 'authentication failed|error|required/1', 'access denied/0', 'fail validate credentials/0', 'token|jwt verification|validation failed|error/1'] },
]

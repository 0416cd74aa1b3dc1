import { toWellFormed, type TokenClaims, type TokenFacts } from '@claimcheck/shared'
import { findJwtRanges } from './detectors.ts'
import { decodedVariants } from './variants.ts'

/**
 * Token facts: claims are decoded (without verification) from the raw, unredacted values while a
 * record is flattened, before the redactor drops the token text.
 */

/** Keys that carry an Authorization header value (a bearer token source). */
export function isAuthorizationKey(key: string): boolean {
  return key.length >= 13 && key.slice(-13).toLowerCase() === 'authorization'
}

/** First JWT-shaped substring of `s` (or of its URL/JSON-decoded form), if any. */
export function findJwt(s: string): string | undefined {
  for (const form of [s, ...decodedVariants(s)]) {
    const [range] = findJwtRanges(form)
    if (range) return form.slice(range[0], range[1]).replace(/=+(?=\.|$)/g, '')
  }
  return undefined
}

/** The token after `Bearer ` in an Authorization value, '' for other schemes. */
export function bearerToken(value: string): string {
  let i = 0
  while (i < value.length && value.charCodeAt(i) <= 32) i++
  if (value.length - i < 7 || value.slice(i, i + 6).toLowerCase() !== 'bearer' || value.charCodeAt(i + 6) > 32) return ''
  return value.slice(i + 7).trim()
}

export const NO_TOKEN: TokenFacts = Object.freeze({ present: false, malformed: false }) as TokenFacts
const MALFORMED_TOKEN: TokenFacts = Object.freeze({ present: true, malformed: true }) as TokenFacts

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  if (segment === '') return undefined
  try {
    const parsed: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'))
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

// Claims land in gateway_calls columns: a `\ud800` escape in a payload would fail the insert.
function str(v: unknown): string | undefined {
  if (typeof v === 'string') return toWellFormed(v)
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  return undefined
}

function numericDate(v: unknown): number | undefined {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined
}

function stringList(v: unknown, splitSpaces: boolean): string[] | undefined {
  if (typeof v === 'string') return splitSpaces ? toWellFormed(v).split(' ').filter((s) => s !== '') : [toWellFormed(v)]
  if (Array.isArray(v)) return v.filter((s): s is string => typeof s === 'string').map(toWellFormed)
  return undefined
}

function firstString(payload: Record<string, unknown>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const v = str(payload[name])
    if (v !== undefined && v !== '') return v
  }
  return undefined
}

const CLIENT_ID_CLAIMS = ['azp', 'client_id', 'cid', 'appid'] as const
const TENANT_CLAIMS = ['tenant', 'tid', 'tenant_id', 'org_id'] as const

/** Namespaced custom claims such as `https://example.com/tenant` (Auth0 style). */
function namespacedTenant(payload: Record<string, unknown>): string | undefined {
  for (const key in payload) {
    if (key.endsWith('/tenant') || key.endsWith('/tenant_id')) {
      const v = str(payload[key])
      if (v) return v
    }
  }
  return undefined
}

/** Claims as TokenClaims; absent claims are left out, lists default to []. */
export function toTokenClaims(header: Record<string, unknown>, payload: Record<string, unknown>): TokenClaims {
  const claims: TokenClaims = { aud: stringList(payload.aud, false) ?? [], scopes: [] }
  const set = <K extends keyof TokenClaims>(k: K, v: TokenClaims[K] | undefined): void => {
    if (v !== undefined) claims[k] = v
  }
  set('sub', str(payload.sub))
  set('iss', str(payload.iss))
  set('exp', numericDate(payload.exp))
  set('nbf', numericDate(payload.nbf))
  set('iat', numericDate(payload.iat))
  set('jti', str(payload.jti))
  claims.scopes = stringList(payload.scope, true) ?? stringList(payload.scp, true) ?? stringList(payload.scopes, true) ?? []
  set('clientId', firstString(payload, CLIENT_ID_CLAIMS))
  set('tenant', firstString(payload, TENANT_CLAIMS) ?? namespacedTenant(payload))
  set('kid', str(header.kid))
  set('alg', str(header.alg))
  return claims
}

/**
 * Decoded tokens by token text. A client sends the same token for its whole lifetime, so most
 * calls hit; the cache lives in memory only and is dropped whole when full (no LRU bookkeeping).
 */
const TOKEN_CACHE_SIZE = 1024
const tokenCache = new Map<string, TokenFacts>()

/** decodeTokenFacts through the cache; the returned facts are shared and must not be mutated. */
export function decodeTokenFactsCached(token: string): TokenFacts {
  let facts = tokenCache.get(token)
  if (facts === undefined) {
    facts = decodeTokenFacts(token)
    if (tokenCache.size >= TOKEN_CACHE_SIZE) tokenCache.clear()
    tokenCache.set(token, facts)
  }
  return facts
}

/**
 * Decodes a compact JWS without verifying it (base64url + JSON.parse: what jose's `decodeJwt` and
 * `decodeProtectedHeader` do, without their per-call validation overhead). Anything that is not a
 * 3-segment JWS with JSON object header and payload is `malformed`.
 */
export function decodeTokenFacts(token: string): TokenFacts {
  const first = token.indexOf('.')
  const second = first < 0 ? -1 : token.indexOf('.', first + 1)
  if (second < 0 || token.indexOf('.', second + 1) >= 0) return MALFORMED_TOKEN
  const header = decodeSegment(token.slice(0, first))
  const payload = header && decodeSegment(token.slice(first + 1, second))
  if (!header || !payload) return MALFORMED_TOKEN
  return { present: true, malformed: false, claims: toTokenClaims(header, payload) }
}

/**
 * The attribute under which a stored raw row keeps the decoded facts of the token its record
 * carried (claims and header, never the token): the token itself is redacted before storage, and
 * without its facts a call derived again from the stored row (after a crash) could not be
 * classified as the live path classified it.
 */
export const TOKEN_FACTS_ATTRIBUTE = 'claimcheck.token'

type AttributeMapLike = Record<string, string>

const factsJson = new WeakMap<TokenFacts, string>()

/** TOKEN_FACTS_ATTRIBUTE's value for `facts` (computed once per decoded token). */
export function tokenFactsJson(facts: TokenFacts): string {
  let json = factsJson.get(facts)
  if (json === undefined) {
    json = JSON.stringify(facts)
    factsJson.set(facts, json)
  }
  return json
}

function parseStoredFacts(json: string): TokenFacts | undefined {
  try {
    const parsed = JSON.parse(json) as TokenFacts
    return typeof parsed === 'object' && parsed !== null && typeof parsed.present === 'boolean' ? parsed : undefined
  } catch {
    return undefined
  }
}

/**
 * Collects token evidence while attributes are flattened: the first bearer credential from an
 * Authorization-like key, else the first JWT-shaped string anywhere, else facts stored by an
 * earlier pass (TOKEN_FACTS_ATTRIBUTE). Reused per record.
 */
export class TokenScan {
  bearer = ''
  jwt = ''
  stored: TokenFacts | undefined

  reset(): this {
    this.bearer = ''
    this.jwt = ''
    this.stored = undefined
    return this
  }

  /** Whether a token was seen in the raw values (not only stored facts). */
  get sawToken(): boolean {
    return this.bearer !== '' || this.jwt !== ''
  }

  /** Looks at one raw (unredacted) string value under `key`. */
  see(key: string, value: string): void {
    if (key === TOKEN_FACTS_ATTRIBUTE) {
      this.stored = parseStoredFacts(value)
      return
    }
    if (this.bearer === '' && isAuthorizationKey(key)) {
      const token = bearerToken(value)
      if (token !== '') {
        this.bearer = token
        return
      }
    }
    if (this.jwt === '') {
      const jwt = findJwt(value)
      if (jwt !== undefined) this.jwt = jwt
    }
  }

  facts(): TokenFacts {
    if (this.bearer !== '') return decodeTokenFactsCached(this.bearer)
    if (this.jwt !== '') return decodeTokenFactsCached(this.jwt)
    return this.stored ?? NO_TOKEN
  }

  /**
   * Call attributes never show the stored facts (they are the token's own columns); the stored
   * row keeps, or gains, them. Call with the record's flattened attributes after the call is built.
   */
  keepFacts(attrs: AttributeMapLike): void {
    if (this.sawToken) attrs[TOKEN_FACTS_ATTRIBUTE] = tokenFactsJson(this.facts())
    else if (this.stored) attrs[TOKEN_FACTS_ATTRIBUTE] = tokenFactsJson(this.stored)
  }

  /** Removes the stored facts from flattened attributes before a call is built from them. */
  static hideFacts(attrs: AttributeMapLike): void {
    if (TOKEN_FACTS_ATTRIBUTE in attrs) delete attrs[TOKEN_FACTS_ATTRIBUTE]
  }
}

import { decodeJwt, type TokenFacts } from '@claimcheck/shared'
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

/** TokenFacts of a bearer credential: anything `decodeJwt` cannot decode is `malformed`. */
export function decodeTokenFacts(token: string): TokenFacts {
  const decoded = decodeJwt(token)
  return decoded.ok ? { present: true, malformed: false, claims: decoded.claims } : MALFORMED_TOKEN
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

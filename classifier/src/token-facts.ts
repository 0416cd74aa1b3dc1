import type { AuthExpectation, CallFacts, StoredCause, TokenClaims } from '@claimcheck/shared'
import type { RuleHit } from './rule-engine.ts'

/**
 * Token-fact checks: the decoded claims compared with the call's time and with what the route is
 * configured to expect. Strong facts (well past the skew, a definite mismatch with the
 * configuration) come before weak ones (within the skew: a clock-skew suspicion).
 */

interface CompiledExpectation {
  service: string | undefined
  route: ((route: string, path: string) => boolean) | undefined
  issuers: ReadonlySet<string>
  audiences: ReadonlySet<string>
  requiredScopes: readonly string[]
  algorithms: ReadonlySet<string>
}

/** Route template (`/api/orders/:id`, `*` for any rest) or `re:`-prefixed regex → matcher. */
export function compileRouteMatcher(pattern: string): (route: string, path: string) => boolean {
  const re = pattern.startsWith('re:')
    ? new RegExp(pattern.slice(3))
    : new RegExp(`^${pattern
      .replace(/\/+$/, '')
      .split('/')
      .map((seg) => (seg.startsWith(':') || (seg.startsWith('{') && seg.endsWith('}')) ? '[^/]+' : seg === '*' ? '.*' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/')}/?$`)
  // A gateway may report the template itself as http.route: equal templates match too.
  return (route, path) => route === pattern || (route !== '' && re.test(route)) || (path !== '' && re.test(path))
}

const MAX_CACHE = 4096

export class ExpectationIndex {
  private readonly compiled: CompiledExpectation[]
  private readonly cache = new Map<string, CompiledExpectation | null>()

  constructor(expectations: readonly AuthExpectation[]) {
    this.compiled = expectations.map((e) => ({
      service: e.service,
      route: e.route ? compileRouteMatcher(e.route) : undefined,
      issuers: new Set(e.issuers),
      audiences: new Set(e.audiences),
      requiredScopes: e.requiredScopes,
      algorithms: new Set(e.algorithms),
    }))
  }

  /** The first expectation whose service and route match the call (list specific ones first). */
  find(facts: CallFacts): CompiledExpectation | undefined {
    if (this.compiled.length === 0) return undefined
    const key = `${facts.serviceName}\u0000${facts.route}\u0000${facts.path}`
    let hit = this.cache.get(key)
    if (hit === undefined) {
      hit = this.compiled.find((e) =>
        (e.service === undefined || e.service === facts.serviceName) && (!e.route || e.route(facts.route, facts.path))) ?? null
      if (this.cache.size >= MAX_CACHE) this.cache.clear()
      this.cache.set(key, hit)
    }
    return hit ?? undefined
  }
}

export interface TokenContext {
  clockSkewSeconds: number
  expectations: ExpectationIndex
}

// Calls repeat the same token (and so the same exp/nbf/iat) many times: format each time once.
const isoCache = new Map<number, string>()

function iso(epochSeconds: number): string {
  let text = isoCache.get(epochSeconds)
  if (text === undefined) {
    const d = new Date(epochSeconds * 1000)
    text = Number.isNaN(d.getTime()) ? String(epochSeconds) : d.toISOString().replace('.000Z', 'Z')
    if (isoCache.size >= MAX_CACHE) isoCache.clear()
    isoCache.set(epochSeconds, text)
  }
  return text
}

function hit(ruleId: string, cause: StoredCause, detail: string, evidence: string): RuleHit {
  return { ruleId, cause, detail, evidence, generic: false }
}

function list(values: Iterable<string>): string {
  return [...values].slice(0, 3).join(', ')
}

function timeEvidence(claim: string, at: number, deltaSeconds: number, skew: number): string {
  const seconds = Math.round(Math.abs(deltaSeconds))
  return `${claim} ${iso(at)} is ${seconds} s ${deltaSeconds >= 0 ? 'before' : 'after'} the call (skew ${skew} s)`
}

function hasRequestHeaders(attributes: Record<string, string>): boolean {
  for (const key in attributes) if (key.startsWith('http.request.header.')) return true
  return false
}

function expectationMismatch(claims: TokenClaims, e: CompiledExpectation): RuleHit | undefined {
  if (e.issuers.size > 0 && !(claims.iss !== undefined && e.issuers.has(claims.iss))) {
    return hit('token.iss', 'misconfig', 'issuer', claims.iss === undefined
      ? `iss missing, expected ${list(e.issuers)}`
      : `iss ${claims.iss} not in expected issuers (${list(e.issuers)})`)
  }
  if (e.audiences.size > 0 && !claims.aud.some((a) => e.audiences.has(a))) {
    return hit('token.aud', 'misconfig', 'audience', claims.aud.length === 0
      ? `aud missing, expected ${list(e.audiences)}`
      : `aud ${list(claims.aud)} not in expected audiences (${list(e.audiences)})`)
  }
  if (e.algorithms.size > 0 && claims.alg !== undefined && !e.algorithms.has(claims.alg)) {
    return hit('token.alg', 'misconfig', 'algorithm', `alg ${claims.alg} not in expected algorithms (${list(e.algorithms)})`)
  }
  if (e.requiredScopes.length > 0) {
    const missing = e.requiredScopes.filter((s) => !claims.scopes.includes(s))
    if (missing.length > 0) {
      return hit('token.scope', 'insufficient_scope', 'scope', `missing scope ${list(missing)} (token has ${claims.scopes.length ? list(claims.scopes) : 'none'})`)
    }
  }
  return undefined
}

/** The strongest token fact that explains a refused call, or undefined. */
export function checkTokenFacts(facts: CallFacts, ctx: TokenContext): RuleHit | undefined {
  const token = facts.token
  if (!token.present) {
    // Absence only counts when the telemetry shows request headers: otherwise the gateway may
    // simply not export Authorization, and every 401 would look like a missing token.
    if (facts.statusCode === 401 && hasRequestHeaders(facts.attributes)) {
      return hit('token.absent', 'missing_token', '', 'no bearer credential on the call (request headers were captured)')
    }
    return undefined
  }
  if (token.malformed) return hit('token.malformed', 'malformed', 'format', 'bearer credential is not a compact JWS JWT')
  const claims = token.claims
  if (!claims) return undefined
  const skew = ctx.clockSkewSeconds
  const now = facts.timestampMs / 1000
  let weak: RuleHit | undefined

  if (claims.exp !== undefined && now >= claims.exp) {
    const delta = now - claims.exp
    const evidence = timeEvidence('exp', claims.exp, delta, skew)
    if (delta > skew) return hit('token.exp', 'expired', '', evidence)
    weak = hit('token.exp', 'expired', 'clock_skew', evidence)
  }
  if (claims.nbf !== undefined && claims.nbf > now) {
    const delta = now - claims.nbf
    const evidence = timeEvidence('nbf', claims.nbf, delta, skew)
    if (-delta > skew) return hit('token.nbf', 'not_yet_valid', 'nbf', evidence)
    weak ??= hit('token.nbf', 'not_yet_valid', 'clock_skew', evidence)
  }
  if (claims.iat !== undefined && claims.iat > now) {
    const delta = now - claims.iat
    const evidence = timeEvidence('iat', claims.iat, delta, skew)
    if (-delta > skew) return hit('token.iat', 'not_yet_valid', 'iat', evidence)
    weak ??= hit('token.iat', 'not_yet_valid', 'clock_skew', evidence)
  }
  const expectation = ctx.expectations.find(facts)
  if (expectation) {
    const mismatch = expectationMismatch(claims, expectation)
    if (mismatch) return mismatch
  }
  return weak
}

/**
 * Adds a clock-skew refinement to a rule's verdict when the claims agree: "expired" while exp is
 * within the skew of the call (or still ahead: the gateway's clock runs ahead), "not yet valid"
 * while nbf/iat is within the skew.
 */
export function refineWithToken(result: RuleHit, facts: CallFacts, ctx: TokenContext): RuleHit {
  const claims = facts.token.claims
  if (!claims) return result
  const skew = ctx.clockSkewSeconds
  const now = facts.timestampMs / 1000
  if (result.cause === 'expired' && result.detail === '' && claims.exp !== undefined) {
    const delta = now - claims.exp
    if (delta <= skew) {
      return { ...result, detail: 'clock_skew', evidence: `${result.evidence}; ${timeEvidence('exp', claims.exp, delta, skew)}` }
    }
  }
  if (result.cause === 'not_yet_valid' && (result.detail === '' || result.detail === 'nbf' || result.detail === 'iat')) {
    const claim = result.detail === 'iat' || (result.detail === '' && claims.nbf === undefined) ? 'iat' : 'nbf'
    const at = claim === 'iat' ? claims.iat : claims.nbf
    if (at !== undefined && Math.abs(now - at) <= skew) {
      return { ...result, detail: 'clock_skew', evidence: `${result.evidence}; ${timeEvidence(claim, at, now - at, skew)}` }
    }
  }
  return result
}

import type { AuthExpectation, ExpectationView } from '@claimcheck/shared'
import { compileRouteMatcher } from '@claimcheck/classifier'

/**
 * `classifier.expectations` as the assistant uses it: which expectation applies to a service and
 * route (first match, as the classifier's ExpectationIndex decides), to a token's issuer, and how
 * it is shown.
 */

export function expectationLabel(e: Pick<AuthExpectation, 'service' | 'route'>): string {
  return `${e.service ?? 'any service'} · ${e.route ?? 'any route'}`
}

export function toExpectationView(e: AuthExpectation, index: number): ExpectationView {
  return {
    index,
    label: expectationLabel(e),
    service: e.service ?? null,
    route: e.route ?? null,
    issuers: e.issuers,
    audiences: e.audiences,
    requiredScopes: e.requiredScopes,
    algorithms: e.algorithms,
    jwksUrl: e.jwksUrl ?? null,
  }
}

export interface CompiledExpectation {
  index: number
  expectation: AuthExpectation
  serviceMatches(service: string): boolean
  /** `route` may be a template (`/users/:id`, matched by equality) or a concrete path. */
  routeMatches(route: string): boolean
  /** Whether it applies to a call of `service` on `route`. */
  applies(service: string, route: string): boolean
}

export function compileExpectations(expectations: readonly AuthExpectation[]): CompiledExpectation[] {
  return expectations.map((expectation, index) => {
    const matcher = expectation.route ? compileRouteMatcher(expectation.route) : undefined
    const serviceMatches = (service: string) => expectation.service === undefined || expectation.service === service
    const routeMatches = (route: string) => !matcher || matcher(route, route)
    return { index, expectation, serviceMatches, routeMatches, applies: (service, route) => serviceMatches(service) && routeMatches(route) }
  })
}

/** Memoises `find` per service/route: drift and audits ask for the same few routes many times. */
export function createExpectationFinder(expectations: readonly AuthExpectation[]): (service: string, route: string) => CompiledExpectation | undefined {
  const compiled = compileExpectations(expectations)
  const memo = new Map<string, CompiledExpectation | null>()
  return (service, route) => {
    const key = `${service}\u0000${route}`
    let found = memo.get(key)
    if (found === undefined) {
      found = compiled.find((e) => e.applies(service, route)) ?? null
      memo.set(key, found)
    }
    return found ?? undefined
  }
}

export interface Selection {
  index: number
  expectation: AuthExpectation
  /** True when the caller named a service or route: the route's scopes apply. */
  routeChosen: boolean
}

/**
 * The expectation a pasted token is checked against: the one for the chosen service/route, or
 * without a choice the most general one listing the token's issuer.
 */
export function selectExpectation(expectations: readonly AuthExpectation[], request: { service?: string | undefined; route?: string | undefined; issuer?: string | undefined }): Selection | undefined {
  const service = request.service?.trim() ?? ''
  const route = request.route?.trim() ?? ''
  if (service !== '' || route !== '') {
    // Only what was chosen narrows: a route alone matches expectations of any service.
    const match = compileExpectations(expectations).find((e) => (service === '' || e.serviceMatches(service)) && (route === '' || e.routeMatches(route)))
    return match ? { index: match.index, expectation: match.expectation, routeChosen: true } : undefined
  }
  const issuer = request.issuer
  if (issuer === undefined) return undefined
  // Without a route, the most general expectation listing the issuer: one for a whole service
  // says more about "this issuer" than one for a single route. Config order breaks ties.
  const generality = (e: AuthExpectation) => (e.route ? 2 : 0) + (e.service ? 1 : 0)
  const best = expectations
    .map((expectation, index) => ({ expectation, index }))
    .filter(({ expectation }) => expectation.issuers.includes(issuer))
    .sort((a, b) => generality(a.expectation) - generality(b.expectation) || a.index - b.index)[0]
  return best ? { ...best, routeChosen: false } : undefined
}

/** Every issuer any expectation lists: what "a configured issuer" means without a route. */
export function configuredIssuers(expectations: readonly AuthExpectation[]): string[] {
  return [...new Set(expectations.flatMap((e) => e.issuers))]
}

/** Distinct JWKS URLs, with the issuers and expectations that name each. */
export function jwksSources(expectations: readonly AuthExpectation[]): { url: string; issuers: string[]; expectations: number[] }[] {
  const byUrl = new Map<string, { url: string; issuers: Set<string>; expectations: number[] }>()
  expectations.forEach((e, index) => {
    if (!e.jwksUrl) return
    const entry = byUrl.get(e.jwksUrl) ?? { url: e.jwksUrl, issuers: new Set<string>(), expectations: [] }
    for (const issuer of e.issuers) entry.issuers.add(issuer)
    entry.expectations.push(index)
    byUrl.set(e.jwksUrl, entry)
  })
  return [...byUrl.values()].map((entry) => ({ url: entry.url, issuers: [...entry.issuers], expectations: entry.expectations }))
}

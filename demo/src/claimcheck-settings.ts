import { HttpSubjectSourceSchema, JwksConfigSchema, type AuthExpectation, type Config, type SubjectDirectoryConfig } from '@claimcheck/shared'
import { DEMO_GATEWAYS, type GatewaySpec } from './gateway/routes.ts'
import { DEMO_ISSUER, SIGNING_ALGS } from './idp.ts'
import type { DemoIdentityUrls } from './identity.ts'

/**
 * What claimcheck should expect of the demo gateways' tokens: per route template its required
 * scopes, then each gateway as a whole (for routes without an expectation of their own, and for
 * the inspector without a route). Expectations match routes, not methods, so a template served
 * by several methods (GET and POST /v1/orders) requires only the scopes all its methods require.
 */
export function demoExpectations(jwksUrl: string, gateways: readonly GatewaySpec[] = DEMO_GATEWAYS): AuthExpectation[] {
  return gateways.flatMap((spec) => {
    const base = { service: spec.name, issuers: [DEMO_ISSUER], audiences: [spec.audience], algorithms: [...SIGNING_ALGS], jwksUrl }
    const scopesByPath = new Map<string, string[]>()
    for (const route of spec.routes) {
      const previous = scopesByPath.get(route.path)
      scopesByPath.set(route.path, previous ? previous.filter((scope) => route.scopes.includes(scope)) : [...route.scopes])
    }
    return [
      ...[...scopesByPath].map(([route, requiredScopes]) => ({ ...base, route, requiredScopes })),
      { ...base, requiredScopes: [] },
    ]
  })
}

/** The directory's user API as claimcheck's subject directory. */
export function demoSubjectSource(usersUrl: string): SubjectDirectoryConfig {
  // Scenarios delete and restore a tenant's users every few minutes: short cache lifetimes keep
  // the verdicts in step with the directory.
  return HttpSubjectSourceSchema.parse({ kind: 'http', url: usersUrl, cache: { ttlSeconds: 10, negativeTtlSeconds: 10 } })
}

/** JWKS polled often enough to catch a minute-long scenario (a JWKS outage, a rotation published late). */
export const DEMO_JWKS_POLL_SECONDS = 15
const DEFAULT_JWKS_POLL_SECONDS = JwksConfigSchema.parse({}).pollSeconds

/**
 * `config` with the demo's troubleshooting settings where the user configured none: the
 * expectations of the demo gateways (and a JWKS poll that suits them), the demo directory as
 * subject directory. Whatever the user set is kept as it is; a JWKS poll at its default counts as
 * not set.
 */
export function withDemoSettings(config: Config, urls: Pick<DemoIdentityUrls, 'jwks' | 'users'>): Config {
  const expect = config.classifier.expectations.length === 0
  const { jwks } = config.troubleshoot
  return {
    ...config,
    classifier: expect ? { ...config.classifier, expectations: demoExpectations(urls.jwks) } : config.classifier,
    troubleshoot: {
      ...config.troubleshoot,
      subjects: config.troubleshoot.subjects ?? demoSubjectSource(urls.users),
      jwks: expect && jwks.pollSeconds === DEFAULT_JWKS_POLL_SECONDS ? { ...jwks, pollSeconds: DEMO_JWKS_POLL_SECONDS } : jwks,
    },
  }
}

import type { Cause } from '@claimcheck/shared'
import { BILLING_GATEWAY, ORDERS_GATEWAY } from '../gateway/routes.ts'
import type { ClientEffect, DemoWorld, PlannedRequest } from '../world.ts'

export type Undo = () => void | Promise<void>

export interface ScenarioDefinition {
  name: string
  title: string
  /** What happens, in the words of an incident report. */
  description: string
  /** What claimcheck should conclude for the calls this scenario breaks. */
  expected: { cause: Cause; detail?: string }
  /** Server-side fault: changes the world, returns how to put it back. */
  apply?(world: DemoWorld): Undo | Promise<Undo>
  /** Client-side fault: how an affected request's credentials change. */
  clientEffect?: ClientEffect
  /** Whether a request is shaped by this scenario: the ground truth label of the call. */
  affects(request: PlannedRequest): boolean
}

/** The tenant whose users a migration loses. */
export const MIGRATED_TENANT = 'globex'
/** The tenant whose sessions are revoked after a security incident. */
export const REVOKED_TENANT = 'initech'
const SKEWED_CLIENT = 'mobile-app'
const STALE_CLIENT = 'reporting-job'
const TOKENLESS_CLIENT = 'web-app'
const GARBLING_CLIENT = 'partner-portal'
const TIGHTENED_ROUTE = { gateway: ORDERS_GATEWAY.name, method: 'GET', route: '/v1/orders', added: 'orders:list' } as const

function setTemporarily<T extends object, K extends keyof T>(target: T, key: K, value: T[K]): Undo {
  const previous = target[key]
  target[key] = value
  return () => {
    target[key] = previous
  }
}

function gateway(world: DemoWorld, name: string) {
  const found = world.gateways.get(name)
  if (!found) throw new Error(`gateway ${name} is not running`)
  return found
}

export const SCENARIOS: readonly ScenarioDefinition[] = [
  {
    name: 'user-migration',
    title: 'User migration lost a tenant',
    description: `The ${MIGRATED_TENANT} tenant's users were deleted during a directory migration; their apps keep valid tokens whose sub no longer exists.`,
    expected: { cause: 'unknown_sub' },
    apply(world) {
      const removed = world.directory.deleteTenant(MIGRATED_TENANT)
      return () => world.directory.restore(removed)
    },
    affects: (request) => request.user.tenant === MIGRATED_TENANT,
  },
  {
    name: 'key-rotation-no-jwks',
    title: 'Signing key rotated, JWKS not updated',
    description: 'The IdP rotated its signing keys but the JWKS still lists only the old ones: every new token carries a kid no gateway can find.',
    expected: { cause: 'misconfig', detail: 'unknown_kid' },
    async apply(world) {
      await world.idp.rotate({ publish: false })
      return () => void world.idp.publishPendingKeys()
    },
    affects: () => true,
  },
  {
    name: 'jwks-down',
    title: 'JWKS endpoint down',
    description: "The IdP's JWKS endpoint answers 503; once a gateway's cached key set goes stale it cannot verify any token.",
    expected: { cause: 'misconfig', detail: 'jwks_unavailable' },
    apply: (world) => setTemporarily(world.idp, 'jwksAvailable', false),
    affects: () => true,
  },
  {
    name: 'clock-skew-ahead',
    title: 'Clock skew: tokens from the future',
    description: `Tokens for ${SKEWED_CLIENT} come from an IdP replica whose clock runs 10 minutes fast: their nbf/iat lie in the gateway's future.`,
    expected: { cause: 'not_yet_valid' },
    clientEffect: { clockOffsetSeconds: 600 },
    affects: (request) => request.client.id === SKEWED_CLIENT,
  },
  {
    name: 'clock-skew-behind',
    title: 'Clock skew: tokens born expired',
    description: `Tokens for ${SKEWED_CLIENT} come from an IdP replica whose clock runs 65 minutes slow: with a one-hour lifetime they arrive already expired.`,
    expected: { cause: 'expired' },
    clientEffect: { clockOffsetSeconds: -3900 },
    affects: (request) => request.client.id === SKEWED_CLIENT,
  },
  {
    name: 'stale-tokens',
    title: 'Tokens never refreshed',
    description: `${STALE_CLIENT} caches the token it got yesterday and never refreshes it.`,
    expected: { cause: 'expired' },
    clientEffect: { issuedSecondsAgo: 26 * 3600 },
    affects: (request) => request.client.id === STALE_CLIENT,
  },
  {
    name: 'scope-tightened',
    title: 'Route scope requirement tightened',
    description: `${TIGHTENED_ROUTE.method} ${TIGHTENED_ROUTE.route} now also requires ${TIGHTENED_ROUTE.added}, which no client's tokens carry yet.`,
    expected: { cause: 'insufficient_scope' },
    apply(world) {
      const scopes = gateway(world, TIGHTENED_ROUTE.gateway).routeScopes
      const key = `${TIGHTENED_ROUTE.method} ${TIGHTENED_ROUTE.route}`
      const previous = scopes.get(key) ?? []
      scopes.set(key, [...previous, TIGHTENED_ROUTE.added])
      return () => void scopes.set(key, previous)
    },
    affects: (request) =>
      request.call.gateway === TIGHTENED_ROUTE.gateway && request.call.method === TIGHTENED_ROUTE.method && request.call.route === TIGHTENED_ROUTE.route,
  },
  {
    name: 'wrong-audience',
    title: 'Deploy with the wrong audience',
    description: `A ${BILLING_GATEWAY.name} deploy expects audience https://billing.api.demo.claimcheck.test instead of ${BILLING_GATEWAY.audience}.`,
    expected: { cause: 'misconfig', detail: 'audience' },
    apply: (world) => setTemporarily(gateway(world, BILLING_GATEWAY.name).settings, 'audience', 'https://billing.api.demo.claimcheck.test'),
    affects: (request) => request.call.gateway === BILLING_GATEWAY.name,
  },
  {
    name: 'wrong-issuer',
    title: 'Deploy pointing at the staging IdP',
    description: `An ${ORDERS_GATEWAY.name} deploy carries the staging issuer (https://idp.staging.claimcheck.test) and rejects production tokens.`,
    expected: { cause: 'misconfig', detail: 'issuer' },
    apply: (world) => setTemporarily(gateway(world, ORDERS_GATEWAY.name).settings, 'issuer', 'https://idp.staging.claimcheck.test'),
    affects: (request) => request.call.gateway === ORDERS_GATEWAY.name,
  },
  {
    name: 'alg-not-allowed',
    title: 'Algorithm allow-list too narrow',
    description: `${ORDERS_GATEWAY.name} is redeployed allowing RS256 only; clients holding ES256 tokens are rejected.`,
    expected: { cause: 'misconfig', detail: 'algorithm' },
    apply: (world) => setTemporarily(gateway(world, ORDERS_GATEWAY.name).settings, 'algorithms', ['RS256']),
    affects: (request) => request.call.gateway === ORDERS_GATEWAY.name && request.client.alg === 'ES256',
  },
  {
    name: 'missing-token',
    title: 'Missing tokens',
    description: `A ${TOKENLESS_CLIENT} release lost its auth interceptor and calls the APIs without an Authorization header.`,
    expected: { cause: 'missing_token' },
    clientEffect: { omitToken: true },
    affects: (request) => request.client.id === TOKENLESS_CLIENT,
  },
  {
    name: 'malformed-token',
    title: 'Malformed tokens',
    description: `${GARBLING_CLIENT} sends "Bearer undefined" and tokens cut off mid-payload.`,
    expected: { cause: 'malformed' },
    clientEffect: { malformed: true },
    affects: (request) => request.client.id === GARBLING_CLIENT,
  },
  {
    name: 'sessions-revoked',
    title: 'Sessions revoked',
    description: `After a security incident every ${REVOKED_TENANT} session was signed out; apps keep sending the revoked sessions' tokens.`,
    expected: { cause: 'revoked' },
    apply(world) {
      const revoked = world.idp.revokeTenantSessions(REVOKED_TENANT)
      return () => world.idp.restoreSessions(revoked)
    },
    affects: (request) => request.user.tenant === REVOKED_TENANT,
  },
]

export const SCENARIO_NAMES = SCENARIOS.map((scenario) => scenario.name)

export function findScenario(name: string): ScenarioDefinition | undefined {
  return SCENARIOS.find((scenario) => scenario.name === name)
}

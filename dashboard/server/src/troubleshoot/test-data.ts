import { writeFileSync } from 'node:fs'
import { qualify, TABLES, type ConfigInput, type GatewayCall } from '@claimcheck/shared'
import type { Store } from '@claimcheck/shared/node'
import { HOUR, insertCalls, makeCall, NOW } from '../api/test-support.ts'

/**
 * One story per audit, drift and playbook, in the hour before NOW (the API's default range):
 * subjects deleted while holding tokens, a mobile client that never refreshes, a batch client with
 * week-long tokens and a missing scope, a staging issuer and audience after a gateway deploy, a
 * signing key rotated in 15 minutes before the JWKS listed it, and a few of every other cause.
 */

export const ISS = 'https://idp.example.com'
export const STAGING = 'https://staging.idp.example'
const MIN = 60_000
const S = (ms: number) => Math.floor(ms / 1000)

export function expectationsFor(jwksUrl: string): ConfigInput['classifier'] {
  return {
    expectations: [
      { service: 'api-gateway', route: '/orders', issuers: [ISS], audiences: ['orders-api'], algorithms: ['RS256'], jwksUrl },
      { service: 'api-gateway', route: '/payments', issuers: [ISS], audiences: ['orders-api'], requiredScopes: ['payments:write'], jwksUrl },
      { service: 'api-gateway', route: '/reports', issuers: [ISS], jwksUrl },
    ],
  }
}

/** The subject directory of the story, as a CSV file. */
export function writeDirectory(path: string): void {
  writeFileSync(path, [
    'sub,status,deletedAt,tenant',
    `gone-1,active,${new Date(NOW - 2.5 * HOUR).toISOString()},acme`,
    'moved-4,active,,globex',
    'flaky-3,active,,acme',
    'm-1,active,,acme',
  ].join('\n'))
}

const at = (minutesBeforeNow: number) => NOW - minutesBeforeNow * MIN
const v = (version: string) => ({ 'http.request.method': 'GET', 'service.version': version })

export function storyCalls(): GatewayCall[] {
  const calls: GatewayCall[] = []
  const add = (t: number, fields: Partial<GatewayCall>) => calls.push(makeCall(t, { Attributes: v('1.9.0'), ...fields }))
  const unknown = { StatusCode: 403, Cause: 'unknown_sub' as const, CauseDetail: 'user', ErrorMessage: 'User from sub claim in JWT does not exist', Tenant: 'acme' }
  // Deleted users still holding tokens; one never existed; one failed once and recovered; one lives in another tenant.
  for (const m of [180, 120]) add(at(m), { Subject: 'gone-1', Tenant: 'acme' })
  for (const m of [50, 40, 30]) add(at(m), { ...unknown, Subject: 'gone-1' })
  for (const m of [45, 35]) add(at(m), { ...unknown, Subject: 'ghost-2' })
  add(at(55), { Subject: 'flaky-3' })
  add(at(50), { ...unknown, Subject: 'flaky-3' })
  add(at(20), { Subject: 'flaky-3' })
  add(at(300), { Subject: 'moved-4' })
  add(at(10), { ...unknown, Subject: 'moved-4' })
  // mobile never refreshes: one token expired two hours ago comes back six times.
  const stale = S(NOW - 2 * HOUR)
  for (const m of [50, 49, 48, 47, 46, 45]) add(at(m), { Subject: 'm-1', ClientId: 'mobile', StatusCode: 401, Cause: 'expired', ErrorMessage: 'jwt expired', TokenIssuedAt: stale - 3600, TokenNotBefore: stale - 3600, TokenExpiresAt: stale })
  add(at(25), { Subject: 'm-2', ClientId: 'mobile', StatusCode: 401, Cause: 'expired', ErrorMessage: 'jwt expired', TokenIssuedAt: S(at(25)) - 7200, TokenExpiresAt: S(at(25)) - 3600 })
  for (const m of [58, 57, 56]) add(at(m), { Subject: 'm-1', ClientId: 'mobile' })
  add(at(15), { Subject: 'w-1', StatusCode: 401, Cause: 'expired', CauseDetail: 'clock_skew', ErrorMessage: 'jwt expired', TokenExpiresAt: S(at(15)) - 30 })
  // batch: week-long tokens on /reports, and no payments:write on /payments.
  for (const [m, sub] of [[59, 'b-1'], [58, 'b-2'], [30, 'b-1']] as const) {
    const iat = sub === 'b-1' ? S(at(59)) - 100 : S(at(58)) - 100
    add(at(m), { Route: '/reports', Path: '/reports', Subject: sub, ClientId: 'batch', TokenIssuedAt: iat, TokenNotBefore: iat, TokenExpiresAt: iat + 7 * 86_400 })
  }
  for (const m of [44, 43, 42, 41]) {
    add(at(m), { Route: '/payments', Path: '/payments', Method: 'POST', Subject: 'b-1', ClientId: 'batch', StatusCode: 403, Cause: 'insufficient_scope', CauseDetail: 'scope', ErrorMessage: 'insufficient_scope', Scopes: ['orders:read'] })
  }
  for (const m of [55, 50]) add(at(m), { Route: '/payments', Path: '/payments', Method: 'POST', Subject: 'b-3', ClientId: 'web', Scopes: ['payments:write'] })
  // Gateway 2.0.0 from 40 minutes ago: staging tokens and a staging audience get through to /orders.
  for (const m of [40, 38, 36, 34, 32]) add(at(m), { Subject: 's-1', Issuer: STAGING, StatusCode: 401, Cause: 'misconfig', CauseDetail: 'issuer', ErrorMessage: 'issuer not allowed', Attributes: v('2.0.0') })
  for (const m of [39, 37, 35]) add(at(m), { Subject: 's-2', Audience: ['orders-api-staging'], StatusCode: 401, Cause: 'misconfig', CauseDetail: 'audience', ErrorMessage: 'audience not allowed', Attributes: v('2.0.0') })
  add(at(33), { Subject: 's-3', Attributes: v('2.0.0') })
  // key-2 signs tokens from 45 minutes ago; the JWKS lists it from 30 minutes ago.
  for (const m of [45, 42, 38, 33]) add(at(m), { Subject: 'k-1', TokenKeyId: 'key-2', StatusCode: 401, Cause: 'misconfig', CauseDetail: 'signature_key', ErrorMessage: 'no applicable key found in the JSON Web Key Set' })
  for (const m of [25, 20]) add(at(m), { Subject: 'k-1', TokenKeyId: 'key-2' })
  // A route no expectation covers.
  for (const m of [30, 20]) add(at(m), { Route: '/health', Path: '/health', Subject: 'h-1' })
  // The rest of the taxonomy.
  for (const m of [28, 27]) add(at(m), { Subject: 'w-2', StatusCode: 401, Cause: 'not_yet_valid', CauseDetail: 'clock_skew', ErrorMessage: 'jwt not active', TokenNotBefore: S(at(m)) + 5, TokenIssuedAt: S(at(m)) + 5 })
  for (const m of [26, 24, 22]) add(at(m), { Subject: 'r-1', ClientId: 'mobile', StatusCode: 401, Cause: 'revoked', CauseDetail: 'session', ErrorMessage: 'session not found', TokenIssuedAt: S(at(60)) })
  for (const m of [21, 19]) {
    add(at(m), { Subject: '', Issuer: '', Audience: [], ClientId: '', Scopes: [], TokenKeyId: '', TokenAlgorithm: '', TokenIssuedAt: null, TokenNotBefore: null, TokenExpiresAt: null, StatusCode: 401, Cause: 'malformed', CauseDetail: 'bearer_scheme', ErrorMessage: 'Format is Authorization: Bearer [token]', Attributes: { 'user_agent.original': 'curl/8.0' } })
  }
  for (const [m, method] of [[18, 'OPTIONS'], [17, 'OPTIONS'], [16, 'OPTIONS'], [14, 'GET']] as const) {
    add(at(m), { Method: method, Subject: '', Issuer: '', Audience: [], ClientId: '', Scopes: [], TokenKeyId: '', TokenAlgorithm: '', TokenIssuedAt: null, TokenNotBefore: null, TokenExpiresAt: null, TokenPresent: 0, StatusCode: 401, Cause: 'missing_token', ErrorMessage: 'Jwt is missing' })
  }
  for (const m of [13, 12]) add(at(m), { Subject: 'o-1', StatusCode: 401, Cause: 'other', ErrorMessage: 'upstream auth filter rejected request (code 7)' })
  return calls
}

/** The JWKS history of the story: an outage 50 minutes ago, key-2 published at 30, key-1 withdrawn at 10. */
export async function insertJwksHistory(store: Store, url: string): Promise<void> {
  const row = (minutes: number, ok: boolean, kids: string[]) => ({
    Timestamp: at(minutes), JwksUrl: url, Ok: ok ? 1 : 0, HttpStatus: ok ? 200 : 503, Error: ok ? '' : 'HTTP 503', Kids: kids, DurationMs: 12,
  })
  await store.writer.insert({
    table: qualify(store.schema, TABLES.jwksFetches),
    values: [row(180, true, ['key-1']), row(120, true, ['key-1']), row(50, false, []), row(40, true, ['key-1']), row(30, true, ['key-1', 'key-2']), row(10, true, ['key-2'])],
    format: 'JSONEachRow',
  })
}

export async function seedStory(store: Store, jwksUrl: string): Promise<void> {
  await insertCalls(store, storyCalls())
  await insertJwksHistory(store, jwksUrl)
}

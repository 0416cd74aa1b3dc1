import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { demoUserId } from '../directory.ts'
import type { IssueRequest } from '../idp.ts'
import { startCapturedDemo, type CapturedDemo } from '../test-support.ts'
import { SCENARIO_HEADER } from './server.ts'

let captured: CapturedDemo
const acmeUser = demoUserId('acme', 1)

beforeAll(async () => {
  captured = await startCapturedDemo({ jwksCacheMaxAgeMs: 200 })
})
afterAll(async () => {
  await captured.demo.stop()
})
beforeEach(async () => {
  for (const scenario of captured.demo.scenarios()) if (scenario.state !== 'idle') await captured.demo.clearScenario(scenario.name)
  captured.reset()
})

function token(overrides: Partial<IssueRequest> = {}): Promise<string> {
  return captured.demo.world.idp.issue({
    sub: acmeUser, tenant: 'acme', clientId: 'web-app', scopes: ['orders:read', 'orders:write', 'billing:read'],
    audience: ['orders-api', 'billing-api'], ...overrides,
  })
}

interface Called {
  status: number
  body: Record<string, unknown>
  challenge: string | null
  log: { body: unknown; attributes: Record<string, unknown>; traceId?: string; spanId?: string }
  span: { name: string; kind: number; attributes: Record<string, unknown>; traceId: string; spanId: string }
}

async function call(path: string, options: { authorization?: string; gateway?: string; method?: string; headers?: Record<string, string> } = {}): Promise<Called> {
  const before = captured.logs().length
  const base = captured.demo.urls.gateways[options.gateway ?? 'orders-gateway']!
  const response = await fetch(`${base}${path}`, {
    method: options.method ?? 'GET',
    headers: { ...(options.authorization !== undefined ? { authorization: options.authorization } : {}), 'x-forwarded-for': '203.0.113.7', ...options.headers },
  })
  const body = (await response.json()) as Record<string, unknown>
  // The access log is written on the response's 'finish', which can trail the client's read.
  for (let waited = 0; captured.logs().length === before && waited < 2000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10))
  const log = captured.logs().at(-1)!
  const server = captured.spans().filter((span) => span.kind === 1).at(-1)!
  return {
    status: response.status, body, challenge: response.headers.get('www-authenticate'),
    log: { body: log.body, attributes: log.attributes, traceId: log.spanContext?.traceId, spanId: log.spanContext?.spanId },
    span: { name: server.name, kind: server.kind, attributes: server.attributes, traceId: server.spanContext().traceId, spanId: server.spanContext().spanId },
  }
}

describe('startGateway', () => {
  it('forwards a valid call and reports a SERVER span and an access log in the same trace', async () => {
    const bearer = `Bearer ${await token()}`
    const result = await call('/v1/orders/ord_123', { authorization: bearer, headers: { [SCENARIO_HEADER]: 'none-really' } })
    expect(result.status).toBe(200)
    expect(result.body).toMatchObject({ id: 'ord_123', user: acmeUser })
    expect(result.span).toMatchObject({ name: 'GET /v1/orders/:orderId', kind: 1 })
    expect(result.span.attributes).toMatchObject({
      'http.request.method': 'GET', 'http.route': '/v1/orders/:orderId', 'url.path': '/v1/orders/ord_123',
      'http.response.status_code': 200, 'client.address': '203.0.113.7', 'user.id': acmeUser, 'demo.scenario': 'none-really',
    })
    expect(result.span.attributes['error.type']).toBeUndefined()
    expect(result.log).toMatchObject({ body: 'GET /v1/orders/ord_123 200', traceId: result.span.traceId, spanId: result.span.spanId })
    expect(result.log.attributes['http.request.header.authorization']).toBe(bearer)
    const children = captured.spans().filter((span) => span.spanContext().traceId === result.span.traceId && span.kind !== 1)
    expect(children.map((span) => span.name).sort()).toEqual(['GET', 'verify bearer token'])
  })

  it('answers a call without credentials 401 with a bare Bearer challenge', async () => {
    const result = await call('/v1/orders')
    expect(result.status).toBe(401)
    expect(result.challenge).toBe('Bearer realm="orders-api"')
    expect(result.body).toEqual({ code: 401, error_code: 'no_authorization', msg: 'This endpoint requires a Bearer token' })
    expect(result.log.body).toBe('This endpoint requires a Bearer token')
    expect(result.log.attributes).toMatchObject({ error_code: 'no_authorization', 'error.type': 'no_authorization', 'http.response.status_code': 401 })
    expect(result.log.attributes['http.request.header.authorization']).toBeUndefined()
  })

  it.each(['Bearer undefined', 'Bearer ', 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIi'])('answers a malformed token (%s) 401 invalid_token', async (authorization) => {
    const result = await call('/v1/orders', { authorization })
    expect(result.status).toBe(401)
    expect(result.challenge).toBe('Bearer realm="orders-api", error="invalid_token", error_description="Invalid Compact JWS"')
    expect(result.body).toEqual({ code: 401, error_code: 'bad_jwt', msg: 'invalid JWT: Invalid Compact JWS' })
    expect(result.log.attributes).toMatchObject({ 'jose.code': 'ERR_JWS_INVALID', 'error.type': 'JWSInvalid', error_code: 'bad_jwt' })
  })

  it('rejects an expired token with the jose claim facts and an RFC 6750-safe description', async () => {
    const bearer = `Bearer ${await token({ ttlSeconds: 600 })}`
    captured.clock.advance(3600_000)
    const result = await call('/v1/orders', { authorization: bearer })
    captured.clock.advance(-3600_000)
    expect(result.status).toBe(401)
    expect(result.challenge).toBe(`Bearer realm="orders-api", error="invalid_token", error_description="'exp' claim timestamp check failed"`)
    expect(result.body).toEqual({ code: 401, error_code: 'bad_jwt', msg: 'invalid JWT: "exp" claim timestamp check failed' })
    expect(result.log.body).toBe('"exp" claim timestamp check failed')
    expect(result.log.attributes).toMatchObject({ 'jose.code': 'ERR_JWT_EXPIRED', 'jose.claim': 'exp', 'jose.reason': 'check_failed', 'error.type': 'JWTExpired' })
  })

  it('tolerates 30 s of skew but not a token from ten minutes in the future', async () => {
    expect((await call('/v1/orders', { authorization: `Bearer ${await token({ clockOffsetSeconds: 20 })}` })).status).toBe(200)
    const result = await call('/v1/orders', { authorization: `Bearer ${await token({ clockOffsetSeconds: 600 })}` })
    expect(result.status).toBe(401)
    expect(result.log.attributes).toMatchObject({ 'jose.code': 'ERR_JWT_CLAIM_VALIDATION_FAILED', 'jose.claim': 'nbf', 'jose.reason': 'check_failed' })
  })

  it('answers a verified token whose user is gone exactly like Supabase Auth', async () => {
    await captured.demo.setScenario('user-migration')
    const result = await call('/v1/orders', { authorization: `Bearer ${await token({ sub: demoUserId('globex', 2), tenant: 'globex' })}` })
    expect(result.status).toBe(403)
    expect(result.body).toEqual({ code: 403, error_code: 'user_not_found', msg: 'User from sub claim in JWT does not exist' })
    expect(result.challenge).toBeNull()
    expect(result.log.body).toBe('User from sub claim in JWT does not exist')
    expect(result.log.attributes).toMatchObject({ error_code: 'user_not_found', 'user.id': demoUserId('globex', 2) })
    await captured.demo.clearScenario('user-migration')
    expect((await call('/v1/orders', { authorization: `Bearer ${await token({ sub: demoUserId('globex', 2), tenant: 'globex' })}` })).status).toBe(200)
  })

  it('answers a disabled user and a revoked session 403', async () => {
    const user = demoUserId('umbrella', 3)
    captured.demo.world.directory.setStatus(user, 'disabled')
    const banned = await call('/v1/orders', { authorization: `Bearer ${await token({ sub: user, tenant: 'umbrella' })}` })
    captured.demo.world.directory.setStatus(user, 'active')
    expect(banned.status).toBe(403)
    expect(banned.body).toEqual({ code: 403, error_code: 'user_banned', msg: 'User is banned' })
    const bearer = `Bearer ${await token({ sub: demoUserId('initech', 0), tenant: 'initech' })}`
    await captured.demo.setScenario('sessions-revoked')
    const revoked = await call('/v1/orders', { authorization: bearer })
    expect(revoked.status).toBe(403)
    expect(revoked.body).toEqual({ code: 403, error_code: 'session_not_found', msg: 'Session from session_id claim in JWT does not exist' })
  })

  it('answers a token missing the route scope 403 insufficient_scope naming the scopes needed', async () => {
    await captured.demo.setScenario('scope-tightened')
    const result = await call('/v1/orders', { authorization: `Bearer ${await token()}` })
    expect(result.status).toBe(403)
    expect(result.challenge).toBe('Bearer realm="orders-api", error="insufficient_scope", error_description="Insufficient Scope", scope="orders:read orders:list"')
    expect(result.body).toEqual({ code: 403, error_code: 'insufficient_scope', msg: 'Insufficient Scope' })
    expect(result.log.body).toBe('Insufficient scope: token lacks orders:list')
    expect((await call('/v1/orders/ord_1', { authorization: `Bearer ${await token()}` })).status).toBe(200)
  })

  it.each([
    ['wrong-audience', 'billing-gateway', '/v1/invoices', 'ERR_JWT_CLAIM_VALIDATION_FAILED', 'unexpected "aud" claim value', 'aud'],
    ['wrong-issuer', 'orders-gateway', '/v1/orders', 'ERR_JWT_CLAIM_VALIDATION_FAILED', 'unexpected "iss" claim value', 'iss'],
  ])('%s: a misconfigured gateway rejects good tokens 401 with the jose claim', async (scenario, gateway, path, code, message, claim) => {
    await captured.demo.setScenario(scenario)
    const result = await call(path, { gateway, authorization: `Bearer ${await token()}` })
    expect(result.status).toBe(401)
    expect(result.body).toEqual({ code: 401, error_code: 'bad_jwt', msg: `invalid JWT: ${message}` })
    expect(result.log.attributes).toMatchObject({ 'jose.code': code, 'jose.claim': claim, 'jose.reason': 'check_failed' })
  })

  it('alg-not-allowed: rejects ES256 tokens once the allow-list is RS256 only', async () => {
    await captured.demo.setScenario('alg-not-allowed')
    expect((await call('/v1/orders', { authorization: `Bearer ${await token()}` })).status).toBe(200)
    const result = await call('/v1/orders', { authorization: `Bearer ${await token({ alg: 'ES256' })}` })
    expect(result.status).toBe(401)
    expect(result.log.body).toBe('"alg" (Algorithm) Header Parameter value not allowed')
    expect(result.log.attributes).toMatchObject({ 'jose.code': 'ERR_JOSE_ALG_NOT_ALLOWED', 'error.type': 'JOSEAlgNotAllowed' })
  })

  it('key-rotation-no-jwks: tokens signed with an unpublished key find no key, and verify again once it is published', async () => {
    await call('/v1/orders', { authorization: `Bearer ${await token()}` })
    await captured.demo.setScenario('key-rotation-no-jwks')
    const bearer = `Bearer ${await token()}`
    const result = await call('/v1/orders', { authorization: bearer })
    expect(result.status).toBe(401)
    expect(result.log.body).toBe('no applicable key found in the JSON Web Key Set')
    expect(result.log.attributes).toMatchObject({ 'jose.code': 'ERR_JWKS_NO_MATCHING_KEY', 'error.type': 'JWKSNoMatchingKey' })
    await captured.demo.clearScenario('key-rotation-no-jwks')
    // Past the cache age the gateway refetches the JWKS, which now lists the key.
    await new Promise((resolve) => setTimeout(resolve, 250))
    expect((await call('/v1/orders', { authorization: bearer })).status).toBe(200)
  })

  it('jwks-down: once the cached key set is stale every call fails 401 with the fetch error', async () => {
    const bearer = `Bearer ${await token()}`
    await captured.demo.setScenario('jwks-down')
    await new Promise((resolve) => setTimeout(resolve, 250))
    const result = await call('/v1/orders', { authorization: bearer })
    expect(result.status).toBe(401)
    expect(result.challenge).toBe('Bearer realm="orders-api", error="invalid_token", error_description="Expected 200 OK from the JSON Web Key Set HTTP response"')
    expect(result.log.attributes).toMatchObject({ 'jose.code': 'ERR_JOSE_GENERIC', 'error.type': 'JOSEError' })
    await captured.demo.clearScenario('jwks-down')
    expect((await call('/v1/orders', { authorization: bearer })).status).toBe(200)
  })

  it('answers an unknown route 404 without looking at credentials', async () => {
    const result = await call('/v1/nothing-here')
    expect(result.status).toBe(404)
    expect(result.span.attributes['http.route']).toBeUndefined()
  })
})

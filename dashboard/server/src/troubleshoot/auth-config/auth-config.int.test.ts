import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AuthConfigResponseSchema, AuthDriftResponseSchema, JwksHealthResponseSchema } from '@claimcheck/shared'
import { NOW } from '../../api/test-support.ts'
import { ISS, STAGING, expectationsFor, seedStory, writeDirectory } from '../test-data.ts'
import { startTroubleshootHarness, type TroubleshootHarness } from '../test-harness.ts'
import { startTestIdp, type TestIdp } from '../test-keys.ts'

const dir = mkdtempSync(join(tmpdir(), 'claimcheck-auth-config-'))
let h: TroubleshootHarness
let idp: TestIdp
const MIN = 60_000

beforeAll(async () => {
  idp = await startTestIdp()
  writeDirectory(join(dir, 'users.csv'))
  h = await startTroubleshootHarness({ classifier: expectationsFor(idp.url), troubleshoot: { subjects: { kind: 'file', path: join(dir, 'users.csv') } } }, NOW)
  await seedStory(h.store, idp.url)
}, 60_000)
afterAll(async () => {
  await h?.close()
  await idp?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('GET /auth-config', () => {
  it('lists the expectations, their JWKS and the subject directory', async () => {
    const body = AuthConfigResponseSchema.parse((await h.request('GET', '/auth-config')).body)
    expect(body.expectations.map((e) => e.label)).toEqual(['api-gateway · /orders', 'api-gateway · /payments', 'api-gateway · /reports'])
    expect(body.expectations[1]).toMatchObject({ index: 1, requiredScopes: ['payments:write'], jwksUrl: idp.url })
    expect(body.jwksUrls).toEqual([idp.url])
    expect(body.directory).toMatchObject({ configured: true, kind: 'file' })
  })
})

describe('GET /auth-config/drift', () => {
  it('shows tokens from an unexpected issuer and audience, by the gateway version that let them in', async () => {
    const body = AuthDriftResponseSchema.parse((await h.request('GET', '/auth-config/drift')).body)
    const issuer = body.items.find((i) => i.kind === 'issuer')!
    expect(issuer).toMatchObject({ expectation: 0, service: 'api-gateway', route: '/orders', value: STAGING, expected: [ISS], version: '2.0.0', calls: 5, failures: 5 })
    expect(issuer.firstSeen).toBe(NOW - 40 * MIN)
    expect(issuer.versionFirstSeen).toBe(NOW - 40 * MIN)
    expect(body.items.find((i) => i.kind === 'audience')).toMatchObject({ value: 'orders-api-staging', expected: ['orders-api'], version: '2.0.0', calls: 3 })
    expect(body.items.some((i) => i.kind === 'algorithm')).toBe(false)
    expect(body.items.map((i) => i.value)).not.toContain('') // malformed tokens disagree with nothing
    expect(body.uncoveredRoutes).toEqual([{ service: 'api-gateway', route: '/health', calls: 2 }])
    expect(body.uncoveredCalls).toBe(2)
    expect(body.tokenCalls).toBeGreaterThan(body.uncoveredCalls)
    expect(body.truncated).toBe(false)
  })

  it('is empty for a range without drift', async () => {
    const body = AuthDriftResponseSchema.parse((await h.request('GET', `/auth-config/drift?from=${NOW - 30 * 60 * MIN}&to=${NOW - 10 * 60 * MIN}`)).body)
    expect(body.items).toEqual([])
  })
})

describe('GET /auth-config/jwks', () => {
  it('tells the outage and the kid rotation: key-2 in tokens 15 minutes before the JWKS listed it', async () => {
    const body = JwksHealthResponseSchema.parse((await h.request('GET', '/auth-config/jwks')).body)
    const [source] = body.sources
    expect(source).toMatchObject({ url: idp.url, issuers: [ISS], expectations: [0, 1, 2], status: 'ok', fetches: 4, failures: 1 })
    const key2 = source!.kids.find((k) => k.kid === 'key-2')!
    expect(key2).toMatchObject({ inJwks: true, firstInJwks: NOW - 30 * MIN, firstInTokens: NOW - 45 * MIN, leadSeconds: 900, keyFailures: 4, tokenCalls: 6 })
    expect(source!.kids.find((k) => k.kid === 'key-1')).toMatchObject({ inJwks: false, lastInJwks: NOW - 30 * MIN })
    expect(source!.events.map((e) => [e.at, e.kind, e.kid])).toEqual([
      [NOW - 50 * MIN, 'fetch_failed', null],
      [NOW - 45 * MIN, 'kid_first_in_tokens', 'key-2'],
      [NOW - 40 * MIN, 'fetch_recovered', null],
      [NOW - 30 * MIN, 'kid_published', 'key-2'],
      [NOW - 30 * MIN, 'kid_withdrawn', 'key-1'],
    ])
    expect(source!.events[1]!.text).toBe('kid key-2 first seen in tokens, 15 min before it appeared in the JWKS')
  })

  it('fetches every JWKS on "check now" and records it', async () => {
    const range = `?from=${NOW - 60 * MIN}&to=${Date.now() + 2 * MIN}`
    const res = await h.request('POST', `/auth-config/jwks/refresh${range}`)
    expect(res.status).toBe(200)
    const [source] = JwksHealthResponseSchema.parse(res.body).sources
    expect(source!.lastFetch).toMatchObject({ ok: true, httpStatus: 200, kids: ['rs-1', 'es-1'] })
    expect(source!.fetches).toBe(5)
    expect(source!.kids.find((k) => k.kid === 'rs-1')).toMatchObject({ inJwks: true })
  })
})

describe('/directory', () => {
  it('answers one subject, with the token\'s tenant, and a batch', async () => {
    expect((await h.request('GET', '/directory')).body).toMatchObject({ configured: true, kind: 'file', cache: { maxEntries: 10_000 } })
    const moved = await h.request('GET', '/directory/subjects/moved-4?tenant=acme')
    expect(moved.body).toMatchObject({ subject: 'moved-4', state: 'active', tenant: 'globex' })
    expect(moved.body.explanation).toMatch(/another tenant/)
    const batch = await h.request('POST', '/directory/lookup', { subjects: ['gone-1', 'ghost-2'] })
    expect(batch.body.verdicts.map((v: { state: string }) => v.state)).toEqual(['deleted', 'not_found'])
    expect((await h.request('POST', '/directory/lookup', { subjects: [] })).status).toBe(400)
  })
})

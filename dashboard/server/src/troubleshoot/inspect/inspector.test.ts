import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AuthExpectationSchema, FileSubjectSourceSchema, type InspectResponse } from '@claimcheck/shared'
import { createKeySets, type KeySets } from '../jwks/key-sets.ts'
import { createSubjectDirectory } from '../subjects/index.ts'
import { AUDIENCE, ISSUER, startTestIdp, type TestIdp } from '../test-keys.ts'
import { createInspector, type Inspector } from './inspector.ts'

// Tokens signed by real test keys, checked against a JWKS served on a local port and a subject
// directory in a CSV file: each failure kind must give its checklist and the classifier's cause.

let idp: TestIdp
let keySets: KeySets
let inspector: Inspector
const dir = mkdtempSync(join(tmpdir(), 'claimcheck-inspect-'))
const now = () => Math.floor(Date.now() / 1000)

function expectations(jwksUrl: string) {
  return [
    AuthExpectationSchema.parse({ service: 'gw', route: '/payments', issuers: [ISSUER], audiences: [AUDIENCE], requiredScopes: ['payments:write'], algorithms: ['RS256', 'ES256'], jwksUrl }),
    AuthExpectationSchema.parse({ service: 'gw', route: '/legacy', issuers: [ISSUER], audiences: [AUDIENCE], algorithms: ['RS256'], jwksUrl }),
    AuthExpectationSchema.parse({ issuers: [ISSUER], audiences: [AUDIENCE], jwksUrl }),
  ]
}

beforeAll(async () => {
  idp = await startTestIdp()
  writeFileSync(join(dir, 'users.csv'), 'sub,status,deletedAt,tenant\nu-1,active,,acme\nu-off,disabled,,acme\nu-gone,active,2025-01-01T00:00:00Z,acme\n')
  keySets = createKeySets({ cacheSeconds: 300, cooldownSeconds: 0, timeoutMs: 500 })
  inspector = createInspector({
    expectations: expectations(idp.url),
    clockSkewSeconds: 60,
    keySets,
    directory: createSubjectDirectory(FileSubjectSourceSchema.parse({ kind: 'file', path: join(dir, 'users.csv') }), { reader: undefined as never }),
  })
})
afterAll(async () => {
  await idp.close()
  rmSync(dir, { recursive: true, force: true })
})

const statuses = (result: InspectResponse) => Object.fromEntries(result.checks.map((c) => [c.id, c.status]))
const detailOf = (result: InspectResponse, id: string) => result.checks.find((c) => c.id === id)!.detail

describe('createInspector', () => {
  it('passes a good token on every check and names the expectation it used', async () => {
    const result = await inspector.inspect({ token: await idp.sign() })
    expect(result.valid).toBe(true)
    expect(result.cause).toBe('')
    expect(statuses(result)).toEqual({
      format: 'pass', issuer: 'pass', algorithm: 'pass', jwks: 'pass', kid: 'pass', signature: 'pass', audience: 'pass',
      expiry: 'pass', not_before: 'pass', issued_at: 'pass', scopes: 'skip', subject: 'pass',
    })
    expect(result.expectation?.index).toBe(2) // the most general expectation listing the issuer
    expect(result.routeChosen).toBe(false)
    expect(detailOf(result, 'expiry')).toMatch(/^expires in 60 min/)
  })

  it('accepts a Bearer prefix and an ES256 token', async () => {
    const result = await inspector.inspect({ token: `Bearer ${await idp.sign({}, { key: idp.keys.es })}` })
    expect(result.valid).toBe(true)
    expect(detailOf(result, 'signature')).toMatch(/kid es-1/)
  })

  it('expired: fails expiry past the skew, passes within it', async () => {
    const expired = await inspector.inspect({ token: await idp.sign({ iat: now() - 3800, nbf: now() - 3800, exp: now() - 200 }) })
    expect(expired).toMatchObject({ valid: false, cause: 'expired', detail: '', ruleId: 'token.exp' })
    expect(statuses(expired).expiry).toBe('fail')
    expect(detailOf(expired, 'expiry')).toMatch(/^expired 3 min ago/)
    const skewed = await inspector.inspect({ token: await idp.sign({ exp: now() - 20 }) })
    expect(skewed.valid).toBe(true)
    expect(detailOf(skewed, 'expiry')).toMatch(/within the 60 s skew/)
  })

  it('not yet valid: nbf or iat in the future', async () => {
    const nbf = await inspector.inspect({ token: await idp.sign({ nbf: now() + 600 }) })
    expect(nbf).toMatchObject({ cause: 'not_yet_valid', detail: 'nbf' })
    expect(statuses(nbf).not_before).toBe('fail')
    const iat = await inspector.inspect({ token: await idp.sign({ iat: now() + 600, nbf: undefined }) })
    expect(iat).toMatchObject({ cause: 'not_yet_valid', detail: 'iat' })
    expect(statuses(iat).issued_at).toBe('fail')
  })

  it('misconfig/issuer: an issuer no expectation lists, with nothing to fetch a JWKS for', async () => {
    const result = await inspector.inspect({ token: await idp.sign({ iss: 'https://staging.idp.example' }) })
    expect(result).toMatchObject({ cause: 'misconfig', detail: 'issuer', expectation: null })
    expect(statuses(result)).toMatchObject({ issuer: 'fail', jwks: 'skip', kid: 'skip', signature: 'skip' })
    expect(detailOf(result, 'issuer')).toMatch(/not a configured issuer \(expected https:\/\/idp\.test\.example\)/)
  })

  it('misconfig/issuer on a chosen route that expects another issuer', async () => {
    const result = await inspector.inspect({ token: await idp.sign({ iss: 'https://staging.idp.example' }), service: 'gw', route: '/payments' })
    expect(result).toMatchObject({ cause: 'misconfig', detail: 'issuer', routeChosen: true })
    expect(result.expectation?.index).toBe(0)
    expect(statuses(result).signature).toBe('pass')
  })

  it('misconfig/audience', async () => {
    const result = await inspector.inspect({ token: await idp.sign({ aud: 'billing-api' }) })
    expect(result).toMatchObject({ cause: 'misconfig', detail: 'audience', ruleId: 'token.aud' })
    expect(detailOf(result, 'audience')).toBe('aud billing-api does not include orders-api')
  })

  it('misconfig/algorithm: ES256 on a route that allows only RS256', async () => {
    const result = await inspector.inspect({ token: await idp.sign({}, { key: idp.keys.es }), service: 'gw', route: '/legacy' })
    expect(result).toMatchObject({ cause: 'misconfig', detail: 'algorithm' })
    expect(statuses(result)).toMatchObject({ algorithm: 'fail', jwks: 'pass', kid: 'pass', signature: 'skip' })
  })

  it('misconfig/unknown_kid for a kid the JWKS does not list, misconfig/bad_signature for a signature that does not verify', async () => {
    const unknownKid = await inspector.inspect({ token: await idp.sign({}, { key: idp.keys.unpublished }) })
    expect(unknownKid).toMatchObject({ cause: 'misconfig', detail: 'unknown_kid' })
    expect(statuses(unknownKid)).toMatchObject({ kid: 'fail', signature: 'skip' })
    expect(detailOf(unknownKid, 'kid')).toMatch(/kid rs-2 is not in the JWKS \(it has rs-1, es-1\)/)
    const forged = await inspector.inspect({ token: await idp.sign({}, { key: idp.keys.impostor }) })
    expect(forged).toMatchObject({ cause: 'misconfig', detail: 'bad_signature', ruleId: 'jose.code.signature' })
    expect(statuses(forged)).toMatchObject({ kid: 'pass', signature: 'fail' })
  })

  it('insufficient_scope only when a route is chosen', async () => {
    const token = await idp.sign({ scope: 'orders:read' })
    const onRoute = await inspector.inspect({ token, service: 'gw', route: '/payments' })
    expect(onRoute).toMatchObject({ cause: 'insufficient_scope', detail: 'scope' })
    expect(detailOf(onRoute, 'scopes')).toBe('missing payments:write (token has orders:read)')
    const anyRoute = await inspector.inspect({ token })
    expect(anyRoute.valid).toBe(true)
    expect(detailOf(anyRoute, 'scopes')).toMatch(/choose a service or route/)
    const granted = await inspector.inspect({ token: await idp.sign({ scope: 'orders:read payments:write' }), service: 'gw', route: '/payments' })
    expect(granted.valid).toBe(true)
  })

  it('unknown_sub for a sub not in the directory or deleted there; revoked/user_disabled for a disabled one', async () => {
    const ghost = await inspector.inspect({ token: await idp.sign({ sub: 'u-ghost' }) })
    expect(ghost).toMatchObject({ cause: 'unknown_sub', detail: 'user', ruleId: 'directory.not_found' })
    expect(ghost.subject).toMatchObject({ state: 'not_found', source: 'file' })
    const deleted = await inspector.inspect({ token: await idp.sign({ sub: 'u-gone' }) })
    expect(deleted).toMatchObject({ cause: 'unknown_sub', ruleId: 'directory.deleted' })
    expect(detailOf(deleted, 'subject')).toMatch(/Deleted from the directory at 2025-01-01T00:00:00Z/)
    const disabled = await inspector.inspect({ token: await idp.sign({ sub: 'u-off' }) })
    expect(disabled).toMatchObject({ cause: 'revoked', detail: 'user_disabled' })
  })

  it('malformed: not three parts, JWE, not JSON, or a time claim that is not a number', async () => {
    const garbage = await inspector.inspect({ token: 'not-a-jwt' })
    expect(garbage).toMatchObject({ valid: false, cause: 'malformed', detail: 'format', ruleId: 'token.malformed' })
    expect(garbage.checks.filter((c) => c.status === 'skip')).toHaveLength(11)
    expect(detailOf(await inspector.inspect({ token: 'eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d' }), 'format')).toMatch(/encrypted JWE/)
    expect(detailOf(await inspector.inspect({ token: 'eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln' }), 'format')).toMatch(/payload is not base64url-encoded JSON/)
    const stringExp = await inspector.inspect({ token: await idp.sign({ exp: 'tomorrow' as never }) })
    expect(stringExp).toMatchObject({ cause: 'malformed', detail: 'bad_claim' })
  })

  it('alg none is refused as misconfig/algorithm', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')
    const payload = Buffer.from(JSON.stringify({ iss: ISSUER, aud: AUDIENCE, sub: 'u-1', exp: now() + 600 })).toString('base64url')
    const result = await inspector.inspect({ token: `${header}.${payload}.` })
    expect(result).toMatchObject({ cause: 'misconfig', detail: 'algorithm' })
    expect(detailOf(result, 'algorithm')).toMatch(/unsigned/)
  })
})

describe('createInspector with a JWKS that is down', () => {
  it('gives misconfig/jwks_unavailable for 503, a timeout and a broken key set', async () => {
    const fresh = () => createInspector({ expectations: expectations(idp.url), clockSkewSeconds: 60, keySets: createKeySets({ cacheSeconds: 300, cooldownSeconds: 30, timeoutMs: 300 }), directory: undefined })
    const token = await idp.sign()
    try {
      for (const mode of ['down', 'slow', 'invalid'] as const) {
        idp.mode = mode
        const result = await fresh().inspect({ token })
        expect(result, mode).toMatchObject({ valid: false, cause: 'misconfig', detail: 'jwks_unavailable' })
        expect(statuses(result), mode).toMatchObject({ jwks: 'fail', kid: 'skip', signature: 'skip', subject: 'skip' })
      }
      idp.mode = 'down'
      expect(detailOf(await fresh().inspect({ token }), 'jwks')).toMatch(/HTTP 503/)
    } finally {
      idp.mode = 'ok'
    }
  })

  it('gives jwks_unavailable for a JWKS URL nothing listens on', async () => {
    const result = await createInspector({
      expectations: expectations('http://127.0.0.1:1/jwks.json'), clockSkewSeconds: 60,
      keySets: createKeySets({ cacheSeconds: 300, cooldownSeconds: 30, timeoutMs: 300 }), directory: undefined,
    }).inspect({ token: await idp.sign() })
    expect(result).toMatchObject({ cause: 'misconfig', detail: 'jwks_unavailable' })
  })
})

describe('JWKS caching', () => {
  it('fetches once while fresh, and again for a kid it has not seen once the cooldown allows', async () => {
    let clock = Date.now()
    const sets = createKeySets({ cacheSeconds: 300, cooldownSeconds: 30, timeoutMs: 500, clock: () => clock })
    const cached = createInspector({ expectations: expectations(idp.url), clockSkewSeconds: 60, keySets: sets, directory: undefined, clock: () => clock })
    const before = idp.fetches
    await cached.inspect({ token: await idp.sign() })
    const second = await cached.inspect({ token: await idp.sign() })
    expect(idp.fetches - before).toBe(1)
    expect(detailOf(second, 'jwks')).toMatch(/cached, fetched/)
    // A key rotated in: the cached set lacks its kid, and within the cooldown it is not refetched.
    const rotated = await idp.sign({}, { key: idp.keys.unpublished })
    expect((await cached.inspect({ token: rotated })).detail).toBe('unknown_kid')
    expect(idp.fetches - before).toBe(1)
    idp.publish(idp.keys.unpublished)
    clock += 31_000
    expect((await cached.inspect({ token: rotated })).valid).toBe(true)
    expect(idp.fetches - before).toBe(2)
  })
})

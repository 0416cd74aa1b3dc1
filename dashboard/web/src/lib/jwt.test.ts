import { describe, expect, it } from 'vitest'
import { cleanToken, decodeJwtLocally, relativeTo } from './jwt.ts'

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

describe('decodeJwtLocally', () => {
  it('decodes header and claims, with the collector\'s claim aliases', () => {
    const token = `${b64({ alg: 'ES256', kid: 'k1', typ: 'at+jwt' })}.${b64({ sub: 'u1', aud: 'api', scp: ['a', 'b'], client_id: 'web', 'https://x.example/tenant': 'acme', exp: 100, iat: 50, name: 'Zoë' })}.c2ln`
    const decoded = decodeJwtLocally(`Bearer ${token}`)
    expect(decoded).toMatchObject({ ok: true, signed: true, claims: { sub: 'u1', aud: ['api'], scopes: ['a', 'b'], clientId: 'web', tenant: 'acme', exp: 100, iat: 50, kid: 'k1', alg: 'ES256', typ: 'at+jwt' } })
    expect(decoded.ok && decoded.payload.name).toBe('Zoë')
  })

  it('says why it cannot decode: empty, wrong parts, JWE, not JSON', () => {
    const reason = (input: string) => {
      const d = decodeJwtLocally(input)
      return d.ok ? 'ok' : d.reason
    }
    expect(reason('  ')).toMatch(/Nothing pasted/)
    expect(reason('abc')).toMatch(/^1 part;/)
    expect(reason('a.b.c.d.e')).toMatch(/JWE/)
    expect(reason('!!.e30.x')).toMatch(/header is not/)
    expect(reason(`${b64({ alg: 'none' })}.WzEsMl0.x`)).toMatch(/payload is not/)
  })

  it('marks an unsigned token and ignores non-number times', () => {
    const decoded = decodeJwtLocally(`${b64({ alg: 'none' })}.${b64({ exp: 'soon' })}.`)
    expect(decoded).toMatchObject({ ok: true, signed: false, claims: { exp: undefined, aud: [], scopes: [] } })
  })
})

describe('cleanToken / relativeTo', () => {
  it('strips prefixes and tells times relative to now', () => {
    expect(cleanToken(' "Bearer x.y.z" ')).toBe('x.y.z')
    expect(cleanToken('bearer   x.y.z\n')).toBe('x.y.z')
    expect(relativeTo(1_000, 1_180_000)).toEqual({ seconds: -180, text: '3 min ago' })
    expect(relativeTo(4_000, 1_000_000)).toEqual({ seconds: 3_000, text: 'in 50 min' })
    expect(relativeTo(100, 100_000)).toEqual({ seconds: 0, text: 'in 0 s' })
  })
})

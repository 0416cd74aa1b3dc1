import { describe, expect, it } from 'vitest'
import { TokenFactsSchema } from '../claims.ts'
import { cleanToken, decodeBase64Url, decodeJwt } from './decode.ts'

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const pad = (segment: string) => segment.padEnd(Math.ceil(segment.length / 4) * 4, '=')
const HEADER = { alg: 'RS256', kid: 'k1', typ: 'JWT' }

describe('decodeBase64Url', () => {
  it('gives the bytes Node gives for every length, with or without padding', () => {
    for (let n = 0; n < 64; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 151 + n * 7) & 0xff)
      const text = Buffer.from(bytes).toString('base64url')
      expect(decodeBase64Url(text), text).toEqual(bytes)
      expect(decodeBase64Url(pad(text)), pad(text)).toEqual(bytes)
    }
  })

  it('refuses what is not base64url: the standard alphabet, inner padding, too much padding, a lone sextet', () => {
    for (const bad of ['ab+c', 'ab/c', 'ab=c', 'YQ===', 'abcde', 'ab c', 'é']) expect(decodeBase64Url(bad), bad).toBeUndefined()
    expect(decodeBase64Url('')).toEqual(new Uint8Array())
  })
})

describe('decodeJwt', () => {
  // The case from issue 18: the collector, the server inspector and the web gave three answers.
  it('decodes a padded token with a string exp: claims, header and payload, and the exp reported', () => {
    const token = [b64(HEADER), b64({ sub: 'u1', exp: '1700000000', nbf: 'soon' }), 'c2ln'].map(pad).join('.')
    expect(token).toContain('=')
    const decoded = decodeJwt(token)
    expect(decoded).toEqual({
      ok: true,
      header: HEADER,
      payload: { sub: 'u1', exp: '1700000000', nbf: 'soon' },
      claims: { sub: 'u1', exp: 1_700_000_000, aud: [], scopes: [], kid: 'k1', alg: 'RS256' },
      signed: true,
      timeClaimProblems: ['exp', 'nbf'],
    })
    expect(decodeJwt(token.replace(/=/g, ''))).toEqual(decoded)
  })

  it('maps the claim variants: aud lists, scope/scp/scopes, client and tenant aliases', () => {
    const claims = (payload: Record<string, unknown>) => {
      const d = decodeJwt(`${b64(HEADER)}.${b64(payload)}.x`)
      return d.ok ? d.claims : undefined
    }
    expect(claims({ aud: ['a', 3, 'b'], scp: ['x', 'y'], cid: 'c1', tid: 't1' })).toMatchObject({ aud: ['a', 'b'], scopes: ['x', 'y'], clientId: 'c1', tenant: 't1' })
    expect(claims({ aud: 'api', scope: 'read  write', azp: '', client_id: 'web', 'https://x.example/tenant': 'acme' })).toMatchObject({ aud: ['api'], scopes: ['read', 'write'], clientId: 'web', tenant: 'acme' })
    expect(TokenFactsSchema.parse({ present: true, claims: claims({ sub: 42, iat: 1.5 }) }).claims).toEqual({ sub: '42', iat: 1.5, aud: [], scopes: [], kid: 'k1', alg: 'RS256' })
  })

  it('keeps UTF-8 text and makes unpaired surrogates well-formed (they would fail a ClickHouse insert)', () => {
    const payload = Buffer.from('{"sub":"Zoë \\ud800"}').toString('base64url')
    const decoded = decodeJwt(`${b64(HEADER)}.${payload}.`)
    expect(decoded).toMatchObject({ ok: true, signed: false, claims: { sub: 'Zoë \ufffd' } })
  })

  it('says why a token does not decode', () => {
    const reason = (token: string) => {
      const d = decodeJwt(token)
      return d.ok ? 'ok' : d.reason
    }
    expect(reason('')).toBe('the token is empty')
    expect(reason('opaque')).toBe('1 part; a JWT has 3 (header.payload.signature)')
    expect(reason('a.b')).toMatch(/^2 parts;/)
    expect(reason('a.b.c.d')).toMatch(/^4 parts;/)
    expect(reason('eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d')).toMatch(/^5 parts: an encrypted JWE/)
    for (const header of ['', '!!', 'bm9wZQ', b64([1]), b64(null), Buffer.from('{"k":"???"}').toString('base64')]) {
      expect(reason(`${header}.${b64({})}.x`), header).toBe('the header is not base64url-encoded JSON')
    }
    for (const payload of ['', 'WzFd', 'bm90IGpzb24', `${b64({ a: 1 })}=x`]) {
      expect(reason(`${b64(HEADER)}.${payload}.x`), payload).toBe('the payload is not base64url-encoded JSON')
    }
  })
})

describe('cleanToken', () => {
  it('drops a Bearer prefix, quotes and whitespace', () => {
    expect(cleanToken('  Bearer abc.def.ghi \n')).toBe('abc.def.ghi')
    expect(cleanToken(' "bearer   x.y.z" ')).toBe('x.y.z')
    expect(cleanToken('')).toBe('')
  })
})

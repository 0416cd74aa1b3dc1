import { describe, expect, it } from 'vitest'
import { decodeToken } from './token.ts'

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const jwt = (payload: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', kid: 'k1' }) => `${b64(header)}.${b64(payload)}.c2lnbmF0dXJl`

describe('decodeToken', () => {
  it('decodes claims the way the collector does (scopes, client, tenant, kid, alg)', () => {
    const decoded = decodeToken(jwt({ sub: 'u1', scope: 'a b', azp: 'web', tid: 't1', exp: 10 }))
    expect(decoded.ok).toBe(true)
    if (!decoded.ok) return
    expect(decoded.facts.claims).toMatchObject({ sub: 'u1', scopes: ['a', 'b'], clientId: 'web', tenant: 't1', exp: 10, kid: 'k1', alg: 'RS256' })
    expect(decoded.problem).toBeUndefined()
  })

  it('says why a token does not decode', () => {
    const reason = (input: string) => {
      const d = decodeToken(input)
      return d.ok ? 'ok' : d.reason
    }
    expect(reason('')).toBe('the token is empty')
    expect(reason('opaque')).toMatch(/^1 part; a JWT has 3/)
    expect(reason('a.b')).toMatch(/^2 parts/)
    expect(reason('a.b.c.d.e')).toMatch(/encrypted JWE/)
    expect(reason('bm9wZQ.e30.c2ln')).toMatch(/header is not base64url-encoded JSON/)
    expect(reason(`${b64({ alg: 'RS256' })}.WzFd.c2ln`)).toMatch(/payload is not base64url-encoded JSON/)
  })

  it('decodes a padded token with a string exp, and reports the exp as a verifier would (issue 18)', () => {
    const padded = jwt({ sub: 'u1', exp: '1700000000' }).split('.').map((p) => p.padEnd(Math.ceil(p.length / 4) * 4, '=')).join('.')
    const decoded = decodeToken(`Bearer ${padded}`)
    expect(decoded).toMatchObject({ ok: true, header: { alg: 'RS256', kid: 'k1' }, payload: { sub: 'u1', exp: '1700000000' }, facts: { malformed: false, claims: { sub: 'u1', exp: 1_700_000_000 } } })
    expect(decoded.ok && decoded.problem).toMatchObject({ claim: 'exp', message: '"exp" claim must be a number' })
  })

  it('flags a time claim that is not a number as a verifier would', () => {
    const decoded = decodeToken(jwt({ exp: 'soon' }))
    expect(decoded.ok && decoded.problem).toMatchObject({ code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'exp', reason: 'invalid' })
  })
})

import { describe, expect, it } from 'vitest'
import { decodePastedToken, relativeTo } from './jwt.ts'

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

describe('decodePastedToken', () => {
  it('decodes a pasted token with the shared decoder, Bearer prefix and quotes dropped', () => {
    const decoded = decodePastedToken(` "Bearer ${b64({ alg: 'ES256', typ: 'at+jwt' })}.${b64({ sub: 'u1', exp: 100 })}.c2ln" `)
    expect(decoded).toMatchObject({ ok: true, signed: true, header: { typ: 'at+jwt' }, claims: { sub: 'u1', exp: 100, alg: 'ES256' } })
  })

  it('says what to do when nothing can be shown', () => {
    const reason = (input: string) => {
      const d = decodePastedToken(input)
      return d.ok ? 'ok' : d.reason
    }
    expect(reason('  ')).toBe('Nothing pasted yet.')
    expect(reason('a.b.c.d.e')).toMatch(/^Cannot decode: 5 parts: an encrypted JWE.*\.$/)
  })
})

describe('relativeTo', () => {
  it('tells times relative to now', () => {
    expect(relativeTo(1_000, 1_180_000)).toEqual({ seconds: -180, text: '3 min ago' })
    expect(relativeTo(4_000, 1_000_000)).toEqual({ seconds: 3_000, text: 'in 50 min' })
    expect(relativeTo(100, 100_000)).toEqual({ seconds: 0, text: 'in 0 s' })
  })
})

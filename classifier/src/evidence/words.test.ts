import { describe, expect, it } from 'vitest'
import { SENTENCE_END, toWords } from './words.ts'

const words = (text: string) => toWords(text).filter((w) => w !== SENTENCE_END).join(' ')

describe('toWords', () => {
  it('splits camelCase, PascalCase, snake_case, kebab-case, dotted and slashed names', () => {
    expect(words('TokenExpiredError')).toBe('token expired error')
    expect(words('JWTExpired')).toBe('jwt expired')
    expect(words('ERR_JWT_EXPIRED')).toBe('err jwt expired')
    expect(words('auth/id-token-expired')).toBe('auth id token expired')
    expect(words('io.jsonwebtoken.ExpiredJwtException')).toBe('io jsonwebtoken expired jwt exception')
    expect(words('SecurityTokenSignatureKeyNotFoundException')).toBe('security token signature key not found exception')
  })

  it('keeps vendor codes of letters and digits as one word', () => {
    expect(words('IDX10223: Lifetime validation failed')).toBe('idx10223 lifetime validation failed')
    expect(words('PGRST301')).toBe('pgrst301')
  })

  it('drops URLs, timestamps and long quoted values, keeps short quoted claim names', () => {
    expect(words("The issuer 'https://id.example.com/expired' is invalid")).toBe('the issuer is invalid')
    expect(words('JWT expired at 2026-11-28T10:00:00Z.')).toBe('jwt expired at')
    expect(words('Missing \'aud\' claim')).toBe('missing aud claim')
    expect(words('Token is missing the "exp" claim')).toBe('token is missing the exp claim')
  })

  it('treats an apostrophe inside a word as part of it, not as a quote', () => {
    expect(words("The provided Algorithm doesn't match the one defined in the JWT's Header.")).toBe('the provided algorithm doesn t match the one defined in the jwt s header')
  })

  it('marks sentence ends but not dots inside names', () => {
    expect(toWords('The audience is invalid; The signature is invalid.')).toEqual(['the', 'audience', 'is', 'invalid', SENTENCE_END, 'the', 'signature', 'is', 'invalid', SENTENCE_END])
    expect(toWords('io.jsonwebtoken')).toEqual(['io', 'jsonwebtoken'])
  })

  it('returns no words for empty or symbol-only text', () => {
    expect(toWords('')).toEqual([])
    expect(toWords('{}[]:;')).toEqual([])
  })
})

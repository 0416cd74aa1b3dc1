import { describe, expect, it } from 'vitest'
import { toWords } from '../evidence/words.ts'
import { CONCEPTS } from './concepts.ts'
import { Lexicon } from './match.ts'

const lexicon = new Lexicon()
const concept = (text: string) => lexicon.match(toWords(text))?.conceptId

describe('Lexicon.match', () => {
  it('reads each cause as libraries word it', () => {
    expect(concept('Signature has expired')).toBe('expired')
    expect(concept('The token is not yet valid (nbf)')).toBe('not_before')
    expect(concept('The token was issued in the future')).toBe('issued_in_future')
    expect(concept('User not found')).toBe('unknown_user')
    expect(concept('The user record is disabled.')).toBe('user_disabled')
    expect(concept('The token has been blacklisted')).toBe('token_revoked')
    expect(concept('Your requested role is not in allowed roles')).toBe('role')
    expect(concept('Unable to find a signing key that matches: "k1"')).toBe('unknown_kid')
    expect(concept('JWT signature does not match locally computed signature.')).toBe('bad_signature')
    expect(concept("Couldn't retrieve remote JWK set: Read timed out")).toBe('jwks_unavailable')
    expect(concept('JWT audience rejected: [orders]')).toBe('audience')
    expect(concept('Token not provided')).toBe('no_token')
  })

  it('honours negation: "not expired" is not expired', () => {
    expect(concept('the token is not expired but the audience is wrong')).toBe('audience')
    expect(concept('token not expired')).toBeUndefined()
  })

  it('reads a required or missing claim as missing, not as the claim\'s own failure', () => {
    expect(concept('expiration time is required')).toBe('missing_claim')
    expect(concept('The token is missing an Expiration Time')).toBe('missing_claim')
    expect(concept('Token is missing the "aud" claim')).toBe('missing_audience')
  })

  it('takes the first failure a verifier reports, and the more specific reading of the same words', () => {
    expect(concept('The audience is invalid; The signature key was not found')).toBe('audience')
    expect(concept("User session not found or doesn't have client attached on it")).toBe('session_ended')
    expect(concept('Session expired')).toBe('session_expired')
  })

  it('lets a generic "auth failed" concept decide only when nothing specific matches', () => {
    expect(lexicon.match(toWords('Token verification failed'))).toMatchObject({ conceptId: 'auth_failed', generic: true })
    expect(concept('invalid token: the token is expired')).toBe('expired')
  })

  it('finds nothing in text without auth vocabulary, and in empty text', () => {
    expect(concept('connection reset by peer')).toBeUndefined()
    expect(concept('')).toBeUndefined()
  })

  it('reports the words that decided', () => {
    expect(lexicon.match(toWords('JWT iss claim has value a, must be b'))?.words).toEqual(['iss', 'claim', 'has', 'value'])
    expect(lexicon.match(toWords('Signed JWT rejected: Invalid signature'))?.words).toEqual(['invalid', 'signature'])
  })

  it('has unique concept ids, each with a cause and phrases', () => {
    expect(new Set(CONCEPTS.map((c) => c.id)).size).toBe(CONCEPTS.length)
    for (const c of CONCEPTS) expect(c.phrases.length, c.id).toBeGreaterThan(0)
  })
})

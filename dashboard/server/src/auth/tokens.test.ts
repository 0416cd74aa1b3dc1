import { describe, expect, it } from 'vitest'
import { createTokenAuth } from './tokens.ts'

describe('createTokenAuth', () => {
  const check = createTokenAuth(['tok-old', { token: 'viewer-token-0123456789', role: 'viewer', name: 'grafana' }])

  it('gives a plain configured token the editor role, and an object its own role and name', () => {
    expect(check('Bearer tok-old')).toEqual({ name: 'token-1', role: 'editor' })
    expect(check('bearer   viewer-token-0123456789')).toEqual({ name: 'grafana', role: 'viewer' })
  })

  it('says "no bearer" for no header, so other credentials may be tried', () => {
    expect(check(undefined)).toBeUndefined()
  })

  it.each([['Bearer tok-wrong'], ['Bearer '], ['Basic dG9rLW9sZA=='], ['tok-old'], ['Bearer tok-old-and-more'], ['Bearer tok-old extra']])('refuses %j', (header) => {
    expect(check(header)).toBeNull()
  })

  it('refuses every bearer when no token is configured', () => {
    expect(createTokenAuth([])('Bearer anything')).toBeNull()
  })
})

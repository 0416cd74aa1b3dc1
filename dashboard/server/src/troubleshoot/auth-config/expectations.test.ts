import { describe, expect, it } from 'vitest'
import { AuthExpectationSchema } from '@claimcheck/shared'
import { configuredIssuers, createExpectationFinder, expectationLabel, jwksSources, selectExpectation, toExpectationView } from './expectations.ts'

const E = [
  { service: 'gw', route: '/users/:id', issuers: ['https://a'], requiredScopes: ['users:read'], jwksUrl: 'https://a/jwks' },
  { service: 'gw', route: 're:^/admin', issuers: ['https://a', 'https://b'], jwksUrl: 'https://a/jwks' },
  { issuers: ['https://c'], jwksUrl: 'https://c/jwks' },
].map((e) => AuthExpectationSchema.parse(e))

describe('selectExpectation', () => {
  it('takes the first expectation for a chosen service and route, template or path', () => {
    expect(selectExpectation(E, { service: 'gw', route: '/users/:id' })).toMatchObject({ index: 0, routeChosen: true })
    expect(selectExpectation(E, { service: 'gw', route: '/users/42' })).toMatchObject({ index: 0 })
    expect(selectExpectation(E, { route: '/admin/keys' })).toMatchObject({ index: 1 })
    expect(selectExpectation(E, { service: 'other', route: '/users/42' })).toMatchObject({ index: 2 })
  })

  it('without a choice, takes the most general expectation listing the token\'s issuer', () => {
    expect(selectExpectation(E, { issuer: 'https://b' })).toMatchObject({ index: 1, routeChosen: false })
    expect(selectExpectation(E, { issuer: 'https://a' })).toMatchObject({ index: 0 })
    const general = [...E, AuthExpectationSchema.parse({ service: 'gw', issuers: ['https://a'] }), AuthExpectationSchema.parse({ issuers: ['https://a'] })]
    expect(selectExpectation(general, { issuer: 'https://a' })).toMatchObject({ index: 4 })
    expect(selectExpectation(general.slice(0, 4), { issuer: 'https://a' })).toMatchObject({ index: 3 })
    expect(selectExpectation(E, { issuer: 'https://nope' })).toBeUndefined()
    expect(selectExpectation(E, {})).toBeUndefined()
    expect(selectExpectation([], { issuer: 'https://a', route: ' ' })).toBeUndefined()
  })
})

describe('createExpectationFinder', () => {
  it('matches as the classifier does: first match, service and route pattern', () => {
    const find = createExpectationFinder(E)
    expect(find('gw', '/users/7')?.index).toBe(0)
    expect(find('gw', '/admin')?.index).toBe(1)
    expect(find('gw', '/orders')?.index).toBe(2)
    expect(createExpectationFinder([])('gw', '/x')).toBeUndefined()
  })
})

describe('views', () => {
  it('labels, lists issuers and JWKS sources once each', () => {
    expect(expectationLabel({ service: undefined, route: undefined })).toBe('any service · any route')
    expect(toExpectationView(E[0]!, 0)).toMatchObject({ label: 'gw · /users/:id', jwksUrl: 'https://a/jwks', audiences: [] })
    expect(configuredIssuers(E)).toEqual(['https://a', 'https://b', 'https://c'])
    expect(jwksSources(E)).toEqual([
      { url: 'https://a/jwks', issuers: ['https://a', 'https://b'], expectations: [0, 1] },
      { url: 'https://c/jwks', issuers: ['https://c'], expectations: [2] },
    ])
    expect(jwksSources([])).toEqual([])
  })
})

import { describe, expect, it } from 'vitest'
import { createClassifier } from './index.ts'
import { makeFacts, NOW_S } from './test-helpers.ts'
import { checkTokenFacts, compileRouteMatcher, ExpectationIndex } from './token-facts.ts'

const ctx = (expectations = new ExpectationIndex([])) => ({ clockSkewSeconds: 60, expectations })

describe('checkTokenFacts', () => {
  it('calls a token expired well past the skew plain expired, with the time in the evidence', () => {
    const hit = checkTokenFacts(makeFacts({ claims: { exp: NOW_S - 3600 } }), ctx())
    expect(hit).toMatchObject({ ruleId: 'token.exp', cause: 'expired', detail: '' })
    expect(hit?.evidence).toBe('exp 2026-11-28T11:00:00Z is 3600 s before the call (skew 60 s)')
  })

  it('suspects clock skew when the token expired only seconds before the call', () => {
    const hit = checkTokenFacts(makeFacts({ claims: { exp: NOW_S - 42 } }), ctx())
    expect(hit).toMatchObject({ cause: 'expired', detail: 'clock_skew' })
    expect(hit?.evidence).toBe('exp 2026-11-28T11:59:18Z is 42 s before the call (skew 60 s)')
  })

  it('says nothing about a token that has not expired', () => {
    expect(checkTokenFacts(makeFacts({ claims: { exp: NOW_S + 600, iat: NOW_S - 60 } }), ctx())).toBeUndefined()
  })

  it('reports nbf in the future, and clock skew when it is within the skew', () => {
    expect(checkTokenFacts(makeFacts({ claims: { nbf: NOW_S + 3600 } }), ctx())).toMatchObject({ cause: 'not_yet_valid', detail: 'nbf' })
    expect(checkTokenFacts(makeFacts({ claims: { nbf: NOW_S + 20 } }), ctx())).toMatchObject({ cause: 'not_yet_valid', detail: 'clock_skew' })
  })

  it('reports an iat after the call as issued in the future', () => {
    const hit = checkTokenFacts(makeFacts({ claims: { iat: NOW_S + 7200 } }), ctx())
    expect(hit).toMatchObject({ ruleId: 'token.iat', cause: 'not_yet_valid', detail: 'iat' })
  })

  it('checks issuer, audience, algorithm and scopes against the route expectation', () => {
    const index = new ExpectationIndex([
      { service: 'orders', route: '/api/orders/:id', issuers: ['https://id.example.com/'], audiences: ['orders-api'], requiredScopes: ['orders:read'], algorithms: ['RS256'] },
    ])
    const base = { serviceName: 'orders', claims: { iss: 'https://id.example.com/', aud: ['orders-api'], scopes: ['orders:read'], alg: 'RS256' } }
    expect(checkTokenFacts(makeFacts(base), ctx(index))).toBeUndefined()
    expect(checkTokenFacts(makeFacts({ ...base, claims: { ...base.claims, iss: 'https://staging-id.example.com/' } }), ctx(index)))
      .toMatchObject({ cause: 'misconfig', detail: 'issuer', evidence: 'iss https://staging-id.example.com/ not in expected issuers (https://id.example.com/)' })
    expect(checkTokenFacts(makeFacts({ ...base, claims: { ...base.claims, aud: ['billing-api'] } }), ctx(index)))
      .toMatchObject({ cause: 'misconfig', detail: 'audience' })
    expect(checkTokenFacts(makeFacts({ ...base, claims: { ...base.claims, alg: 'HS256' } }), ctx(index)))
      .toMatchObject({ cause: 'misconfig', detail: 'algorithm' })
    expect(checkTokenFacts(makeFacts({ ...base, claims: { ...base.claims, scopes: ['orders:write'] } }), ctx(index)))
      .toMatchObject({ cause: 'insufficient_scope', detail: 'scope', evidence: 'missing scope orders:read (token has orders:write)' })
  })

  it('ignores expectations of other services and routes', () => {
    const index = new ExpectationIndex([{ service: 'billing', issuers: ['https://id.example.com/'], audiences: [], requiredScopes: [], algorithms: [] }])
    expect(checkTokenFacts(makeFacts({ serviceName: 'orders', claims: { iss: 'https://other/' } }), ctx(index))).toBeUndefined()
  })

  it('prefers a definite time violation over a configuration mismatch, and a mismatch over a skew suspicion', () => {
    const index = new ExpectationIndex([{ issuers: ['https://id.example.com/'], audiences: [], requiredScopes: [], algorithms: [] }])
    expect(checkTokenFacts(makeFacts({ claims: { exp: NOW_S - 3600, iss: 'x' } }), ctx(index))).toMatchObject({ cause: 'expired' })
    expect(checkTokenFacts(makeFacts({ claims: { exp: NOW_S - 5, iss: 'x' } }), ctx(index))).toMatchObject({ cause: 'misconfig', detail: 'issuer' })
  })

  it('treats a missing token as missing only when request headers were captured', () => {
    expect(checkTokenFacts(makeFacts(), ctx())).toBeUndefined()
    expect(checkTokenFacts(makeFacts({ attributes: { 'http.request.header.user-agent': 'curl/8' } }), ctx()))
      .toMatchObject({ cause: 'missing_token' })
  })

  it('reports a present but undecodable credential as malformed', () => {
    expect(checkTokenFacts(makeFacts({ token: { present: true, malformed: true } }), ctx())).toMatchObject({ cause: 'malformed', detail: 'format' })
  })
})

describe('compileRouteMatcher', () => {
  it('matches templates against the route or the path, and re: patterns', () => {
    const m = compileRouteMatcher('/api/orders/:id')
    expect(m('/api/orders/:id', '')).toBe(true)
    expect(m('', '/api/orders/42')).toBe(true)
    expect(m('', '/api/orders/42/items')).toBe(false)
    expect(compileRouteMatcher('/api/*')('', '/api/a/b')).toBe(true)
    expect(compileRouteMatcher('re:^/v[12]/')('', '/v2/x')).toBe(true)
  })
})

describe('token facts inside classify', () => {
  const classifier = createClassifier({ config: { clockSkewSeconds: 60 } })

  it('lets token facts beat a generic message', () => {
    const r = classifier.classify(makeFacts({ message: 'invalid token', claims: { exp: NOW_S - 7200 } }))
    expect(r).toMatchObject({ cause: 'expired', ruleId: 'token.exp' })
  })

  it('lets a specific message beat token facts', () => {
    const r = classifier.classify(makeFacts({ message: 'Jwt issuer is not configured', claims: { exp: NOW_S - 7200 } }))
    expect(r).toMatchObject({ cause: 'misconfig', detail: 'issuer', ruleId: 'envoy.msg.issuer' })
  })

  it('refines a message saying expired into clock skew when exp is within the skew', () => {
    const r = classifier.classify(makeFacts({ message: 'Jwt is expired', claims: { exp: NOW_S - 3 } }))
    expect(r.cause).toBe('expired')
    expect(r.detail).toBe('clock_skew')
    expect(r.evidence).toContain('exp 2026-11-28T11:59:57Z is 3 s before the call')
  })

  it('refines "expired" into clock skew when the token is still valid by the call time', () => {
    const r = classifier.classify(makeFacts({ message: 'jwt expired', claims: { exp: NOW_S + 30 } }))
    expect(r).toMatchObject({ cause: 'expired', detail: 'clock_skew' })
  })

  it('does not use token facts on a call that was not refused', () => {
    expect(classifier.classify(makeFacts({ statusCode: 200, claims: { exp: NOW_S - 7200 } })).cause).toBe('')
  })
})

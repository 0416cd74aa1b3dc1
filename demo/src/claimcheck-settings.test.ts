import { describe, expect, it } from 'vitest'
import { ExpectationIndex } from '@claimcheck/classifier'
import { ConfigSchema, type CallFacts } from '@claimcheck/shared'
import { DEMO_JWKS_POLL_SECONDS, demoExpectations, demoSubjectSource, withDemoSettings } from './claimcheck-settings.ts'
import { DEMO_GATEWAYS } from './gateway/routes.ts'
import { DEMO_ISSUER } from './idp.ts'

const JWKS = 'http://127.0.0.1:4100/.well-known/jwks.json'
const USERS = 'http://127.0.0.1:4100/users/{sub}'

describe('demoExpectations', () => {
  const expectations = demoExpectations(JWKS)
  const index = new ExpectationIndex(expectations)
  const find = (serviceName: string, route: string, path = route) => index.find({ serviceName, route, path } as CallFacts)

  it('covers every route of every demo gateway with its issuer, audience, algorithms and JWKS', () => {
    for (const spec of DEMO_GATEWAYS) {
      for (const route of spec.routes) {
        const found = expectations.find((e) => e.service === spec.name && e.route === route.path)
        expect(found, `${spec.name} ${route.path}`).toMatchObject({ issuers: [DEMO_ISSUER], audiences: [spec.audience], algorithms: ['RS256', 'ES256'], jwksUrl: JWKS })
      }
    }
  })

  it('requires each route template the scopes its calls need, as the classifier finds it', () => {
    expect(find('orders-gateway', '/v1/orders/:orderId')?.requiredScopes).toEqual(['orders:read'])
    expect(find('billing-gateway', '/v1/payments')?.requiredScopes).toEqual(['billing:write'])
    expect(find('billing-gateway', '', '/v1/invoices/inv_123')?.requiredScopes).toEqual(['billing:read'])
    // GET needs orders:read, POST orders:write: a method-blind expectation can require neither.
    expect(find('orders-gateway', '/v1/orders')?.requiredScopes).toEqual([])
  })

  it('ends each gateway with a route-less expectation for whatever else it serves', () => {
    const fallback = find('orders-gateway', '/v2/unknown')
    expect(fallback).toBeDefined()
    expect(fallback?.route).toBeUndefined()
    expect(expectations.filter((e) => e.route === undefined).map((e) => e.service)).toEqual(DEMO_GATEWAYS.map((spec) => spec.name))
    expect(find('someone-else', '/v1/orders')).toBeUndefined()
  })

  it('is empty without gateways', () => {
    expect(demoExpectations(JWKS, [])).toEqual([])
  })
})

describe('demoSubjectSource', () => {
  it('reads the directory API with the http source and short cache lifetimes', () => {
    expect(demoSubjectSource(USERS)).toMatchObject({
      kind: 'http', url: USERS, fields: { sub: 'sub', status: 'status', deletedAt: 'deletedAt', tenant: 'tenant' },
      cache: { ttlSeconds: 10, negativeTtlSeconds: 10 },
    })
  })
  it('refuses a URL without {sub}', () => {
    expect(() => demoSubjectSource('http://127.0.0.1:4100/users')).toThrow(/\{sub\}/)
  })
})

describe('withDemoSettings', () => {
  const urls = { jwks: JWKS, users: USERS }

  it('fills in expectations, subject directory and a faster JWKS poll on a default config', () => {
    const config = withDemoSettings(ConfigSchema.parse({}), urls)
    expect(config.classifier.expectations).toEqual(demoExpectations(JWKS))
    expect(config.troubleshoot.subjects).toEqual(demoSubjectSource(USERS))
    expect(config.troubleshoot.jwks.pollSeconds).toBe(DEMO_JWKS_POLL_SECONDS)
    // Still a valid config: what `start` would have loaded from a file saying the same.
    expect(ConfigSchema.parse(config)).toEqual(config)
  })

  it('keeps expectations, directory and poll the user configured', () => {
    const user = ConfigSchema.parse({
      classifier: { expectations: [{ service: 'kong-edge', issuers: ['https://auth.example.com/'] }] },
      troubleshoot: { subjects: { kind: 'file', path: '/etc/users.csv' }, jwks: { pollSeconds: 60 } },
    })
    expect(withDemoSettings(user, urls)).toEqual(user)
  })

  it('leaves the poll alone when the user has expectations of their own', () => {
    const user = ConfigSchema.parse({ classifier: { expectations: [{ service: 'kong-edge' }] } })
    const config = withDemoSettings(user, urls)
    expect(config.troubleshoot.jwks.pollSeconds).toBe(300)
    expect(config.classifier.expectations).toEqual(user.classifier.expectations)
    expect(config.troubleshoot.subjects?.kind).toBe('http')
  })
})

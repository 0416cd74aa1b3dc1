import { CauseRuleSchema, type CauseRuleInput } from '@claimcheck/shared'
import { describe, expect, it } from 'vitest'
import { createClassifier } from './index.ts'
import { makeFacts, NOW_S } from './test-helpers.ts'

const rules = (...inputs: CauseRuleInput[]) => inputs.map((r) => CauseRuleSchema.parse(r))

describe('classifyCall: success and failure', () => {
  const classifier = createClassifier()

  it('leaves a 502 without auth evidence unclassified', () => {
    expect(classifier.classify(makeFacts({ statusCode: 502, message: 'upstream connect error or disconnect/reset before headers' })))
      .toEqual({ cause: '', detail: '', ruleId: '', evidence: '' })
  })

  it('leaves a successful call alone', () => {
    expect(classifier.classify(makeFacts({ statusCode: 200, message: '' })).cause).toBe('')
  })

  it('classifies a recognised auth message at any status', () => {
    expect(classifier.classify(makeFacts({ statusCode: 500, message: 'jwt expired' })).cause).toBe('expired')
    expect(classifier.classify(makeFacts({ statusCode: 503, message: '{"message":"failed to verify jwt"}' })))
      .toMatchObject({ cause: 'other', ruleId: 'apisix.msg.failed_to_verify' })
  })

  it('calls an unrecognised 401/403 other, keeping the message in the evidence', () => {
    const r = classifier.classify(makeFacts({ statusCode: 403, message: 'computer says no' }))
    expect(r).toEqual({ cause: 'other', detail: '', ruleId: 'fallback.unrecognised', evidence: 'status=403, unrecognised: "computer says no"' })
    expect(classifier.classify(makeFacts({ statusCode: 401, message: '' })).evidence).toBe('status=401, no error text')
  })

  it('handles empty and odd input', () => {
    expect(classifier.classify(makeFacts({ statusCode: 0, message: '' })).cause).toBe('')
    expect(classifier.classify(makeFacts({ statusCode: 401, message: '{not json' })).cause).toBe('other')
    expect(classifier.classify(makeFacts({ statusCode: 401, message: '{"exp": 5}' })).cause).toBe('other')
  })

  it('never puts a raw token into the evidence', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'
    const r = classifier.classify(makeFacts({ statusCode: 401, message: `bad bearer ${jwt}` }))
    expect(r.evidence).not.toContain('eyJhbGci')
    expect(r.evidence).toContain('[REDACTED JWT]')
    const sig = classifier.classify(makeFacts({ message: `failed to verify jwt: signature mismatch: ${jwt.split('.')[2]}` }))
    expect(sig).toMatchObject({ cause: 'misconfig', detail: 'bad_signature', evidence: 'message~"signature mismatch"' })
  })

  it('reads structured facts: error codes, the challenge, JSON bodies', () => {
    expect(classifier.classify(makeFacts({ statusCode: 403, attributes: { 'supabase.error_code': 'user_not_found' } })))
      .toEqual({ cause: 'unknown_sub', detail: 'user', ruleId: 'supabase.error_code.user_not_found', evidence: 'error_code=user_not_found' })
    expect(classifier.classify(makeFacts({ attributes: { 'http.response.header.www-authenticate': '["Bearer error=\\"insufficient_scope\\""]' } })).cause)
      .toBe('insufficient_scope')
  })
})

describe('classifyCall: precedence', () => {
  it('puts user rules before built-in rules', () => {
    const c = createClassifier({ rules: rules({ id: 'acme.expired-is-revoked', match: { message: { regex: 'jwt expired' } }, set: { cause: 'revoked', detail: 'token' } }) })
    expect(c.classify(makeFacts({ message: 'jwt expired' }))).toMatchObject({ cause: 'revoked', ruleId: 'acme.expired-is-revoked' })
  })

  it('orders a layer by priority, then file order', () => {
    const c = createClassifier({
      rules: rules(
        { id: 'first', match: { message: { contains: 'boom' } }, set: { cause: 'other' } },
        { id: 'second', priority: 10, match: { message: { contains: 'boom' } }, set: { cause: 'expired' } },
        { id: 'third', priority: 10, match: { message: { contains: 'boom' } }, set: { cause: 'revoked' } },
      ),
    })
    expect(c.classify(makeFacts({ message: 'boom' })).ruleId).toBe('second')
  })

  it('puts structured facts before messages', () => {
    const c = createClassifier()
    const r = c.classify(makeFacts({ statusCode: 403, message: 'jwt expired', attributes: { error_code: 'user_not_found' } }))
    expect(r.ruleId).toBe('supabase.error_code.user_not_found')
  })

  it('lets a specific message beat a generic structured fact', () => {
    const c = createClassifier()
    const r = c.classify(makeFacts({ message: 'Jwt is expired', attributes: { 'http.response.header.www-authenticate': 'Bearer realm="x", error="invalid_token"' } }))
    expect(r.cause).toBe('expired')
  })

  it('lets token facts beat generic rules, including generic user rules', () => {
    const c = createClassifier({ rules: rules({ id: 'acme.generic', generic: true, match: { message: { contains: 'nope' } }, set: { cause: 'other' } }) })
    expect(c.classify(makeFacts({ message: 'nope', claims: { exp: NOW_S - 9999 } })).ruleId).toBe('token.exp')
    expect(c.classify(makeFacts({ message: 'nope' })).ruleId).toBe('acme.generic')
  })

  it('lets a user rule declare calls not to be auth failures', () => {
    const c = createClassifier({ rules: rules({ id: 'acme.health', match: { route: '/healthz', status: 401 }, set: { cause: '' } }) })
    expect(c.classify(makeFacts({ route: '/healthz', path: '/healthz', message: 'jwt expired' }))).toMatchObject({ cause: '', ruleId: 'acme.health' })
  })

  it('uses status only to narrow: the same body means different things on different gateways', () => {
    const c = createClassifier()
    const body = '{"message":"Unauthorized"}'
    expect(c.classify(makeFacts({ serviceName: 'kong', message: body })).cause).toBe('missing_token')
    expect(c.classify(makeFacts({ serviceName: 'orders', message: body })).cause).toBe('other')
    expect(c.classify(makeFacts({ statusCode: 403, message: '{"message":"Forbidden"}', attributes: { 'cloud.provider': 'aws' } })).cause)
      .toBe('insufficient_scope')
  })
})

describe('createClassifier: user rules given directly', () => {
  const acme = rules({ id: 'acme.e4711', match: { message: { contains: 'E4711' } }, set: { cause: 'unknown_sub', detail: 'user' } })

  it('applies rules passed in, and swaps them at run time with setUserRules', () => {
    const classifier = createClassifier({ rules: acme })
    const call = makeFacts({ statusCode: 401, message: 'gateway said E4711' })
    expect(classifier.classify(call)).toMatchObject({ cause: 'unknown_sub', ruleId: 'acme.e4711' })
    expect(classifier.userRuleCount).toBe(1)
    classifier.setUserRules(rules({ id: 'acme.e4711.v2', match: { message: { contains: 'E4711' } }, set: { cause: 'revoked', detail: 'session' } }))
    expect(classifier.classify(call)).toMatchObject({ cause: 'revoked', ruleId: 'acme.e4711.v2' })
    classifier.setUserRules([])
    expect(classifier.userRuleCount).toBe(0)
    expect(classifier.classify(call)).toMatchObject({ cause: 'other', ruleId: 'fallback.unrecognised' })
  })

  it('lets a user rule decide before the generic layer, on text found anywhere in the call', () => {
    const classifier = createClassifier({ rules: acme })
    const graphql = makeFacts({ statusCode: 200, message: JSON.stringify({ errors: [{ message: 'denied: E4711 (token expired)' }] }) })
    expect(classifier.classify(graphql)).toMatchObject({ cause: 'unknown_sub', ruleId: 'acme.e4711' })
  })
})

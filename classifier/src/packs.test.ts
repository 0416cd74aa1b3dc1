import { describe, expect, it } from 'vitest'
import { CallView, safeSnippet } from './call-view.ts'
import { lowercasePattern } from './rule-checks.ts'
import { BUILT_IN_PACKS, loadBuiltInRules } from './packs/index.ts'
import { callFactsFromStoredRow, timestampToMs } from './stored-call.ts'
import { createClassifier } from './index.ts'
import { makeFacts, NOW_MS, NOW_S } from './test-helpers.ts'
import { parseWwwAuthenticate } from './www-authenticate.ts'

describe('built-in packs', () => {
  it('validate with the user rule schema and have unique ids', () => {
    const { structured, messages } = loadBuiltInRules()
    const ids = [...structured, ...messages].map((r) => r.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(structured.length).toBeGreaterThan(40)
    expect(messages.length).toBeGreaterThan(100)
  })

  it('gate every message rule with keywords, so a call only tries the regexes that can match', () => {
    const { messages } = loadBuiltInRules()
    expect(messages.filter((r) => !r.match.message?.keywords).map((r) => r.id)).toEqual([])
  })

  it('name their sources', () => {
    for (const pack of BUILT_IN_PACKS) expect(pack.sources.length).toBeGreaterThan(0)
  })
})

describe('lowercasePattern', () => {
  it('lowercases literals but keeps escapes', () => {
    expect(lowercasePattern('Jwt \\S+ [A-Z]\\B\\W')).toBe('jwt \\S+ [a-z]\\B\\W')
  })
})

describe('safeSnippet', () => {
  it('keeps short clean text, redacts tokens and long opaque runs, and truncates', () => {
    expect(safeSnippet('Jwt is expired')).toBe('Jwt is expired')
    expect(safeSnippet('Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln')).toBe('Bearer [REDACTED JWT]')
    expect(safeSnippet(`key ${'A'.repeat(50)} end`)).toBe('key [REDACTED] end')
    expect(safeSnippet('ab '.repeat(100), 10)).toBe('ab ab ab …')
    expect(safeSnippet('')).toBe('')
  })
})

describe('parseWwwAuthenticate', () => {
  it('reads comma-separated, space-separated (AWS) and JSON-array values', () => {
    expect(parseWwwAuthenticate('Bearer realm="example", error="invalid_token", error_description="The access token expired"'))
      .toEqual({ scheme: 'bearer', params: { realm: 'example', error: 'invalid_token', error_description: 'The access token expired' } })
    expect(parseWwwAuthenticate('Bearer scope="" error="invalid_token" error_description="the token does not have a valid audience"')?.params.error_description)
      .toBe('the token does not have a valid audience')
    expect(parseWwwAuthenticate('["Basic realm=\\"x\\"","Bearer error=\\"insufficient_scope\\""]')?.params.error).toBe('insufficient_scope')
    expect(parseWwwAuthenticate('Bearer')).toEqual({ scheme: 'bearer', params: {} })
    expect(parseWwwAuthenticate('')).toBeUndefined()
    expect(parseWwwAuthenticate(undefined)).toBeUndefined()
  })
})

describe('CallView', () => {
  it('flattens a JSON body one level and ignores non-objects', () => {
    const view = new CallView(makeFacts({ message: ' {"error":{"code":"x","message":"y"},"exp":"token expired","n":3}' }))
    expect(view.body('error.code')).toBe('x')
    expect(view.body('exp')).toBe('token expired')
    expect(view.body('n')).toBe('3')
    expect(new CallView(makeFacts({ message: '[1,2]' })).body('0')).toBeUndefined()
  })

  it('collects the texts message rules see, without duplicates', () => {
    const view = new CallView(makeFacts({
      message: 'a',
      attributes: { 'http.response.header.www-authenticate': 'Bearer error_description="b"', 'exception.message': 'a', 'aws.authorizer.error': 'c' },
    }))
    expect(view.texts()).toEqual(['a', 'b', 'c'])
  })
})

describe('classifier.reclassify (stored rows)', () => {
  const row = {
    Timestamp: String(BigInt(NOW_MS) * 1_000_000n), ServiceName: 'orders', Method: 'GET', Route: '/api/orders/:id', Path: '/api/orders/42',
    StatusCode: 401, ErrorMessage: 'Unauthorized', Attributes: {}, Subject: 'u-1', Issuer: 'https://id.example.com/', Audience: ['orders-api'],
    ClientId: '', Tenant: '', Scopes: [], TokenKeyId: 'k1', TokenAlgorithm: 'RS256', TokenIssuedAt: NOW_S - 7300, TokenNotBefore: null,
    TokenExpiresAt: NOW_S - 100, TokenPresent: 1,
  }

  it('rebuilds the call facts from the stored columns', () => {
    const facts = callFactsFromStoredRow(row)
    expect(facts.timestampMs).toBe(NOW_MS)
    expect(facts.token).toMatchObject({ present: true, malformed: false, claims: { sub: 'u-1', exp: NOW_S - 100, nbf: undefined } })
    expect(callFactsFromStoredRow({ ...row, TokenAlgorithm: '', TokenKeyId: '', Subject: '', Issuer: '', Audience: [], TokenIssuedAt: null, TokenExpiresAt: null }).token)
      .toEqual({ present: true, malformed: true, claims: undefined })
  })

  it('applies the same rules as the collector', () => {
    const classifier = createClassifier()
    expect(classifier.reclassify(row)).toMatchObject({ cause: 'expired', ruleId: 'token.exp' })
    expect(classifier.reclassify({ ...row, ErrorMessage: 'Jwt issuer is not configured' })).toMatchObject({ cause: 'misconfig', detail: 'issuer' })
  })

  it('reads ns strings and DateTime64 text', () => {
    expect(timestampToMs('1764331200123456789')).toBe(1764331200123)
    expect(timestampToMs('2026-11-28 12:00:00.123456789')).toBe(NOW_MS + 123)
    expect(timestampToMs('garbage')).toBe(0)
  })
})

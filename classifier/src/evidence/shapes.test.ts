import { describe, expect, it } from 'vitest'
import { createClassifier } from '../index.ts'
import { makeFacts } from '../test-helpers.ts'

/**
 * One cause, every input shape the generic layer reads (docs/classification.md, "Where the error
 * text is found"). The wording is one no pack knows, so the generic evidence layer decides each.
 */
const TEXT = 'The access credential has expired'
const classifier = createClassifier()
const classify = (partial: Parameters<typeof makeFacts>[0]) => classifier.classify(makeFacts(partial))
const WWW = 'http.response.header.www-authenticate'

const SHAPES: readonly [string, Parameters<typeof makeFacts>[0], RegExp][] = [
  ['log body', { message: TEXT }, /in message$/],
  ['span status message (kept as otel.status_description)', { attributes: { 'otel.status_description': TEXT } }, /otel\.status_description/],
  ['exception event (type and message)', { attributes: { 'exception.type': 'CredentialError', 'exception.message': TEXT } }, /exception\.message/],
  ['exception type alone (PascalCase class name)', { attributes: { 'exception.type': 'com.example.auth.AccessCredentialExpiredException' } }, /exception\.type/],
  ['error attribute', { attributes: { 'error.message': TEXT } }, /error\.message/],
  ['error-ish attribute of any name', { attributes: { 'auth.failure_reason': 'access_credential_expired' } }, /auth\.failure_reason/],
  ['WWW-Authenticate header attribute', { attributes: { [WWW]: `Bearer realm="api", error="invalid_token", error_description="${TEXT}"` } }, /www-authenticate error_description/],
  ['WWW-Authenticate challenge inside the body', { message: `401 Unauthorized; WWW-Authenticate: Bearer error="invalid_token", error_description="${TEXT}"` }, /message/],
  ['JSON {"error": …}', { message: JSON.stringify({ error: TEXT }) }, /body\.error$/],
  ['JSON {"error", "error_description"}', { message: JSON.stringify({ error: 'invalid_token', error_description: TEXT }) }, /body\.error_description/],
  ['JSON {"message": …}', { message: JSON.stringify({ status: 401, message: TEXT }) }, /body\.message/],
  ['JSON {"detail": …}', { message: JSON.stringify({ detail: TEXT }) }, /body\.detail/],
  ['JSON {"code": …}', { message: JSON.stringify({ code: 'ACCESS_CREDENTIAL_EXPIRED' }) }, /body\.code/],
  ['JSON errors[].message', { message: JSON.stringify({ errors: [{ message: TEXT }] }) }, /body\.errors\[0\]\.message/],
  ['JSON errors[].extensions.code', { message: JSON.stringify({ errors: [{ message: 'Unauthorized', extensions: { code: 'CREDENTIAL_EXPIRED' } }] }) }, /extensions\.code/],
  ['SOAP-style fault.faultstring', { message: JSON.stringify({ fault: { faultstring: TEXT } }) }, /fault\.faultstring/],
  ['fault.detail.errorcode', { message: JSON.stringify({ fault: { faultstring: 'Invalid access', detail: { errorcode: 'keymanagement.service.access_credential_expired' } } }) }, /fault\.detail\.errorcode/],
  ['nested two levels', { message: JSON.stringify({ error: { details: { reason: TEXT } } }) }, /body\.error\.details\.reason/],
  ['JSON body in a body attribute', { attributes: { 'http.response.body': JSON.stringify({ error_description: TEXT }) } }, /error_description/],
  ['JSON after a prefix', { message: `upstream answered 401: ${JSON.stringify({ error: TEXT })}` }, /message|body\.error/],
]

describe('the generic evidence layer reads every input shape', () => {
  it.each(SHAPES)('%s', (_name, partial, source) => {
    const result = classify(partial)
    expect(result).toMatchObject({ cause: 'expired', detail: '', ruleId: 'lexicon.expired' })
    expect(result.evidence).toMatch(/^words "[^"]*expired[^"]*" in /)
    expect(result.evidence).toMatch(source)
  })

  it('reads a GraphQL 200 whose errors[] carry an auth error as a failed call', () => {
    const body = JSON.stringify({ data: null, errors: [{ message: TEXT, extensions: { code: 'UNAUTHENTICATED' } }] })
    expect(classify({ statusCode: 200, message: body })).toMatchObject({ cause: 'expired', ruleId: 'lexicon.expired' })
    expect(classify({ statusCode: 200, attributes: { 'http.response.body': body } })).toMatchObject({ cause: 'expired' })
  })

  it('leaves a GraphQL 200 alone when its errors are not about authentication', () => {
    const body = JSON.stringify({ errors: [{ message: "field 'orders' not found in type: 'query_root'", extensions: { code: 'validation-failed' } }] })
    expect(classify({ statusCode: 200, message: body }).cause).toBe('')
  })

  it('does not turn a successful call into a failure because its log line says "expired"', () => {
    expect(classify({ statusCode: 200, message: 'refreshed a token that had expired' }).cause).toBe('')
    expect(classify({ statusCode: 200, attributes: { 'exception.message': 'cache entry expired' } }).cause).toBe('')
  })

  it('matches a structured rule on the same value found in an errors[] entry or another attribute', () => {
    const viaGraphql = classify({ statusCode: 200, message: JSON.stringify({ errors: [{ message: 'denied', extensions: { code: 'user_not_found' } }] }) })
    expect(viaGraphql).toMatchObject({ cause: 'unknown_sub', detail: 'user', ruleId: 'supabase.error_code.user_not_found' })
    expect(viaGraphql.evidence).toContain('found in the error body')
    const viaAttribute = classify({ attributes: { 'auth.error_code': 'ERR_JWT_EXPIRED' } })
    expect(viaAttribute).toMatchObject({ cause: 'expired', ruleId: 'jose.code.expired' })
  })

  it('applies pack message rules to text found outside the message', () => {
    expect(classify({ attributes: { 'error.message': 'User from sub claim in JWT does not exist' } }))
      .toMatchObject({ cause: 'unknown_sub', ruleId: 'supabase.msg.user_from_sub_missing' })
  })

  it('reads a WWW-Authenticate challenge under any header attribute name', () => {
    expect(classify({ attributes: { 'http.response.header.WWW-Authenticate': 'Bearer error="insufficient_scope", scope="orders:write"' } }))
      .toMatchObject({ cause: 'insufficient_scope', detail: 'scope', ruleId: 'rfc6750.error.insufficient_scope' })
  })
})

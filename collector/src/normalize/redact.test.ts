import { describe, expect, it } from 'vitest'
import { REDACTED, REDACTED_JWT, RedactionConfigSchema } from '@claimcheck/shared'
import { makeJwt } from '../otlp/sdk-fixtures.ts'
import { Redactor, SUMMARY_COUNT_KEY, SUMMARY_KEYS_KEY, type RedactionRule } from './redact.ts'

const JWT = makeJwt({ sub: 'user-42', iss: 'https://idp.example.com/', exp: 1700003600 })
const [HEADER, PAYLOAD, SIGNATURE] = JWT.split('.') as [string, string, string]
const OPAQUE = 'Zx81Kq0PwL3mN7tR2vB9cY4hJ6sD1fG5'

function redactorWithLog(config = {}) {
  const seen: [string, RedactionRule][] = []
  return { redactor: new Redactor(RedactionConfigSchema.parse(config), (field, rule) => seen.push([field, rule])), seen }
}

describe('Redactor.isBlockedKey', () => {
  const r = new Redactor()
  it('blocks credential keys of every usual spelling, case-insensitively', () => {
    for (const key of ['Authorization', 'http.request.header.authorization', 'Proxy-Authorization', 'http.request.header.proxy_authorization',
      'Cookie', 'http.response.header.set-cookie', 'x-api-key', 'X-API-Key', 'apikey', 'api_key', 'http.request.header.x-api-key',
      'access_token', 'id_token', 'refresh_token', 'token', 'x-auth-token', 'X-Amz-Security-Token', 'password', 'db.password', 'client_secret',
      'private_key', 'JSESSIONID', 'session_id', 'X-Amz-Signature', 'client_assertion']) {
      expect(r.isBlockedKey(key), key).toBe(true)
    }
  })
  it('leaves the keys classification reads alone', () => {
    for (const key of ['', 'http.request.method', 'http.route', 'error', 'error_code', 'code', 'www-authenticate', 'http.response.header.www-authenticate',
      'exception.message', 'cookies', 'authorization.scheme', 'user_agent', 'keyboard', 'tokens_used', 'jwt.error']) {
      expect(r.isBlockedKey(key), key).toBe(false)
    }
  })
  it('honours allowedKeys and custom patterns', () => {
    const custom = new Redactor(RedactionConfigSchema.parse({ blockedKeyPatterns: ['^tenant_pin$'], allowedKeys: ['X-Api-Key'] }))
    expect(custom.isBlockedKey('tenant_pin')).toBe(true)
    expect(custom.isBlockedKey('x-api-key')).toBe(false)
    expect(new Redactor(RedactionConfigSchema.parse({ allowedKeys: ['x-api-key'] })).isBlockedKey('X-API-KEY')).toBe(false)
  })
})

describe('Redactor.text', () => {
  const r = new Redactor()
  const t = (s: string) => r.text(s, 'test')

  it.each([
    ['a bare JWT', JWT, REDACTED_JWT],
    ['a JWT in prose', `token ${JWT} rejected: jwt expired`, `token ${REDACTED_JWT} rejected: jwt expired`],
    ['a padded JWT', `${HEADER}=.${PAYLOAD}==.${SIGNATURE}`, REDACTED_JWT],
    ['a JWT whose header is not eyJ', `${Buffer.from('{ "alg": "HS256" }').toString('base64url')}.${PAYLOAD}.${SIGNATURE}`, REDACTED_JWT],
    ['a JWT after a long dotted word', `verylongprefix.${JWT}`, `verylongprefix.${REDACTED_JWT}`],
    ['a JWE', 'eyJhbGciOiJSU0EtT0FFUCJ9.a2V5.aXY.Y2lwaGVy.dGFn', REDACTED_JWT],
    ['%2E-encoded dots', `/cb?jwt=${JWT.replace(/\./g, '%2E')}`, `/cb?jwt=${REDACTED_JWT}`],
    ['double-encoded dots', `t=${JWT.replace(/\./g, '%252E')}`, `t=${REDACTED_JWT}`],
    ['JSON-escaped dots', `{"t":"${JWT.replace(/\./g, '\\u002e')}"}`, `{"t":"${REDACTED_JWT}"}`],
    ['a lone JWT header segment', HEADER, REDACTED],
    ['a lone JWT payload segment', `payload=${PAYLOAD};`, `payload=${REDACTED};`],
    ['an opaque bearer', 'auth failed for Bearer mF_9.B5f-4.1JqM', `auth failed for Bearer ${REDACTED}`],
    ['an Authorization header line', 'Authorization: Bearer mF_9.B5f-4.1JqM', `Authorization: ${REDACTED}`],
    ['an opaque bearer followed by a quote', '{"authorization":"Bearer abc123opaque"}', `{"authorization":"${REDACTED}"}`],
    ['an opaque bearer in prose followed by a quote', 'sent "Bearer abc123opaque" twice', `sent "Bearer ${REDACTED}" twice`],
    ['Basic credentials', 'login with Basic dXNlcjpwYXNzd29yZA== failed', `login with Basic ${REDACTED} failed`],
    ['access_token in a URL', `https://api.example.com/cb?access_token=abc123&x=1`, `https://api.example.com/cb?access_token=${REDACTED}&x=1`],
    ['id_token and code in a fragment', '/cb#id_token=abc.def&code=SplxlOBeZQQYbYS6WxSbIA&state=xyz', `/cb#id_token=${REDACTED}&code=${REDACTED}&state=xyz`],
    ['refresh_token in a form body', 'grant_type=refresh_token&refresh_token=tGzv3JOkF0XG5Qx2TlKWIA', `grant_type=refresh_token&refresh_token=${REDACTED}`],
    ['an api key in a query', '/v1/data?apikey=k123&limit=5', `/v1/data?apikey=${REDACTED}&limit=5`],
    ['URL user-info', 'https://admin:hunter2@db.internal:5432/x', `https://${REDACTED}@db.internal:5432/x`],
    ['JSON fields', '{"password": "hunter2", "user": "bob"}', `{"password": "${REDACTED}", "user": "bob"}`],
    ['header dump lines', 'GET / HTTP/1.1\r\nX-Api-Key: k-123-456\r\nAccept: */*', `GET / HTTP/1.1\r\nX-Api-Key: ${REDACTED}\r\nAccept: */*`],
    ['a cookie header line', 'Cookie: session=abc; theme=dark', `Cookie: ${REDACTED}`],
    ['an opaque high-entropy key', `key ${OPAQUE} used`, `key ${REDACTED} used`],
    ['base64 of a bearer header', Buffer.from('Bearer abc123opaque').toString('base64'), REDACTED],
    ['a PEM private key', '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----', REDACTED],
    ['an AWS access key id', 'using AKIAIOSFODNN7EXAMPLE now', `using ${REDACTED} now`],
    ['a GitHub token', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', REDACTED],
  ])('masks %s', (_name, input, expected) => {
    expect(t(input)).toBe(expected)
  })

  it.each([
    'Bearer error="invalid_token", error_description="The access token expired"',
    'Basic realm="api"',
    'verify bearer token',
    'missing Bearer authentication scheme',
    'got Authorization: Bearer undefined',
    'invalid token: jwt expired',
    'Token: signature verification failed',
    '{"error":"invalid_token","error_code":"user_not_found","code":401}',
    'error code=401 for /api/v1/orders/listAllOrdersForCustomer',
    'GET /api/v1/orders/5b8efff798038103d269b633813fc60c',
    'OrderService2FrontendGatewayPrimary',
    'org.springframework.security.oauth2.jwt.JwtValidationException: An error occurred while attempting to decode the Jwt',
    '00-5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174-01',
    '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
    'https://api.example.com/users?page=2&state=active',
    '',
  ])('leaves %j alone', (input) => {
    expect(t(input)).toBe(input)
  })

  it('applies configured value patterns', () => {
    const custom = new Redactor(RedactionConfigSchema.parse({ blockedValues: ['\\bPIN-\\d{4}\\b'] }))
    expect(custom.text('user PIN-1234 entered', 'x')).toBe(`user ${REDACTED} entered`)
  })
})

describe('Redactor attributes, keys and values', () => {
  it('masks values under blocked keys whole, including non-string values', () => {
    const { redactor, seen } = redactorWithLog()
    expect(redactor.attribute('http.request.header.authorization', '["Bearer abc"]', 'http.request.header.authorization')).toBe(REDACTED)
    expect(redactor.attribute('Set-Cookie', '', 'Set-Cookie')).toBe('')
    expect(redactor.value('pin_password', 1234n, 'pin_password')).toBe(REDACTED)
    expect(redactor.attribute('http.route', '/users/:id', 'http.route')).toBe('/users/:id')
    expect(seen).toEqual([['http.request.header.authorization', 'key'], ['pin_password', 'key']])
  })

  it('masks keys that are themselves tokens', () => {
    const { redactor, seen } = redactorWithLog()
    expect(redactor.key(`seen.${JWT}`)).toBe(`seen.${REDACTED_JWT}`)
    expect(redactor.key(`seen.${JWT}`)).toBe(`seen.${REDACTED_JWT}`)
    expect(seen).toEqual([['attribute_key', 'jwt'], ['attribute_key', 'jwt']])
  })

  it('masks inside kvlists and arrays, and bytes that hold a credential', () => {
    const r = new Redactor()
    const value = { kvlist: [{ key: 'headers', value: { kvlist: [{ key: 'X-Api-Key', value: 'k' }, { key: 'accept', value: '*/*' }] } },
      { key: 'list', value: [`Bearer ${JWT}`, 'ok'] }, { key: 'raw', value: new TextEncoder().encode(`token=${JWT}`) }] }
    expect(r.value('body', value, 'body')).toEqual({ kvlist: [{ key: 'headers', value: { kvlist: [{ key: 'X-Api-Key', value: REDACTED }, { key: 'accept', value: '*/*' }] } },
      { key: 'list', value: [`Bearer ${REDACTED_JWT}`, 'ok'] }, { key: 'raw', value: REDACTED }] })
    const clean = { kvlist: [{ key: 'a', value: 'b' }] }
    expect(r.value('body', clean, 'body')).toBe(clean)
  })

  it('adds summary attributes when configured', () => {
    const r = new Redactor(RedactionConfigSchema.parse({ summary: 'debug' }))
    r.startRecord()
    r.attribute('password', 'x', 'password')
    r.text(`t ${JWT}`, 'body')
    const attrs: Record<string, string> = {}
    r.summarize(attrs)
    expect(attrs).toEqual({ [SUMMARY_COUNT_KEY]: '2', [SUMMARY_KEYS_KEY]: 'body,password' })
    r.startRecord()
    const none: Record<string, string> = {}
    r.summarize(none)
    expect(none).toEqual({})
  })
})

describe('Redactor memo of clean texts', () => {
  it('masks and counts a credential every time it comes, between clean texts seen before', () => {
    const { redactor, seen } = redactorWithLog()
    const agent = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)'
    const message = `token rejected: ${JWT}`
    for (let round = 0; round < 3; round++) {
      expect(redactor.attribute('user_agent.original', agent, 'user_agent.original')).toBe(agent)
      expect(redactor.attribute('error', message, 'error')).toBe(`token rejected: ${REDACTED_JWT}`)
    }
    expect(seen.filter(([field]) => field === 'error')).toHaveLength(3)
    expect(seen.filter(([field]) => field === 'user_agent.original')).toHaveLength(0)
  })
  it('still masks a text that only differs from a clean one by a credential', () => {
    const r = new Redactor()
    expect(r.text('request failed for client', 'message')).toBe('request failed for client')
    expect(r.text(`request failed for client ${OPAQUE}`, 'message')).not.toContain(OPAQUE)
  })
})

describe('Redactor on url.query (a query string without its `?`)', () => {
  it('masks an OAuth code that reads like words to the opaque detector (leaked by the at-rest test)', () => {
    const r = new Redactor()
    expect(r.attribute('url.query', 'code=NYFxp9jazingDFJtafmDNv&state=xyz', 'url.query')).toBe('code=[REDACTED]&state=xyz')
    expect(r.attribute('url.query', 'state=xyz&code=NYFxp9jazingDFJtafmDNv', 'url.query')).toBe('state=xyz&code=[REDACTED]')
  })
  it('leaves an error code in prose alone', () => {
    const r = new Redactor()
    expect(r.text('upstream failed with code=E1234 after 3 tries', 'message')).toBe('upstream failed with code=E1234 after 3 tries')
  })
})

import { describe, expect, it } from 'vitest'
import { TokenFactsSchema } from '@claimcheck/shared'
import { makeJwt } from '../otlp/sdk-fixtures.ts'
import {
  REDACTED, REDACTED_JWT, TokenScan, bearerToken, decodeTokenFacts, findJwt, isSecretKey, redactAttribute, redactText,
} from './redact.ts'

const JWT = makeJwt({
  sub: 'user-42', iss: 'https://idp.example.com/', aud: 'api', exp: 1700003600, nbf: 1700000000, iat: 1700000000,
  jti: 'j1', scope: 'read:users write:users', azp: 'web-app', tid: 'tenant-7',
})

describe('isSecretKey', () => {
  it('matches credential headers by suffix, case-insensitively', () => {
    for (const key of ['Authorization', 'authorization', 'Proxy-Authorization', 'http.request.header.authorization',
      'http.request.header.proxy_authorization', 'Cookie', 'http.request.header.cookie', 'Set-Cookie', 'http.response.header.set-cookie']) {
      expect(isSecretKey(key), key).toBe(true)
    }
    for (const key of ['', 'auth', 'http.request.method', 'cookies', 'authorization.scheme', 'user_agent']) expect(isSecretKey(key), key).toBe(false)
  })
})

describe('redactAttribute', () => {
  it('replaces credential header values entirely', () => {
    expect(redactAttribute('http.request.header.authorization', '["Bearer abc"]')).toBe(REDACTED)
    expect(redactAttribute('Cookie', 'session=s3cr3t')).toBe(REDACTED)
    expect(redactAttribute('Set-Cookie', '')).toBe('')
    expect(redactAttribute('http.route', '/users/:id')).toBe('/users/:id')
  })
})

describe('redactText', () => {
  it('replaces JWTs anywhere in text, bearer credentials, and leaves clean text untouched', () => {
    expect(redactText(JWT)).toBe(REDACTED_JWT)
    expect(redactText(`token ${JWT} rejected: jwt expired`)).toBe(`token ${REDACTED_JWT} rejected: jwt expired`)
    expect(redactText(`GET /cb?access_token=${JWT}&x=1`)).toBe(`GET /cb?access_token=${REDACTED_JWT}&x=1`)
    expect(redactText(`Authorization: Bearer ${JWT}`)).toBe(`Authorization: Bearer ${REDACTED_JWT}`)
    expect(redactText('auth failed for bearer opaque.token-123== at gateway')).toBe(`auth failed for bearer ${REDACTED} at gateway`)
    expect(redactText('{"error":"invalid_token"}')).toBe('{"error":"invalid_token"}')
    expect(redactText('')).toBe('')
  })

  it('redacts opaque bearer credentials but not prose about bearer tokens', () => {
    expect(redactText('Authorization: Bearer mF_9.B5f-4.1JqM')).toBe(`Authorization: Bearer ${REDACTED}`)
    expect(redactText('Bearer AbCdEfGhIjKlMnOpQrSt')).toBe(`Bearer ${REDACTED}`)
    expect(redactText('Bearer 0123456789')).toBe(`Bearer ${REDACTED}`)
    expect(redactText('verify bearer token')).toBe('verify bearer token')
    expect(redactText('missing Bearer authentication scheme')).toBe('missing Bearer authentication scheme')
    expect(redactText('got Authorization: Bearer undefined')).toBe('got Authorization: Bearer undefined')
  })

  it('redacts JWE compact serializations', () => {
    const jwe = 'eyJhbGciOiJSU0EtT0FFUCJ9.a2V5.aXY.Y2lwaGVy.dGFn'
    expect(redactText(`x ${jwe} y`)).toBe(`x ${REDACTED_JWT} y`)
  })
})

describe('findJwt / bearerToken', () => {
  it('extracts tokens', () => {
    expect(findJwt(`prefix ${JWT}, suffix`)).toBe(JWT)
    expect(findJwt('no token here')).toBeUndefined()
    expect(bearerToken(`Bearer ${JWT}`)).toBe(JWT)
    expect(bearerToken(`  bearer   ${JWT} `)).toBe(JWT)
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBe('')
    expect(bearerToken('Bearer')).toBe('')
    expect(bearerToken('BearerX abc')).toBe('')
  })
})

describe('decodeTokenFacts', () => {
  it('decodes header and claims into TokenFacts without verifying', () => {
    const facts = decodeTokenFacts(JWT)
    expect(TokenFactsSchema.parse(facts)).toEqual(facts)
    expect(facts).toEqual({
      present: true, malformed: false,
      claims: {
        sub: 'user-42', iss: 'https://idp.example.com/', aud: ['api'], exp: 1700003600, nbf: 1700000000, iat: 1700000000,
        jti: 'j1', scopes: ['read:users', 'write:users'], clientId: 'web-app', tenant: 'tenant-7', kid: 'key-1', alg: 'RS256',
      },
    })
  })

  it('reads the claim variants: aud arrays, scp/scopes, client_id/cid/appid, namespaced tenant', () => {
    expect(decodeTokenFacts(makeJwt({ aud: ['a', 'b', 3], scp: ['x', 'y'], cid: 'c1' })).claims).toMatchObject({ aud: ['a', 'b'], scopes: ['x', 'y'], clientId: 'c1' })
    expect(decodeTokenFacts(makeJwt({ scopes: 'p q', appid: 'app', 'https://example.com/tenant': 't9' })).claims).toMatchObject({ scopes: ['p', 'q'], clientId: 'app', tenant: 't9' })
    expect(decodeTokenFacts(makeJwt({ client_id: 'cc', org_id: 'org' }, { alg: 'none' })).claims).toEqual({ aud: [], scopes: [], clientId: 'cc', tenant: 'org', alg: 'none' })
  })

  it('marks anything that is not a compact JWS as malformed', () => {
    for (const bad of ['opaque-token', 'a.b', 'a.b.c', `${JWT}.extra.parts`, 'eyJub3QganNvbg.eyJ9.x', `${JWT.split('.')[0]}..sig`]) {
      expect(decodeTokenFacts(bad), bad).toEqual({ present: true, malformed: true })
    }
  })
})

describe('TokenScan', () => {
  it('prefers the Authorization bearer, else the first JWT anywhere, and reports malformed bearers', () => {
    const scan = new TokenScan()
    scan.see('note', `see ${makeJwt({ sub: 'other' })}`)
    scan.see('http.request.header.authorization', `Bearer ${JWT}`)
    expect(scan.facts().claims?.sub).toBe('user-42')
    expect(scan.reset().facts()).toEqual({ present: false, malformed: false })
    scan.see('Authorization', 'Bearer not-a-jwt')
    expect(scan.facts()).toEqual({ present: true, malformed: true })
    scan.reset().see('Authorization', 'Basic dXNlcjpwYXNz')
    expect(scan.facts()).toEqual({ present: false, malformed: false })
    scan.reset().see('message', `token=${JWT}`)
    expect(scan.facts().claims?.sub).toBe('user-42')
  })
})

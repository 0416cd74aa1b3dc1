import { describe, expect, it } from 'vitest'
import { TokenFactsSchema } from '@claimcheck/shared'
import { makeJwt } from '../otlp/sdk-fixtures.ts'
import { TokenScan, bearerToken, decodeTokenFacts, findJwt } from './token-decode.ts'

const JWT = makeJwt({
  sub: 'user-42', iss: 'https://idp.example.com/', aud: 'api', exp: 1700003600, nbf: 1700000000, iat: 1700000000,
  jti: 'j1', scope: 'read:users write:users', azp: 'web-app', tid: 'tenant-7',
})

describe('findJwt / bearerToken', () => {
  it('extracts tokens', () => {
    expect(findJwt(`prefix ${JWT}, suffix`)).toBe(JWT)
    expect(findJwt('no token here')).toBeUndefined()
    expect(findJwt(`/cb?access_token=${JWT.replace(/\./g, '%2E')}`)).toBe(JWT)
    expect(findJwt(`x ${JWT.split('.').map((p) => `${p}==`).join('.')} y`)).toBe(JWT)
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

  it('decodes a padded token with a string exp (the shared decoder: issue 18)', () => {
    const padded = makeJwt({ sub: 'u1', exp: '1700000000' }).split('.').map((p) => p.padEnd(Math.ceil(p.length / 4) * 4, '=')).join('.')
    expect(decodeTokenFacts(padded)).toMatchObject({ present: true, malformed: false, claims: { sub: 'u1', exp: 1_700_000_000 } })
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

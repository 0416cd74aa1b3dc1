import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose'

/**
 * Test identity provider: real RS256/ES256 keys made with jose, a JWKS served over node:http that
 * can be switched down, slow or broken, and tokens signed with published or unpublished keys.
 */

export const ISSUER = 'https://idp.test.example'
export const AUDIENCE = 'orders-api'

export interface TestKey {
  kid: string
  alg: 'RS256' | 'ES256'
  privateKey: CryptoKey
  jwk: JWK
}

export type JwksMode = 'ok' | 'down' | 'slow' | 'invalid'

export interface TestIdp {
  url: string
  keys: { rs: TestKey; es: TestKey; unpublished: TestKey; impostor: TestKey }
  mode: JwksMode
  /** JWKS requests served. */
  fetches: number
  /** Each JWKS request as `url headers-json`, to prove what was (not) sent. */
  requests: string[]
  publish(key: TestKey): void
  sign(claims?: JWTPayload & { scope?: string }, options?: { key?: TestKey; header?: Record<string, unknown> }): Promise<string>
  close(): Promise<void>
}

async function makeKey(kid: string, alg: 'RS256' | 'ES256'): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true })
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } }
}

/** `kids` names the published RS256 and ES256 keys and the unpublished one. */
export async function startTestIdp(kids: { rs?: string; es?: string; unpublished?: string } = {}): Promise<TestIdp> {
  const rs = await makeKey(kids.rs ?? 'rs-1', 'RS256')
  const es = await makeKey(kids.es ?? 'es-1', 'ES256')
  const unpublished = await makeKey(kids.unpublished ?? 'rs-2', 'RS256')
  // Same kid as a published key, different key material: its signatures never verify.
  const impostor = await makeKey(rs.kid, 'RS256')
  const published: JWK[] = [rs.jwk, es.jwk]
  const server: Server = createServer((req, res) => {
    idp.fetches++
    idp.requests.push(`${req.url} ${JSON.stringify(req.headers)}`)
    if (idp.mode === 'down') return void res.writeHead(503, { 'retry-after': '30' }).end('unavailable')
    if (idp.mode === 'invalid') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"keys": "nope"}')
    const send = () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published }))
    if (idp.mode === 'slow') return void setTimeout(send, 1_500)
    send()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`
  const idp: TestIdp = {
    url,
    keys: { rs, es, unpublished, impostor },
    mode: 'ok',
    fetches: 0,
    requests: [],
    publish: (key) => void published.push(key.jwk),
    async sign(claims = {}, options = {}) {
      const key = options.key ?? rs
      const now = Math.floor(Date.now() / 1000)
      return new SignJWT({ iss: ISSUER, aud: AUDIENCE, sub: 'u-1', iat: now - 60, nbf: now - 60, exp: now + 3600, scope: 'orders:read', ...claims })
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt', ...options.header })
        .sign(key.privateKey)
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
  return idp
}

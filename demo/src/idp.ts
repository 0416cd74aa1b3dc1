import { randomUUID } from 'node:crypto'
import express, { type Router } from 'express'
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose'
import { z } from 'zod'
import { epochSeconds, systemClock, type Clock } from './clock.ts'
import type { UserDirectory } from './directory.ts'

export const SIGNING_ALGS = ['RS256', 'ES256'] as const
export type SigningAlg = (typeof SIGNING_ALGS)[number]

/** The demo issuer. Fixed, not the loopback URL, so live traffic and backfilled history agree. */
export const DEMO_ISSUER = 'https://idp.demo.claimcheck.test'

interface SigningKey {
  kid: string
  alg: SigningAlg
  privateKey: CryptoKey
  publicJwk: JWK
  /** In the JWKS. A key rotated in without publishing signs tokens no gateway can verify. */
  published: boolean
}

export interface IssueRequest {
  sub: string
  tenant: string
  clientId: string
  scopes: readonly string[]
  audience: string | string[]
  /** Default RS256. */
  alg?: SigningAlg
  /** Lifetime. Default 3,600 s. */
  ttlSeconds?: number
  /** Seconds added to the issuer's clock for this token: an IdP replica whose clock drifted. */
  clockOffsetSeconds?: number
  /** Issue the token as if this many seconds ago: a token a client obtained long ago and kept. */
  issuedSecondsAgo?: number
  /** Ties the token to a session the IdP can revoke (Supabase's `session_id` claim); default a new one. */
  sessionId?: string
}

export interface IdentityProviderOptions {
  issuer?: string
  clock?: Clock
}

/**
 * A small but real OpenID-style identity provider: RS256 and ES256 signing keys, a JWKS,
 * token issuance with `jose`, key rotation, sessions that can be revoked, and switches that
 * break it the way real IdPs break (JWKS down, a key rotated in without being published).
 */
export class IdentityProvider {
  readonly issuer: string
  /** When false the JWKS endpoint answers 503, as during an IdP outage. */
  jwksAvailable = true
  private readonly clock: Clock
  private readonly keys: SigningKey[] = []
  private readonly active = new Map<SigningAlg, SigningKey>()
  /** Signed-in sessions: id → tenant. A revoked session is removed (Supabase: "session not found"). */
  private readonly sessions = new Map<string, { tenant: string; revoked: boolean }>()
  private generation = 0

  private constructor(options: IdentityProviderOptions) {
    this.issuer = options.issuer ?? DEMO_ISSUER
    this.clock = options.clock ?? systemClock
  }

  static async create(options: IdentityProviderOptions = {}): Promise<IdentityProvider> {
    const idp = new IdentityProvider(options)
    await idp.rotate()
    return idp
  }

  /** The public keys gateways verify with (RFC 7517 JWK Set). */
  jwks(): { keys: JWK[] } {
    return { keys: this.keys.filter((key) => key.published).map((key) => key.publicJwk) }
  }

  /** Kids currently signing, by algorithm. */
  activeKids(): Record<SigningAlg, string> {
    return Object.fromEntries(SIGNING_ALGS.map((alg) => [alg, this.active.get(alg)!.kid])) as Record<SigningAlg, string>
  }

  /**
   * New signing keys for every algorithm. Old keys stay in the JWKS so tokens already issued
   * keep verifying. With `publish: false` the new keys sign but are missing from the JWKS:
   * the "rotated the key, forgot the JWKS" incident.
   */
  async rotate(options: { publish?: boolean } = {}): Promise<string[]> {
    this.generation++
    const created: string[] = []
    for (const alg of SIGNING_ALGS) {
      const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true })
      const kid = `${alg.toLowerCase()}-${this.generation}-${randomUUID().slice(0, 8)}`
      const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' }
      const key: SigningKey = { kid, alg, privateKey, publicJwk, published: options.publish ?? true }
      this.keys.push(key)
      this.active.set(alg, key)
      created.push(kid)
    }
    return created
  }

  /** Adds every unpublished key to the JWKS (the fix for a rotation without JWKS update). */
  publishPendingKeys(): string[] {
    const pending = this.keys.filter((key) => !key.published)
    for (const key of pending) key.published = true
    return pending.map((key) => key.kid)
  }

  /** Signs an access token (RFC 9068 shape: `at+jwt`, `scope`, `client_id`/`azp`). */
  async issue(request: IssueRequest): Promise<string> {
    const key = this.active.get(request.alg ?? 'RS256')!
    const now = epochSeconds(this.clock.now()) + (request.clockOffsetSeconds ?? 0) - (request.issuedSecondsAgo ?? 0)
    return new SignJWT({
      scope: request.scopes.join(' '),
      client_id: request.clientId,
      azp: request.clientId,
      tenant_id: request.tenant,
      role: 'authenticated',
      session_id: request.sessionId ?? this.openSession(request.tenant),
    })
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt' })
      .setIssuer(this.issuer)
      .setSubject(request.sub)
      .setAudience(request.audience)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + (request.ttlSeconds ?? 3600))
      .setJti(randomUUID())
      .sign(key.privateKey)
  }

  /** A user signs in: a new session of `tenant`, returned by id. */
  openSession(tenant: string): string {
    const id = randomUUID()
    this.sessions.set(id, { tenant, revoked: false })
    return id
  }

  /** "Sign out everywhere" for a tenant; returns the revoked ids so they can be restored. */
  revokeTenantSessions(tenant: string): string[] {
    const revoked: string[] = []
    for (const [id, session] of this.sessions) {
      if (session.tenant === tenant && !session.revoked) {
        session.revoked = true
        revoked.push(id)
      }
    }
    return revoked
  }

  /** One user signs out (or an admin ends one session). */
  revokeSession(sessionId: string): void {
    const session = this.sessions.get(sessionId)
    if (session) session.revoked = true
  }

  restoreSessions(sessionIds: Iterable<string>): void {
    for (const id of sessionIds) {
      const session = this.sessions.get(id)
      if (session) session.revoked = false
    }
  }

  isSessionActive(sessionId: string): boolean {
    const session = this.sessions.get(sessionId)
    return session !== undefined && !session.revoked
  }
}

const TokenRequestSchema = z.object({
  client_id: z.string().min(1),
  sub: z.string().min(1),
  scope: z.string().default(''),
  audience: z.string().min(1),
  alg: z.enum(SIGNING_ALGS).optional(),
  expires_in: z.coerce.number().int().positive().max(86_400).optional(),
})

/**
 * The IdP's HTTP face: discovery, JWKS and a demo token endpoint (no client secrets: it only
 * mints tokens for users of the demo directory).
 */
export function createIdpRouter(idp: IdentityProvider, directory: UserDirectory, baseUrl: () => string): Router {
  const router = express.Router()
  router.get('/.well-known/openid-configuration', (_req, res) => {
    res.json({
      issuer: idp.issuer,
      jwks_uri: `${baseUrl()}/.well-known/jwks.json`,
      token_endpoint: `${baseUrl()}/oauth/token`,
      id_token_signing_alg_values_supported: [...SIGNING_ALGS],
    })
  })
  router.get('/.well-known/jwks.json', (_req, res) => {
    if (!idp.jwksAvailable) {
      res.status(503).set('Retry-After', '30').json({ error: 'temporarily_unavailable' })
      return
    }
    res.set('Cache-Control', 'public, max-age=60').json(idp.jwks())
  })
  router.post('/oauth/token', express.json(), async (req, res) => {
    const parsed = TokenRequestSchema.safeParse(req.body ?? {})
    if (!parsed.success) {
      res.status(400).json({ error: 'invalid_request', error_description: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') })
      return
    }
    const user = directory.get(parsed.data.sub)
    if (!user || user.status !== 'active') {
      res.status(400).json({ error: 'invalid_grant', error_description: 'Unknown or disabled user' })
      return
    }
    const ttl = parsed.data.expires_in ?? 3600
    const token = await idp.issue({
      sub: user.id, tenant: user.tenant, clientId: parsed.data.client_id, audience: parsed.data.audience,
      scopes: parsed.data.scope.split(' ').filter(Boolean), alg: parsed.data.alg, ttlSeconds: ttl,
    })
    res.set('Cache-Control', 'no-store').json({ access_token: token, token_type: 'Bearer', expires_in: ttl, scope: parsed.data.scope })
  })
  return router
}

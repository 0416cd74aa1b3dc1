import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose'
import { systemClock, type Clock } from '../clock.ts'
import type { DirectoryUser } from '../directory.ts'
import {
  insufficientScopeDenial, invalidTokenDenial, missingTokenDenial, sessionNotFoundDenial, userBannedDenial, userNotFoundDenial,
  type Denial,
} from './responses.ts'
import type { GatewayAuthSettings } from './routes.ts'

export type AuthOutcome =
  | { ok: true; sub: string; claims: JWTPayload }
  | { ok: false; denial: Denial; sub?: string; claims?: JWTPayload }

export interface AuthenticatorDeps {
  /** The user directory lookup done after verification (Supabase Auth's `auth.users`). */
  findUser(sub: string): DirectoryUser | undefined
  isSessionActive(sessionId: string): boolean
  clock?: Clock
}

/** The bearer token of an `Authorization` header; undefined when none or another scheme. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined
  const match = /^Bearer(?:\s+(.*))?$/i.exec(header.trim())
  return match ? (match[1] ?? '').trim() : undefined
}

/** Scopes of a verified token: `scope` (space separated, RFC 9068) or `scp` (array or string). */
export function tokenScopes(claims: JWTPayload): string[] {
  const raw = claims.scope ?? claims.scp
  if (Array.isArray(raw)) return raw.filter((item): item is string => typeof item === 'string')
  return typeof raw === 'string' ? raw.split(' ').filter(Boolean) : []
}

/**
 * Verifies bearer tokens the way a jose-based gateway does: signature against the remote JWKS,
 * issuer, audience, algorithm allow-list and clock tolerance, then the user directory, the
 * session, and the route's scopes. Settings are read on every call, so scenarios can change them.
 */
export class Authenticator {
  private jwks: ReturnType<typeof createRemoteJWKSet>
  private jwksKey: string
  private readonly clock: Clock

  constructor(
    readonly settings: GatewayAuthSettings,
    private readonly realm: string,
    private readonly deps: AuthenticatorDeps,
  ) {
    this.clock = deps.clock ?? systemClock
    this.jwksKey = ''
    this.jwks = this.remoteJwks()
  }

  async authenticate(header: string | undefined, requiredScopes: readonly string[]): Promise<AuthOutcome> {
    const token = bearerToken(header)
    if (token === undefined) return { ok: false, denial: missingTokenDenial(this.realm) }
    let claims: JWTPayload
    try {
      ;({ payload: claims } = await jwtVerify(token, this.currentJwks(), {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: this.settings.algorithms,
        clockTolerance: this.settings.clockToleranceSeconds,
        currentDate: new Date(this.clock.now()),
        requiredClaims: ['sub', 'exp'],
      }))
    } catch (error) {
      return { ok: false, denial: invalidTokenDenial(this.realm, error) }
    }
    const sub = claims.sub!
    const user = this.deps.findUser(sub)
    if (!user) return { ok: false, denial: userNotFoundDenial(), sub, claims }
    if (user.status === 'disabled') return { ok: false, denial: userBannedDenial(), sub, claims }
    if (typeof claims.session_id === 'string' && !this.deps.isSessionActive(claims.session_id)) {
      return { ok: false, denial: sessionNotFoundDenial(), sub, claims }
    }
    const granted = new Set(tokenScopes(claims))
    const missing = requiredScopes.filter((scope) => !granted.has(scope))
    if (missing.length > 0) return { ok: false, denial: insufficientScopeDenial(this.realm, requiredScopes, missing), sub, claims }
    return { ok: true, sub, claims }
  }

  /** A new key set when the JWKS settings changed (a redeploy with another URL or cache policy). */
  private currentJwks(): ReturnType<typeof createRemoteJWKSet> {
    if (this.cacheKey() !== this.jwksKey) this.jwks = this.remoteJwks()
    return this.jwks
  }

  private cacheKey(): string {
    const { jwksUrl, jwksCacheMaxAgeMs, jwksCooldownMs, jwksTimeoutMs } = this.settings
    return `${jwksUrl} ${jwksCacheMaxAgeMs} ${jwksCooldownMs} ${jwksTimeoutMs}`
  }

  private remoteJwks(): ReturnType<typeof createRemoteJWKSet> {
    this.jwksKey = this.cacheKey()
    return createRemoteJWKSet(new URL(this.settings.jwksUrl), {
      cacheMaxAge: this.settings.jwksCacheMaxAgeMs,
      cooldownDuration: this.settings.jwksCooldownMs,
      timeoutDuration: this.settings.jwksTimeoutMs,
    })
  }
}

import { timingSafeEqual } from 'node:crypto'
import type { Request, RequestHandler, Response } from 'express'
import { roleAtLeast } from '@claimcheck/shared'
import { AppError } from '../errors.ts'
import type { AuthContext } from './context.ts'
import { findPolicy } from './policy.ts'
import { actorName, type Principal } from './principal.ts'
import { csrfTokenOf } from './sessions.ts'

export const SESSION_COOKIE = 'claimcheck_session'
export const CSRF_HEADER = 'x-csrf-token'
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=')
    if (key === name) return value.join('=') || undefined
  }
  return undefined
}

/** Who sent the request: a bearer token first, then a trusted proxy's headers, then the session cookie. */
export async function authenticate(auth: AuthContext, req: Request): Promise<Principal> {
  const token = auth.tokens(req.headers.authorization)
  if (token === null) {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1]
    const made = bearer ? await auth.storedTokens.find(bearer) : null
    if (!made) throw new AppError(401, 'unauthorized', 'The API token is not valid')
    return { kind: 'api-token', name: made.name, role: made.role }
  }
  if (token) return { kind: 'api-token', name: token.name, role: token.role }
  // The TCP peer, never req.ip: X-Forwarded-For is what a client says, not where it is.
  const proxied = auth.proxy?.(req.socket.remoteAddress, req.headers)
  if (proxied) {
    if (!proxied.role) throw new AppError(403, 'no_role', `${proxied.name} has no claimcheck role: none of their groups is mapped (dashboard.auth.proxy.groupRoles)`)
    return { kind: 'proxy', name: proxied.name, email: proxied.email, role: proxied.role }
  }
  const sessionId = readCookie(req, SESSION_COOKIE)
  if (sessionId) {
    const session = await auth.sessions.find(sessionId)
    const user = session ? await auth.users.find(session.userName) : undefined
    if (session && user && !user.disabled) {
      return { kind: 'session', name: user.name, role: user.role, sessionHash: session.hash, csrfToken: csrfTokenOf(session.hash), expiresAt: session.expiresAt }
    }
  }
  return { kind: 'anonymous' }
}

/**
 * A cross-site page must not make a signed-in browser change anything. `Origin` (sent by browsers
 * on every cross-origin and every non-GET request) must be the dashboard's own or an allowed CORS
 * origin; without it, `Sec-Fetch-Site` must not say cross-site. Clients that send neither are not
 * browsers and carry no ambient credentials of a victim.
 */
export function assertSameOrigin(auth: AuthContext, req: Request): void {
  const origin = req.headers.origin
  if (origin !== undefined) {
    const own = `${req.protocol}://${req.get('host') ?? ''}`
    if (origin !== own && !auth.allowedOrigins.has(origin)) throw new AppError(403, 'csrf', `Requests from ${origin} may not change anything here`)
    return
  }
  const site = req.headers['sec-fetch-site']
  if (site !== undefined && site !== 'same-origin' && site !== 'none') throw new AppError(403, 'csrf', 'Cross-site requests may not change anything here')
}

function assertCsrfToken(req: Request, expected: string): void {
  const given = Buffer.from(String(req.headers[CSRF_HEADER] ?? ''))
  const wanted = Buffer.from(expected)
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    throw new AppError(403, 'csrf', 'Missing or wrong X-CSRF-Token header: reload the page and try again')
  }
}

function challenge(res: Response, invalid: boolean): void {
  res.setHeader('WWW-Authenticate', `Bearer realm="claimcheck"${invalid ? ', error="invalid_token"' : ''}, error_description="sign in or send an API token"`)
}

/**
 * The one guard in front of every API route: finds the route's policy (none: 404, nothing reached),
 * authenticates, checks the role, checks CSRF for browser credentials on unsafe methods, and audits
 * changes once they are answered.
 */
export function authGuard(auth: AuthContext): RequestHandler {
  return async (req, res, next) => {
    if (req.method !== 'OPTIONS') await admit(auth, req, res)
    next()
  }
}

/** What `authGuard` checks, for a route outside `/api` (`/metrics`); throws the refusal. */
export async function admit(auth: AuthContext, req: Request, res: Response): Promise<void> {
  const path = new URL(req.originalUrl, 'http://x').pathname
  const policy = findPolicy(req.method, path)
  if (!policy) throw new AppError(404, 'not_found', `No API endpoint ${req.method} ${path}`)
  let principal: Principal
  try {
    principal = await authenticate(auth, req)
  } catch (error) {
    if (error instanceof AppError && error.status === 401) challenge(res, true)
    throw error
  }
  res.locals.principal = principal
  // Registered before the checks, so refused attempts at a change are recorded too.
  if (policy.change) {
    res.once('finish', () => auth.audit.record({
      actor: actorName(principal), actorKind: principal.kind, role: principal.kind === 'anonymous' ? '' : principal.role,
      action: `${req.method} ${policy.path}`, target: targetOf(policy.path, path), status: res.statusCode,
      clientAddress: req.ip ?? '', userAgent: req.get('user-agent') ?? '',
    }))
  }
  if (policy.access !== 'public') {
    if (principal.kind === 'anonymous') {
      challenge(res, false)
      throw new AppError(401, 'unauthorized', 'Sign in, or send an API token: Authorization: Bearer <token>')
    }
    if (!roleAtLeast(principal.role, policy.access)) {
      throw new AppError(403, 'forbidden', `${req.method} ${policy.path} needs the ${policy.access} role; ${principal.name} is ${principal.role}`)
    }
    if (UNSAFE.has(req.method) && (principal.kind === 'session' || principal.kind === 'proxy')) {
      assertSameOrigin(auth, req)
      if (principal.kind === 'session') assertCsrfToken(req, principal.csrfToken)
    }
  }
}

/** The route's parameters from the request path (`name=alice`), never the body. */
function targetOf(pattern: string, path: string): string {
  const names = pattern.split('/').filter(Boolean)
  const values = path.split('/').filter(Boolean)
  return names.flatMap((part, i) => (part.startsWith(':') ? [`${part.slice(1)}=${decodeURIComponentSafe(values[i] ?? '')}`] : [])).join(' ')
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

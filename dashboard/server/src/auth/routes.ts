import type { Request } from 'express'
import {
  ApiTokenCreatedSchema, ApiTokenListSchema, AuditLogResponseSchema, SessionInfoSchema, UserListSchema, UserSchema, type SessionInfo,
} from '@claimcheck/shared'
import { sendParsed } from '../api/routes/respond.ts'
import { AppError } from '../errors.ts'
import { bindOperations } from '../http/operations.ts'
import type { AuthContext } from './context.ts'
import { assertSameOrigin, SESSION_COOKIE } from './guard.ts'
import { createLoginThrottle } from './login-throttle.ts'
import { actorName, principalOf, type Principal } from './principal.ts'
import { csrfTokenOf } from './sessions.ts'
import { assertAnotherAdmin } from './users.ts'

function sessionCookie(req: Request, value: string, maxAgeSeconds: number): string {
  // Lax, not Strict: a link from an alert notification must open the dashboard signed in; Lax still
  // keeps the cookie off every cross-site POST/PUT/DELETE and off cross-site subresource requests.
  return [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`, ...(req.secure ? ['Secure'] : [])].join('; ')
}

function sessionInfo(principal: Principal): SessionInfo {
  if (principal.kind === 'anonymous') throw new AppError(401, 'unauthorized', 'Not signed in')
  return {
    user: principal.name, role: principal.role, kind: principal.kind,
    ...(principal.kind === 'proxy' && principal.email ? { email: principal.email } : {}),
    ...(principal.kind === 'session' ? { csrfToken: principal.csrfToken, expiresAt: principal.expiresAt } : {}),
  }
}

const from = (req: Request) => ({ clientAddress: req.ip ?? '', userAgent: req.get('user-agent') ?? '' })

/** `/api/v1/auth`: sign in, sign out, who am I, change my password. */
export function authHandlers(auth: AuthContext) {
  const throttle = createLoginThrottle()
  const hours = auth.config.dashboard.auth.sessionHours
  return bindOperations({
    login: async (req, res, { body: { user: name, password } }) => {
      // A forged cross-site sign-in would put the victim in the attacker's account (login CSRF).
      assertSameOrigin(auth, req)
      const key = `${req.ip ?? ''}|${name.toLowerCase()}`
      const wait = throttle.blockedFor(key)
      if (wait > 0) {
        res.setHeader('Retry-After', String(Math.ceil(wait / 1000)))
        throw new AppError(429, 'too_many_attempts', 'Too many failed sign-ins: wait and try again')
      }
      const user = await auth.users.verify(name, password)
      if (!user) {
        throttle.failed(key)
        auth.audit.record({ actor: name, actorKind: 'session', role: '', action: 'sign-in failed', target: '', status: 401, ...from(req) })
        throw new AppError(401, 'bad_credentials', 'Wrong user name or password')
      }
      throttle.succeeded(key)
      const session = await auth.sessions.create(user.name, hours, req.ip ?? '')
      auth.audit.record({ actor: user.name, actorKind: 'session', role: user.role, action: 'sign-in', target: '', status: 200, ...from(req) })
      res.setHeader('Set-Cookie', sessionCookie(req, session.id, Math.round(hours * 3600)))
      res.set('Cache-Control', 'no-store')
      sendParsed(res, SessionInfoSchema, { user: user.name, role: user.role, kind: 'session', csrfToken: csrfTokenOf(session.hash), expiresAt: session.expiresAt })
    },
    logout: async (req, res) => {
      const principal = principalOf(res.locals)
      if (principal.kind === 'session') {
        await auth.sessions.revoke(principal.sessionHash, { userName: principal.name, expiresAt: principal.expiresAt, revoked: false })
        auth.audit.record({ actor: principal.name, actorKind: 'session', role: principal.role, action: 'sign-out', target: '', status: 204, ...from(req) })
      }
      res.setHeader('Set-Cookie', sessionCookie(req, '', 0))
      res.status(204).end()
    },
    getSession: (_req, res) => {
      res.set('Cache-Control', 'no-store')
      sendParsed(res, SessionInfoSchema, sessionInfo(principalOf(res.locals)))
    },
    changePassword: async (_req, res, { body: { currentPassword, newPassword } }) => {
      const principal = principalOf(res.locals)
      if (principal.kind !== 'session') throw new AppError(400, 'no_password', 'Only users signed in with a password have one to change')
      if (!(await auth.users.verify(principal.name, currentPassword))) throw new AppError(400, 'bad_credentials', 'The current password is wrong')
      await auth.users.update(principal.name, { password: newPassword })
      res.status(204).end()
    },
  })
}

/** `/api/v1/users`: local users, for admins. */
export function usersHandlers(auth: AuthContext) {
  return bindOperations({
    listUsers: async (_req, res) => sendParsed(res, UserListSchema, { users: await auth.users.list() }),
    createUser: async (_req, res, { body }) => {
      const user = await auth.users.create(body)
      res.status(201)
      sendParsed(res, UserSchema, user)
    },
    updateUser: async (_req, res, { params: { name }, body: update }) => {
      const current = await auth.users.find(name)
      if (current?.role === 'admin' && ((update.role && update.role !== 'admin') || update.disabled)) await assertAnotherAdmin(auth.users, name)
      sendParsed(res, UserSchema, await auth.users.update(name, update))
    },
    deleteUser: async (_req, res, { params: { name } }) => {
      if ((await auth.users.find(name))?.role === 'admin') await assertAnotherAdmin(auth.users, name)
      await auth.users.remove(name)
      res.status(204).end()
    },
  })
}

/** `/api/v1/tokens`: API tokens made by admins; the token is in the creation answer only. */
export function tokensHandlers(auth: AuthContext) {
  return bindOperations({
    listTokens: async (_req, res) => sendParsed(res, ApiTokenListSchema, { tokens: await auth.storedTokens.list() }),
    createToken: async (_req, res, { body: { name, role } }) => {
      res.status(201).set('Cache-Control', 'no-store')
      sendParsed(res, ApiTokenCreatedSchema, await auth.storedTokens.create(name, role, actorName(principalOf(res.locals))))
    },
    revokeToken: async (_req, res, { params: { id } }) => {
      await auth.storedTokens.revoke(id)
      res.status(204).end()
    },
  })
}

/** `/api/v1/audit-log`: newest first, for admins. */
export function auditLogHandlers(auth: AuthContext) {
  return bindOperations({
    listAuditLog: async (_req, res, { query }) => {
      await auth.audit.settled()
      sendParsed(res, AuditLogResponseSchema, { entries: await auth.audit.list(query) })
    },
  })
}

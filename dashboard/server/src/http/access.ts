import type { RequestHandler } from 'express'
import { createBearerAuth } from '@claimcheck/shared/node'
import { AppError } from '../errors.ts'

/**
 * Who made an API request. Today only an API token (or nobody, when the API is open); users,
 * roles and sessions will add kinds here, and handlers that need them read `res.locals.principal`.
 */
export type Principal = { kind: 'anonymous' } | { kind: 'api-token' }

/**
 * Requires a configured bearer token on every request it guards. Without tokens configured the
 * API is open and the principal is anonymous. The challenge follows RFC 6750 so clients (and the
 * dashboard, which asks for a token on this 401) know what is expected.
 */
export function requireApiToken(tokens: readonly string[]): RequestHandler {
  const check = createBearerAuth(tokens)
  const open = tokens.length === 0
  return (req, res, next) => {
    if (req.method === 'OPTIONS') return next()
    if (open) {
      res.locals.principal = { kind: 'anonymous' } satisfies Principal
      return next()
    }
    if (!check(req.headers.authorization)) {
      const error = req.headers.authorization ? 'error="invalid_token", ' : ''
      res.setHeader('WWW-Authenticate', `Bearer realm="claimcheck", ${error}error_description="an API token is required"`)
      return next(new AppError(401, 'unauthorized', req.headers.authorization ? 'The API token is not valid' : 'An API token is required: send Authorization: Bearer <token>'))
    }
    res.locals.principal = { kind: 'api-token' } satisfies Principal
    next()
  }
}

/**
 * CORS, closed by default: a browser page from another origin gets no `Access-Control-Allow-*`
 * headers, so it cannot read responses; origins in the allow-list can, with the Authorization
 * header. Same-origin requests (the dashboard) need none of this.
 */
export function corsPolicy(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins.map((origin) => new URL(origin).origin))
  return (req, res, next) => {
    const origin = req.headers.origin
    res.vary('Origin')
    if (!origin || !allowed.has(origin)) {
      if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
        return next(new AppError(403, 'cors_forbidden', `Origin ${origin ?? '(none)'} may not call this API`))
      }
      return next()
    }
    res.setHeader('Access-Control-Allow-Origin', origin)
    res.setHeader('Access-Control-Expose-Headers', 'X-Query-Id, X-Result-Truncated, X-Result-Rows, Content-Disposition')
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE')
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Accept')
      res.setHeader('Access-Control-Max-Age', '600')
      return void res.status(204).end()
    }
    next()
  }
}

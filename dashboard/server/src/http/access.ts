import type { RequestHandler } from 'express'
import { AppError } from '../errors.ts'

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
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Accept, X-CSRF-Token')
      res.setHeader('Access-Control-Max-Age', '600')
      return void res.status(204).end()
    }
    next()
  }
}

import type { Response } from 'express'

/**
 * Who to record as the author of a change: the request's principal (`res.locals.principal`, set
 * by the access middleware) as `kind` or `kind:name`. Any principal kind with a name, email or id
 * (users, service accounts) is named by it; never a credential.
 */
export function authorOf(res: Response): string {
  const principal: unknown = res.locals.principal
  if (!principal || typeof principal !== 'object') return 'unknown'
  const p = principal as Record<string, unknown>
  const kind = typeof p.kind === 'string' && p.kind ? p.kind : 'unknown'
  for (const key of ['name', 'email', 'username', 'subject', 'id']) {
    const value = p[key]
    if (typeof value === 'string' && value) return `${kind}:${value}`
  }
  return kind
}

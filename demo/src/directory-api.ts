import express, { type Router } from 'express'
import type { DirectoryRecord, UserDirectory, UserStatus } from './directory.ts'

/** A user as the directory API answers it: what claimcheck's `http` subject source reads by default. */
export interface UserResource {
  sub: string
  status: UserStatus | 'deleted'
  /** ISO 8601, only for a deleted user. */
  deletedAt?: string
  tenant: string
}

export function toUserResource(record: DirectoryRecord): UserResource {
  const { user, deletedAt } = record
  if (deletedAt === undefined) return { sub: user.id, status: user.status, tenant: user.tenant }
  return { sub: user.id, status: 'deleted', deletedAt: new Date(deletedAt).toISOString(), tenant: user.tenant }
}

/**
 * The directory's read-only user API (the shape of a user service's `GET /users/{id}`):
 * 200 with the user, deleted ones included with their deletion time, 404 for a sub it never had.
 * Editing the directory stays on the control endpoint.
 */
export function createDirectoryApiRouter(directory: UserDirectory): Router {
  const router = express.Router()
  router.get('/users/:sub', (req, res) => {
    const record = directory.lookup(req.params.sub)
    // Scenarios change the directory every minute: nothing here may be cached on the way.
    res.set('Cache-Control', 'no-store')
    if (!record) res.status(404).json({ error: 'user_not_found' })
    else res.json(toUserResource(record))
  })
  return router
}

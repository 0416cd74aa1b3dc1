import { Router } from 'express'
import type { Store } from '@claimcheck/shared/node'

export interface HealthDeps {
  store: Store
  startedAt: Date
  version: string
}

/** `GET /api/health`: 200 with the store mode and ClickHouse version once the store answers. */
export function healthRouter({ store, startedAt, version }: HealthDeps): Router {
  const router = Router()
  router.get('/', async (_req, res) => {
    try {
      const clickhouseVersion = await store.version()
      res.json({
        status: 'ok',
        version,
        store: { mode: store.mode, location: store.location, database: store.database, clickhouseVersion },
        startedAt: startedAt.toISOString(),
        uptimeSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
      })
    } catch {
      res.status(503).json({ status: 'unavailable', store: { mode: store.mode, location: store.location } })
    }
  })
  return router
}

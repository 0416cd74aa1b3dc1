import { existsSync } from 'node:fs'
import { join } from 'node:path'
import express, { type Express, type Router } from 'express'
import type { Logger } from 'pino'
import type { Config, StoreHealth } from '@claimcheck/shared'
import type { Store } from '@claimcheck/shared/node'
import { AppError, errorMiddleware } from './errors.ts'
import { corsPolicy, requireApiToken } from './http/access.ts'
import { healthRouter } from './routes/health.ts'

export interface DashboardDeps {
  store: Store
  config: Config
  logger: Logger
  version: string
  /** Directory of the built web app (`dashboard/web/dist`); the SPA is served when it exists. */
  webRoot?: string | undefined
  /** When the process started, for uptime (the status router reports the same). Default: now. */
  startedAt?: Date
  /** Extra routers mounted under `/api/v1`, by path (`/calls` → router). */
  apiRouters?: Record<string, Router>
  /** The in-process collector's store health, for /api/health. */
  storeHealth?: (() => StoreHealth) | undefined
}

export function createDashboardApp(deps: DashboardDeps): Express {
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', 'loopback')
  app.use(express.json({ limit: '1mb' }))
  app.use('/api', corsPolicy(deps.config.dashboard.corsOrigins))
  // Health stays open so load balancers and Kubernetes probes need no token.
  app.use('/api/health', healthRouter({
    store: deps.store, startedAt: deps.startedAt ?? new Date(), version: deps.version,
    reserveBytes: deps.config.collector.diskReserveMb * 1024 * 1024, storeHealth: deps.storeHealth,
  }))
  app.use('/api/v1', requireApiToken(deps.config.dashboard.apiTokens))
  for (const [path, router] of Object.entries(deps.apiRouters ?? {})) app.use(`/api/v1${path}`, router)
  app.use('/api', (req, _res, next) => next(new AppError(404, 'not_found', `No API endpoint ${req.method} ${req.originalUrl}`)))
  const webRoot = deps.webRoot
  if (webRoot && existsSync(join(webRoot, 'index.html'))) {
    app.use(express.static(webRoot, { index: false, maxAge: '1h' }))
    // Client-side routes: every other GET gets the SPA shell.
    app.get(/.*/, (_req, res) => res.sendFile(join(webRoot, 'index.html'), { maxAge: 0 }))
  } else {
    app.get('/', (_req, res) => {
      res.type('text/plain').send('claimcheck is running. The dashboard is not built: run `pnpm build`. API: /api/health\n')
    })
  }
  app.use(errorMiddleware(deps.logger))
  return app
}

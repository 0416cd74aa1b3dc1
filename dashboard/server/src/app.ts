import { existsSync } from 'node:fs'
import { join } from 'node:path'
import express, { type Express, type Router } from 'express'
import type { Logger } from 'pino'
import type { Config, StoreHealth } from '@claimcheck/shared'
import type { Store } from '@claimcheck/shared/node'
import { createAuthContext, type AuthContext } from './auth/context.ts'
import { authGuard } from './auth/guard.ts'
import { auditLogRouter, authRouter, tokensRouter, usersRouter } from './auth/routes.ts'
import { AppError, errorMiddleware } from './errors.ts'
import { corsPolicy } from './http/access.ts'
import { dashboardMetricsFor, type DashboardMetrics } from './http/metrics.ts'
import { securityHeaders } from './http/security-headers.ts'
import { healthRouter } from './routes/health.ts'
import { staticAssetsRouter } from './http/static-assets.ts'

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
  /** Users, sessions and the audit log of this process. Default: created from `store` and `config`. */
  auth?: AuthContext
  /** The in-process collector's store health, for /api/health. */
  storeHealth?: (() => StoreHealth) | undefined
  /** This process's Prometheus metrics, served at `/metrics`. Default: the store's (`dashboardMetricsFor`). */
  metrics?: DashboardMetrics
}

/** The TCP peer, not X-Forwarded-For: only a process on this machine is loopback. */
function isLoopback(address: string | undefined): boolean {
  return address !== undefined && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'))
}

export function createDashboardApp(deps: DashboardDeps): Express {
  const app = express()
  const auth = deps.auth ?? createAuthContext(deps.store, deps.config, deps.logger)
  app.disable('x-powered-by')
  // req.ip and req.secure believe X-Forwarded-* only from loopback and the configured SSO proxies.
  app.set('trust proxy', ['loopback', ...deps.config.dashboard.auth.proxy.trustedProxies])
  const metrics = deps.metrics ?? dashboardMetricsFor(deps.store)
  app.use(metrics.middleware)
  app.use(securityHeaders(deps.webRoot))
  app.use(express.json({ limit: '1mb' }))
  app.use('/api', corsPolicy(deps.config.dashboard.corsOrigins))
  // Every API request passes the one guard: route policy, authentication, role, CSRF, audit.
  app.use('/api', authGuard(auth))
  app.use('/api/health', healthRouter({
    store: deps.store, startedAt: deps.startedAt ?? new Date(), version: deps.version,
    reserveBytes: deps.config.collector.diskReserveMb * 1024 * 1024, storeHealth: deps.storeHealth,
  }))
  app.use('/api/v1/auth', authRouter(auth))
  app.use('/api/v1/users', usersRouter(auth))
  app.use('/api/v1/audit-log', auditLogRouter(auth))
  app.use('/api/v1/tokens', tokensRouter(auth))
  for (const [path, router] of Object.entries(deps.apiRouters ?? {})) app.use(`/api/v1${path}`, router)
  // Before the web app, so a scrape never gets the SPA's HTML; the guard wants a viewer (an API token).
  const loopbackScrape = deps.config.dashboard.metricsLoopbackUnauthenticated
  app.get('/metrics', (req, res, next) => (loopbackScrape && isLoopback(req.socket.remoteAddress) ? next('route') : next()), authGuard(auth), metrics.serve)
  app.get('/metrics', metrics.serve)
  app.use('/api', (req, _res, next) => next(new AppError(404, 'not_found', `No API endpoint ${req.method} ${req.originalUrl}`)))
  const webRoot = deps.webRoot
  if (webRoot && existsSync(join(webRoot, 'index.html'))) {
    app.use(staticAssetsRouter(webRoot))
  } else {
    app.get('/', (_req, res) => {
      res.type('text/plain').send('claimcheck is running. The dashboard is not built: run `pnpm build`. API: /api/health\n')
    })
  }
  app.use(errorMiddleware(deps.logger))
  return app
}

import { existsSync } from 'node:fs'
import { join } from 'node:path'
import express, { type Express } from 'express'
import type { Logger } from 'pino'
import type { Config, StoreHealth } from '@claimcheck/shared'
import type { Store } from '@claimcheck/shared/node'
import { createAuthContext, type AuthContext } from './auth/context.ts'
import { admit, authGuard } from './auth/guard.ts'
import { auditLogHandlers, authHandlers, tokensHandlers, usersHandlers } from './auth/routes.ts'
import { AppError, errorMiddleware } from './errors.ts'
import { corsPolicy } from './http/access.ts'
import { dashboardMetricsFor, type DashboardMetrics } from './http/metrics.ts'
import { bindOperations, mountOperations, type OperationHandlers } from './http/operations.ts'
import { securityHeaders } from './http/security-headers.ts'
import { healthHandlers } from './routes/health.ts'
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
  /**
   * Handlers of the contract's other operations, by operation id (`createQueryApi`, `statusHandlers`,
   * alerting's); each is served at its operation's path. The app's own: `AppOperationId`.
   */
  operations?: OperationHandlers
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

/** The operations every dashboard app answers itself: sign-in, users, tokens, audit log, health, metrics. */
function appHandlers(deps: DashboardDeps, auth: AuthContext, metrics: DashboardMetrics) {
  const loopbackScrape = deps.config.dashboard.metricsLoopbackUnauthenticated
  return {
    ...authHandlers(auth), ...usersHandlers(auth), ...auditLogHandlers(auth), ...tokensHandlers(auth),
    ...healthHandlers({
      store: deps.store, startedAt: deps.startedAt ?? new Date(), version: deps.version,
      reserveBytes: deps.config.collector.diskReserveMb * 1024 * 1024, storeHealth: deps.storeHealth,
    }),
    // Outside /api, so the guard runs here; a scrape never falls through to the SPA's HTML.
    ...bindOperations({
      getMetrics: async (req, res) => {
        if (!(loopbackScrape && isLoopback(req.socket.remoteAddress))) await admit(auth, req, res)
        await metrics.serve(res)
      },
    }),
  }
}

/** The ids of the operations `createDashboardApp` binds itself; a process passes the others in `operations`. */
export type AppOperationId = keyof ReturnType<typeof appHandlers>

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
  mountOperations(app, { ...deps.operations, ...appHandlers(deps, auth, metrics) })
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

import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dashboardListenHost } from '@claimcheck/shared'
import { createDashboardApp, type DashboardDeps } from './app.ts'

export { AppError, BadRequestError, NotFoundError, errorMiddleware, toErrorResponse, type ErrorBody } from './errors.ts'
export { createDashboardApp, type AppOperationId, type DashboardDeps } from './app.ts'
export { createQueryApi, type QueryApiOptions } from './api/index.ts'
export { statusHandlers, type MetricsSource, type StatusDeps } from './api/status.ts'
export { corsPolicy } from './http/access.ts'
export { securityHeaders } from './http/security-headers.ts'
export {
  CSRF_HEADER, ROUTE_POLICIES, generatePassword, SESSION_COOKIE, createAuthContext, ensureInitialAdmin, findPolicy, UserRepository,
  type Access, type AuthContext, type InitialAdmin, type Principal, type RoutePolicy,
} from './auth/index.ts'
export { createAlerting, readAlertsFile, type Alerting, type AlertingDeps } from './alerts/index.ts'
export { createTroubleshoot, type Troubleshoot, type TroubleshootDeps } from './troubleshoot/index.ts'

export interface DashboardServer {
  server: Server
  port: number
  host: string
  close(): Promise<void>
}

/** Starts the query API (and the SPA when built) on the configured host and port. */
export async function startDashboardServer(deps: DashboardDeps): Promise<DashboardServer> {
  const app = createDashboardApp(deps)
  const server = createServer(app)
  const { port } = deps.config.dashboard
  const { host } = dashboardListenHost(deps.config)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  return {
    server,
    port: (server.address() as AddressInfo).port,
    host,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

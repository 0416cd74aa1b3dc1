import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createDashboardApp, type DashboardDeps } from './app.ts'

export { AppError, BadRequestError, NotFoundError, errorMiddleware, toErrorResponse, type ErrorBody } from './errors.ts'
export { createDashboardApp, type DashboardDeps } from './app.ts'
export { createQueryApi, type QueryApiOptions } from './api/index.ts'
export { statusRouter, type MetricsSource, type StatusDeps } from './api/status.ts'
export { corsPolicy, requireApiToken, type Principal } from './http/access.ts'
export { alertingFor, createAlerting, type Alerting, type AlertingDeps } from './alerts/index.ts'
export { createTroubleshoot, troubleshootFor, type Troubleshoot, type TroubleshootDeps } from './troubleshoot/index.ts'

export interface DashboardServer {
  server: Server
  port: number
  close(): Promise<void>
}

/** Starts the query API (and the SPA when built) on the configured host and port. */
export async function startDashboardServer(deps: DashboardDeps): Promise<DashboardServer> {
  const app = createDashboardApp(deps)
  const server = createServer(app)
  const { host, port } = deps.config.dashboard
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
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

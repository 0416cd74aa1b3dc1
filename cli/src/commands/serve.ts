import { fileURLToPath } from 'node:url'
import type { Command } from 'commander'
import { startCollector } from '@claimcheck/collector'
import { startDashboardServer } from '@claimcheck/server'
import { CLAIMCHECK_VERSION, commandContext } from '../context.ts'
import { addCollectorOptions, addDashboardOptions, addStoreOptions } from '../options.ts'
import { listenError, openMigratedStore, stopOnSignals, type Stoppable } from '../runtime.ts'
import { startSelfTelemetry } from '../telemetry.ts'
import { apiRoutersFor, startBackgroundServices } from './services.ts'

const WEB_ROOT = fileURLToPath(new URL('../../../dashboard/web/dist', import.meta.url))

interface Roles {
  collector: boolean
  dashboard: boolean
}

/** Hooks other commands add to `start` (e.g. `--demo`), run once everything listens. */
export type AfterStartHook = (args: { options: Record<string, unknown>; httpPort: number; grpcPort: number; dashboardPort: number }) => Promise<Stoppable | undefined>
const afterStartHooks: AfterStartHook[] = []
export function onAfterStart(hook: AfterStartHook): void {
  afterStartHooks.push(hook)
}

async function serve(roles: Roles, options: Record<string, unknown>): Promise<void> {
  const { config, logger } = commandContext(options)
  const parts: Stoppable[] = []
  const store = await openMigratedStore(config, logger)
  parts.push({ name: 'store', stop: () => store.close() })
  logger.info({ mode: store.mode, location: store.location, clickhouse: await store.version() }, 'store ready')
  try {
    let httpPort = 0
    let grpcPort = 0
    if (roles.collector) {
      const collector = await startCollector({ store, config, logger }).catch((error: unknown) => {
        const port = (error as { port?: number }).port ?? config.collector.httpPort
        throw listenError(error, 'OTLP', port, port === config.collector.grpcPort ? '--otlp-grpc-port' : '--otlp-http-port')
      })
      parts.push({ name: 'collector', stop: () => collector.close() })
      const telemetry = startSelfTelemetry(config, [collector.metrics.registry])
      if (telemetry) parts.push({ name: 'telemetry', stop: () => telemetry.stop() })
      ;({ httpPort, grpcPort } = collector)
      logger.info({ http: httpPort, grpc: grpcPort }, `OTLP receivers listening on :${httpPort} (HTTP) and :${grpcPort} (gRPC)`)
    }
    let dashboardPort = 0
    if (roles.dashboard) {
      parts.push(...(await startBackgroundServices({ store, config, logger })))
      const dashboard = await startDashboardServer({
        store, config, logger, version: CLAIMCHECK_VERSION, webRoot: WEB_ROOT,
        apiRouters: await apiRoutersFor({ store, config, logger }),
      }).catch((error: unknown) => {
        throw listenError(error, 'dashboard', config.dashboard.port, '--port')
      })
      parts.push({ name: 'dashboard', stop: () => dashboard.close() })
      dashboardPort = dashboard.port
      logger.info({ port: dashboard.port }, `dashboard on http://localhost:${dashboard.port}`)
    }
    for (const hook of afterStartHooks) {
      const part = await hook({ options, httpPort, grpcPort, dashboardPort })
      if (part) parts.push(part)
    }
  } catch (error) {
    for (const part of [...parts].reverse()) await part.stop().catch(() => {})
    throw error
  }
  stopOnSignals(parts, logger)
}

export function registerServeCommands(program: Command): void {
  const start = program
    .command('start', { isDefault: true })
    .description('run collector, query API, alert evaluator and dashboard in one process (the default)')
  addDashboardOptions(addCollectorOptions(addStoreOptions(start))).action((options) => serve({ collector: true, dashboard: true }, options))

  const collector = program.command('collector').description('run only the OTLP collector (scale-out, with --clickhouse-url)')
  addCollectorOptions(addStoreOptions(collector)).action((options) => serve({ collector: true, dashboard: false }, options))

  const dashboard = program.command('dashboard').description('run only the query API, alert evaluator and dashboard (scale-out, with --clickhouse-url)')
  addDashboardOptions(addStoreOptions(dashboard)).action((options) => serve({ collector: false, dashboard: true }, options))
}

import { fileURLToPath } from 'node:url'
import type { StoreHealth } from '@claimcheck/shared'
import { startCollector } from '@claimcheck/collector'
import { collectorListenHost } from '@claimcheck/shared'
import { readAlertsFile, startDashboardServer, type MetricsSource } from '@claimcheck/server'
import { StartupError } from '@claimcheck/shared/node'
import { CLAIMCHECK_VERSION, commandContext } from '../context.ts'
import { listenError, openMigratedStore, stopOnSignals, type Stoppable } from '../runtime.ts'
import { startSelfTelemetry } from '../telemetry.ts'
import { afterStartHooks, configureHooks, type Roles } from './serve-hooks.ts'
import { announceDashboard, announceIngest, prepareSignIn } from './security.ts'
import { createDashboardServices } from './services.ts'

const WEB_ROOT = fileURLToPath(new URL('../../../dashboard/web/dist', import.meta.url))

/** Opens the store, migrates, starts the roles asked for, and stops them all on a signal. */
export async function serve(roles: Roles, options: Record<string, unknown>): Promise<void> {
  const context = commandContext(options)
  const { logger } = context
  const startedAt = new Date()
  const parts: Stoppable[] = []
  try {
    let config = context.config
    for (const hook of configureHooks) {
      const configured = await hook(config, options)
      config = configured.config
      if (configured.part) parts.push(configured.part)
    }
    // A bad alerts file stops start-up before anything listens, not after the receivers took traffic.
    // (It throws a DataFileError, a StartupError: the CLI prints its message on one line.)
    if (roles.dashboard && config.alerts.enabled && config.alerts.rulesFile) readAlertsFile(config.alerts.rulesFile)
    // In attach mode the exporter writes the raw tables: claimcheck's receivers would write into them.
    if (roles.collector && config.store.attach) {
      throw new StartupError("store.attach is set: the OpenTelemetry Collector's exporter writes otel_logs / otel_traces, so run `claimcheck attach` (derives the calls) and `claimcheck dashboard`, not the collector")
    }
    const store = await openMigratedStore(config, logger)
    parts.push({ name: 'store', stop: () => store.close() })
    logger.info({ mode: store.mode, location: store.location, clickhouse: await store.version() }, 'store ready')
    let httpPort = 0
    let grpcPort = 0
    let collectorMetrics: MetricsSource | undefined
    let onUserRulesChanged: (() => Promise<void>) | undefined
    let storeHealth: (() => StoreHealth) | undefined
    if (roles.collector) {
      const collector = await startCollector({ store, config, logger }).catch((error: unknown) => {
        const port = (error as { port?: number }).port ?? config.collector.httpPort
        throw listenError(error, 'OTLP', port, port === config.collector.grpcPort ? '--otlp-grpc-port' : '--otlp-http-port')
      })
      parts.push({ name: 'collector', stop: () => collector.close() })
      const telemetry = startSelfTelemetry(config, [collector.metrics.registry])
      if (telemetry) parts.push({ name: 'telemetry', stop: () => telemetry.stop() })
      ;({ httpPort, grpcPort } = collector)
      collectorMetrics = collector.metrics.registry
      storeHealth = () => collector.storeHealth()
      onUserRulesChanged = () => collector.refreshUserRules()
      logger.info({ http: httpPort, grpc: grpcPort, host: collectorListenHost(config).host }, `OTLP receivers listening on :${httpPort} (HTTP) and :${grpcPort} (gRPC)`)
      announceIngest(config, logger)
    }
    let dashboardPort = 0
    if (roles.dashboard) {
      await prepareSignIn(store, config, logger)
      const services = createDashboardServices({ store, config, logger })
      parts.push(...services.startBackground())
      const dashboard = await startDashboardServer({
        store, config, logger, version: CLAIMCHECK_VERSION, webRoot: config.dashboard.webRoot ?? WEB_ROOT, startedAt, storeHealth,
        operations: services.operations({ startedAt, collectorMetrics, onUserRulesChanged, storeHealth }),
      }).catch((error: unknown) => {
        throw listenError(error, 'dashboard', config.dashboard.port, '--port')
      })
      parts.push({ name: 'dashboard', stop: () => dashboard.close() })
      dashboardPort = dashboard.port
      logger.info({ port: dashboard.port, host: dashboard.host }, `dashboard on http://localhost:${dashboard.port}`)
      announceDashboard(config, logger)
    }
    for (const hook of afterStartHooks) {
      const part = await hook({ options, httpPort, grpcPort, dashboardPort, store, config, logger })
      if (part) parts.push(part)
    }
  } catch (error) {
    for (const part of [...parts].reverse()) await part.stop().catch(() => {})
    throw error
  }
  stopOnSignals(parts, logger)
}

import type { Logger } from 'pino'
import type { Config, OperationId, StoreHealth } from '@claimcheck/shared'
import type { Store } from '@claimcheck/shared/node'
import { createAlerting, createQueryApi, createTroubleshoot, statusHandlers, type AppOperationId, type MetricsSource } from '@claimcheck/server'
import { CLAIMCHECK_VERSION } from '../context.ts'
import type { Stoppable } from '../runtime.ts'

export interface ServiceDeps {
  store: Store
  config: Config
  logger: Logger
}

export interface ApiContext {
  startedAt: Date
  collectorMetrics?: MetricsSource | undefined
  /** The collector of this process, when there is one: stored rule changes reach it at once. */
  onUserRulesChanged?: (() => Promise<void>) | undefined
  storeHealth?: (() => StoreHealth) | undefined
}

/**
 * The dashboard role of one process: its alerting (rules API and evaluator) and troubleshooting
 * assistant (inspector API and JWKS poll) exist once here, so the routers and the background
 * services share their state.
 */
export function createDashboardServices(deps: ServiceDeps) {
  const alerting = createAlerting(deps)
  const troubleshoot = createTroubleshoot(deps)
  return {
    /** The handlers of every operation the dashboard app does not bind itself (typecheck fails on a missing one). */
    operations(context: ApiContext) {
      return {
        ...createQueryApi({ ...deps, onUserRulesChanged: context.onUserRulesChanged, version: CLAIMCHECK_VERSION, troubleshoot }),
        ...statusHandlers({
          store: deps.store, version: CLAIMCHECK_VERSION, startedAt: context.startedAt, collectorMetrics: context.collectorMetrics,
          storeHealth: context.storeHealth, reserveBytes: deps.config.collector.diskReserveMb * 1024 * 1024,
        }),
        ...alerting.handlers,
      } satisfies Record<Exclude<OperationId, AppOperationId>, unknown>
    },
    /** Long-running services (alert evaluator, JWKS poll), started. */
    startBackground(): Stoppable[] {
      const services: Stoppable[] = []
      const { evaluator } = alerting
      if (evaluator) {
        evaluator.start()
        services.push({ name: 'alert evaluator', stop: () => evaluator.stop() })
      }
      troubleshoot.monitor.start()
      services.push({ name: 'JWKS monitor', stop: async () => {
        await troubleshoot.monitor.stop()
        await troubleshoot.settled()
      } })
      return services
    },
  }
}

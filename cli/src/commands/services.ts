import type { Router } from 'express'
import type { Logger } from 'pino'
import type { Config, StoreHealth } from '@claimcheck/shared'
import type { Store } from '@claimcheck/shared/node'
import { alertingFor, createQueryApi, statusRouter, troubleshootFor, type MetricsSource } from '@claimcheck/server'
import { CLAIMCHECK_VERSION } from '../context.ts'
import type { Stoppable } from '../runtime.ts'

export interface ServiceDeps {
  store: Store
  config: Config
  logger: Logger
}

/** The routers mounted under /api/v1 by the dashboard server. */
export function apiRoutersFor(deps: ServiceDeps & {
  startedAt: Date
  collectorMetrics?: MetricsSource | undefined
  /** The collector of this process, when there is one: stored rule changes reach it at once. */
  onUserRulesChanged?: (() => Promise<void>) | undefined
  storeHealth?: (() => StoreHealth) | undefined
}): Record<string, Router> {
  return {
    ...createQueryApi({ ...deps, version: CLAIMCHECK_VERSION }),
    '/status': statusRouter({
      store: deps.store, version: CLAIMCHECK_VERSION, startedAt: deps.startedAt, collectorMetrics: deps.collectorMetrics,
      storeHealth: deps.storeHealth, reserveBytes: deps.config.collector.diskReserveMb * 1024 * 1024,
    }),
    '/alerts': alertingFor(deps).router,
  }
}

/** Long-running services of the dashboard role (alert evaluator, JWKS poll). */
export async function startBackgroundServices(deps: ServiceDeps): Promise<Stoppable[]> {
  const services: Stoppable[] = []
  const { evaluator } = alertingFor(deps)
  if (evaluator) {
    evaluator.start()
    services.push({ name: 'alert evaluator', stop: () => evaluator.stop() })
  }
  const { monitor, settled } = troubleshootFor(deps)
  monitor.start()
  services.push({ name: 'JWKS monitor', stop: async () => {
    await monitor.stop()
    await settled()
  } })
  return services
}

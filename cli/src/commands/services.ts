import type { Router } from 'express'
import type { Logger } from 'pino'
import type { Config } from '@claimcheck/shared'
import type { Store } from '@claimcheck/shared/node'
import { alertingFor, createQueryApi, statusRouter, type MetricsSource } from '@claimcheck/server'
import { CLAIMCHECK_VERSION } from '../context.ts'
import type { Stoppable } from '../runtime.ts'

export interface ServiceDeps {
  store: Store
  config: Config
  logger: Logger
}

/** The routers mounted under /api/v1 by the dashboard server. */
export function apiRoutersFor(deps: ServiceDeps & { startedAt: Date; collectorMetrics?: MetricsSource | undefined }): Record<string, Router> {
  return {
    ...createQueryApi({ ...deps, version: CLAIMCHECK_VERSION }),
    '/status': statusRouter({ store: deps.store, version: CLAIMCHECK_VERSION, startedAt: deps.startedAt, collectorMetrics: deps.collectorMetrics }),
    '/alerts': alertingFor(deps).router,
  }
}

/** Long-running services of the dashboard role (alert evaluator). */
export async function startBackgroundServices(deps: ServiceDeps): Promise<Stoppable[]> {
  const { evaluator } = alertingFor(deps)
  if (!evaluator) return []
  evaluator.start()
  return [{ name: 'alert evaluator', stop: () => evaluator.stop() }]
}

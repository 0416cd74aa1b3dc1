import type { Router } from 'express'
import type { Logger } from 'pino'
import type { Config } from '@claimcheck/shared'
import type { Store } from '@claimcheck/shared/node'
import { alertingFor } from '@claimcheck/server'
import type { Stoppable } from '../runtime.ts'

export interface ServiceDeps {
  store: Store
  config: Config
  logger: Logger
}

/** The routers mounted under /api/v1 by the dashboard server. */
export async function apiRoutersFor(deps: ServiceDeps): Promise<Record<string, Router>> {
  return { '/alerts': alertingFor(deps).router }
}

/** Long-running services of the dashboard role (alert evaluator). */
export async function startBackgroundServices(deps: ServiceDeps): Promise<Stoppable[]> {
  const { evaluator } = alertingFor(deps)
  if (!evaluator) return []
  evaluator.start()
  return [{ name: 'alert evaluator', stop: () => evaluator.stop() }]
}

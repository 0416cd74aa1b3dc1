import type { Logger } from 'pino'
import type { Config } from '@claimcheck/shared'
import type { Store } from '@claimcheck/shared/node'
import { dashboardMetricsFor } from '../http/metrics.ts'
import { AlertEvaluator } from './evaluator.ts'
import { AlertRepository } from './repository.ts'
import { RuleSource } from './rule-source.ts'
import { alertsHandlers } from './router.ts'
import { AlertService } from './service.ts'

export { AlertEvaluator } from './evaluator.ts'
export { AlertRepository } from './repository.ts'
export { ALERTS_FILE, readAlertsFile, RuleSource } from './rule-source.ts'
export { AlertService } from './service.ts'

export interface Alerting {
  /** The `/api/v1/alerts` operations' handlers. */
  handlers: ReturnType<typeof alertsHandlers>
  /** Undefined when `alerts.enabled` is false (another replica evaluates). */
  evaluator: AlertEvaluator | undefined
}

export interface AlertingDeps {
  store: Store
  config: Config
  logger: Logger
  clock?: () => number
}

/**
 * Alerting for one process: the `/api/v1/alerts` handlers and, when enabled, the evaluator (not yet
 * started: call `evaluator.start()`). An invalid rules file is a start-up error.
 */
export function createAlerting({ store, config, logger, clock }: AlertingDeps): Alerting {
  const repository = new AlertRepository(store)
  const source = new RuleSource(repository, config.alerts.rulesFile)
  // An invalid file throws a DataFileError, a StartupError: start-up stops with its message.
  source.init()
  const evaluator = config.alerts.enabled
    ? new AlertEvaluator({ repository, source, config: config.alerts, outbound: config.outbound, logger: logger.child({ component: 'alerts' }), clock, metrics: dashboardMetricsFor(store) })
    : undefined
  const service = new AlertService({ repository, source, config: config.alerts, evaluator, clock })
  return { handlers: alertsHandlers(service, repository), evaluator }
}

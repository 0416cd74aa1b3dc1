import type { Logger } from 'pino'
import { buildOpenApiDocument, type Config } from '@claimcheck/shared'
import type { Store } from '@claimcheck/shared/node'
import { createTroubleshoot, troubleshootHandlers, type Troubleshoot } from '../troubleshoot/index.ts'
import { bindOperations } from '../http/operations.ts'
import type { ApiDeps } from './deps.ts'
import { summaryHandlers, timeseriesHandlers, topHandlers } from './routes/aggregates.ts'
import { callsHandlers } from './routes/calls.ts'
import { queryHandlers } from './routes/query.ts'
import { savedQueriesHandlers } from './routes/saved-queries.ts'
import { subjectsHandlers, unclassifiedHandlers } from './routes/subjects.ts'
import { tracesHandlers } from './routes/traces.ts'
import { reclassifyJobsHandlers } from './routes/reclassify-jobs.ts'
import { userRulesHandlers } from './routes/user-rules.ts'
import { ReclassifyJobs } from './services/reclassify-jobs.ts'

export { chooseSource, type Question, type SourceChoice } from './sql/sources.ts'
export type { ApiDeps } from './deps.ts'
export { ReclassifyJobs } from './services/reclassify-jobs.ts'

export interface QueryApiOptions {
  store: Store
  config: Config
  logger: Logger
  /** Version shown in the OpenAPI document. */
  version?: string
  /** What `now` means in time ranges, epoch ms. Default `Date.now`. */
  now?: () => number
  /** Called after a stored user rule changed (a collector in the same process refreshes its rules). */
  onUserRulesChanged?: () => void | Promise<void>
  /** Where reclassify jobs run; default one per API. */
  reclassifyJobs?: ReclassifyJobs
  /** The process's troubleshooting assistant, shared with its JWKS poll; default one per API. */
  troubleshoot?: Troubleshoot
}

/** The query API's handlers by operation id, for `createDashboardApp({ operations })`. */
export function createQueryApi(options: QueryApiOptions) {
  const deps: ApiDeps = {
    store: options.store, config: options.config, logger: options.logger, now: options.now ?? Date.now, onUserRulesChanged: options.onUserRulesChanged,
  }
  const jobs = options.reclassifyJobs ?? new ReclassifyJobs(deps)
  const openapi = buildOpenApiDocument({ version: options.version ?? '0.1.0' })
  return {
    ...summaryHandlers(deps),
    ...timeseriesHandlers(deps),
    ...topHandlers(deps),
    ...callsHandlers(deps),
    ...tracesHandlers(deps),
    ...subjectsHandlers(deps),
    ...unclassifiedHandlers(deps),
    ...queryHandlers(deps),
    ...savedQueriesHandlers(deps),
    ...userRulesHandlers(deps),
    ...reclassifyJobsHandlers(jobs),
    ...troubleshootHandlers(deps, options.troubleshoot ?? createTroubleshoot(deps)),
    ...bindOperations({ getOpenApi: (_req, res) => void res.json(openapi) }),
  }
}

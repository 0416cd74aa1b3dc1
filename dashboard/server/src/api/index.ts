import type { Router } from 'express'
import type { Logger } from 'pino'
import { buildOpenApiDocument, type Config } from '@claimcheck/shared'
import type { Store } from '@claimcheck/shared/node'
import { createTroubleshoot, troubleshootRouters, type Troubleshoot } from '../troubleshoot/index.ts'
import { operationsRouter } from '../http/operations.ts'
import type { ApiDeps } from './deps.ts'
import { summaryRouter, timeseriesRouter, topRouter } from './routes/aggregates.ts'
import { callsRouter } from './routes/calls.ts'
import { queryRouter } from './routes/query.ts'
import { savedQueriesRouter } from './routes/saved-queries.ts'
import { subjectsRouter, unclassifiedRouter } from './routes/subjects.ts'
import { tracesRouter } from './routes/traces.ts'
import { reclassifyJobsRouter } from './routes/reclassify-jobs.ts'
import { userRulesRouter } from './routes/user-rules.ts'
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

/** The query API's routers, by path under `/api/v1`, for `createDashboardApp({ apiRouters })`. */
export function createQueryApi(options: QueryApiOptions): Record<string, Router> {
  const deps: ApiDeps = {
    store: options.store, config: options.config, logger: options.logger, now: options.now ?? Date.now, onUserRulesChanged: options.onUserRulesChanged,
  }
  const jobs = options.reclassifyJobs ?? new ReclassifyJobs(deps)
  const openapi = buildOpenApiDocument({ version: options.version ?? '0.1.0' })
  return {
    '/summary': summaryRouter(deps),
    '/timeseries': timeseriesRouter(deps),
    '/top': topRouter(deps),
    '/calls': callsRouter(deps),
    '/traces': tracesRouter(deps),
    '/subjects': subjectsRouter(deps),
    '/unclassified': unclassifiedRouter(deps),
    '/query': queryRouter(deps),
    '/saved-queries': savedQueriesRouter(deps),
    '/user-rules': userRulesRouter(deps),
    '/reclassify-jobs': reclassifyJobsRouter(jobs),
    ...troubleshootRouters(deps, options.troubleshoot ?? createTroubleshoot(deps)),
    '/openapi.json': operationsRouter('/openapi.json', { getOpenApi: (_req, res) => void res.json(openapi) }),
  }
}

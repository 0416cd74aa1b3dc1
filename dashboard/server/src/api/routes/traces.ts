import { TraceResponseSchema } from '@claimcheck/shared'
import type { ApiDeps } from '../deps.ts'
import { createQueryContext } from '../runner.ts'
import { getTrace } from '../services/traces.ts'
import { bindOperations } from '../../http/operations.ts'
import { sendParsed } from './respond.ts'

/** `GET /api/v1/traces/:traceId`: every span of the trace, its logs and its gateway calls. */
export function tracesHandlers(deps: ApiDeps) {
  return bindOperations({
    getTrace: async (_req, res, { params: { traceId } }) => {
      const context = createQueryContext(deps.store, res, 'trace')
      sendParsed(res, TraceResponseSchema, await getTrace(context, traceId))
    },
  })
}

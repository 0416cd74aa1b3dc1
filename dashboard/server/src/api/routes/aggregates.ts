import { SummaryResponseSchema, TimeseriesResponseSchema, TopResponseSchema } from '@claimcheck/shared'
import type { ApiDeps } from '../deps.ts'
import { createQueryContext } from '../runner.ts'
import { getSummary, getTimeseries, getTop } from '../services/overview.ts'
import { bindOperations } from '../../http/operations.ts'
import { sendParsed } from './respond.ts'

/** `GET /api/v1/summary`: calls, failures, failure rate and per-cause failures against the previous period. */
export function summaryHandlers(deps: ApiDeps) {
  return bindOperations({
    getSummary: async (_req, res, { query: filters }) => {
      const context = createQueryContext(deps.store, res, 'summary')
      sendParsed(res, SummaryResponseSchema, await getSummary(context, filters, deps.now()))
    },
  })
}

/** `GET /api/v1/timeseries`: calls and failures by cause per bucket, zero-filled. */
export function timeseriesHandlers(deps: ApiDeps) {
  return bindOperations({
    getTimeseries: async (_req, res, { query: filters }) => {
      const context = createQueryContext(deps.store, res, 'timeseries')
      sendParsed(res, TimeseriesResponseSchema, await getTimeseries(context, filters, deps.now()))
    },
  })
}

/** `GET /api/v1/top?dimension=route`: the top values of a dimension. */
export function topHandlers(deps: ApiDeps) {
  return bindOperations({
    getTop: async (_req, res, { query: request }) => {
      const context = createQueryContext(deps.store, res, 'top')
      sendParsed(res, TopResponseSchema, await getTop(context, request, deps.now()))
    },
  })
}

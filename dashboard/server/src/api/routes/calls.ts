import { CallDetailSchema, CallsPageSchema, FacetsResponseSchema, TimeseriesResponseSchema } from '@claimcheck/shared'
import type { ApiDeps } from '../deps.ts'
import { createQueryContext } from '../runner.ts'
import { getCall, getCallFacets, getCallsHistogram, listCalls } from '../services/calls.ts'
import { bindOperations } from '../../http/operations.ts'
import { sendParsed } from './respond.ts'

/**
 * `GET /api/v1/calls` (a page of calls), `/calls/histogram` and `/calls/facets` (the explorer's
 * counts over the same filters) and `GET /api/v1/calls/:traceId/:spanId` (one call).
 */
export function callsHandlers(deps: ApiDeps) {
  return bindOperations({
    listCalls: async (_req, res, { query: request }) => {
      const context = createQueryContext(deps.store, res, 'calls')
      sendParsed(res, CallsPageSchema, await listCalls(context, request, deps.now()))
    },
    getCallsHistogram: async (_req, res, { query: filters }) => {
      const context = createQueryContext(deps.store, res, 'calls-histogram')
      sendParsed(res, TimeseriesResponseSchema, await getCallsHistogram(context, filters, deps.now()))
    },
    getCallFacets: async (_req, res, { query: request }) => {
      const context = createQueryContext(deps.store, res, 'calls-facets')
      sendParsed(res, FacetsResponseSchema, await getCallFacets(context, request, deps.now()))
    },
    getCall: async (_req, res, { params: { traceId, spanId } }) => {
      const context = createQueryContext(deps.store, res, 'call')
      sendParsed(res, CallDetailSchema, await getCall(context, traceId, spanId))
    },
  })
}

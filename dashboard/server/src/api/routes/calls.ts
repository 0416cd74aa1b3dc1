import { Router } from 'express'
import { CallDetailSchema, CallParamsSchema, CallsPageSchema, CallsRequestSchema } from '@claimcheck/shared'
import type { ApiDeps } from '../deps.ts'
import { createQueryContext } from '../runner.ts'
import { getCall, listCalls } from '../services/calls.ts'
import { sendParsed } from './respond.ts'

/** `GET /api/v1/calls` (a page of calls) and `GET /api/v1/calls/:traceId/:spanId` (one call). */
export function callsRouter(deps: ApiDeps): Router {
  const router = Router()
  router.get('/', async (req, res) => {
    const request = CallsRequestSchema.parse(req.query)
    const context = createQueryContext(deps.store, res, 'calls')
    sendParsed(res, CallsPageSchema, await listCalls(context, request, deps.now()))
  })
  router.get('/:traceId/:spanId', async (req, res) => {
    const { traceId, spanId } = CallParamsSchema.parse(req.params)
    const context = createQueryContext(deps.store, res, 'call')
    sendParsed(res, CallDetailSchema, await getCall(context, traceId, spanId))
  })
  return router
}

import { SubjectHistorySchema, UnclassifiedResponseSchema } from '@claimcheck/shared'
import type { ApiDeps } from '../deps.ts'
import { createQueryContext } from '../runner.ts'
import { getSubjectHistory, getUnclassified } from '../services/subjects.ts'
import { bindOperations } from '../../http/operations.ts'
import { sendParsed } from './respond.ts'

/** `GET /api/v1/subjects/:subject`: first seen, last success, last failure, failures by cause. */
export function subjectsHandlers(deps: ApiDeps) {
  return bindOperations({
    getSubjectHistory: async (_req, res, { params: { subject }, query: filters }) => {
      const context = createQueryContext(deps.store, res, 'subject')
      sendParsed(res, SubjectHistorySchema, await getSubjectHistory(context, subject, filters, deps.now()))
    },
  })
}

/** `GET /api/v1/unclassified`: the most frequent messages of calls classified `other`. */
export function unclassifiedHandlers(deps: ApiDeps) {
  return bindOperations({
    getUnclassified: async (_req, res, { query: request }) => {
      const context = createQueryContext(deps.store, res, 'unclassified')
      sendParsed(res, UnclassifiedResponseSchema, await getUnclassified(context, request, deps.now()))
    },
  })
}

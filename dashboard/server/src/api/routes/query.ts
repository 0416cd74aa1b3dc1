import { AdhocQueryResponseSchema, toCsv } from '@claimcheck/shared'
import type { ApiDeps } from '../deps.ts'
import { createQueryContext } from '../runner.ts'
import { runAdhocQuery } from '../services/adhoc.ts'
import { bindOperations } from '../../http/operations.ts'
import { sendParsed } from './respond.ts'

/** `POST /api/v1/query`: ad hoc SQL, answered as JSON, or downloaded as CSV or JSON. */
export function queryHandlers(deps: ApiDeps) {
  return bindOperations({
    runQuery: async (_req, res, { body: request }) => {
      const context = createQueryContext(deps.store, res, 'query')
      const result = await runAdhocQuery(context, request)
      res.setHeader('X-Result-Truncated', String(result.truncated))
      res.setHeader('X-Result-Rows', String(result.rowCount))
      if (result.notice) res.setHeader('X-Result-Notice', result.notice)
      if (request.format === 'json' && !request.download) return sendParsed(res, AdhocQueryResponseSchema, result)
      const stamp = new Date(deps.now()).toISOString().replace(/[:.]/g, '-')
      if (request.format === 'csv') {
        res.attachment(`claimcheck-query-${stamp}.csv`).type('text/csv; charset=utf-8').send(toCsv(result.columns.map((column) => column.name), result.rows))
      } else {
        res.attachment(`claimcheck-query-${stamp}.json`).type('application/json').send(JSON.stringify(AdhocQueryResponseSchema.parse(result)))
      }
    },
  })
}

import type { Response } from 'express'
import { SavedQueryListSchema, SavedQuerySchema, type SavedQueryUpdate } from '@claimcheck/shared'
import type { ApiDeps } from '../deps.ts'
import { createQueryContext } from '../runner.ts'
import { createSavedQuery, deleteSavedQuery, getSavedQuery, listSavedQueries, updateSavedQuery } from '../services/saved-queries.ts'
import { bindOperations } from '../../http/operations.ts'
import { sendParsed } from './respond.ts'

/** `/api/v1/saved-queries`: list, create, read, update (PATCH/PUT) and delete saved ad hoc queries. */
export function savedQueriesHandlers(deps: ApiDeps) {
  const context = (res: Response) => createQueryContext(deps.store, res, 'saved-queries')
  // PATCH and PUT: the same params and body schemas, one handler.
  const update = async (_req: unknown, res: Response, { params: { id }, body: changes }: { params: { id: string }; body: SavedQueryUpdate }) => {
    sendParsed(res, SavedQuerySchema, await updateSavedQuery(context(res), id, changes))
  }
  return bindOperations({
    listSavedQueries: async (_req, res) => {
      sendParsed(res, SavedQueryListSchema, { queries: await listSavedQueries(context(res)) })
    },
    createSavedQuery: async (_req, res, { body }) => {
      res.status(201)
      sendParsed(res, SavedQuerySchema, await createSavedQuery(context(res), body))
    },
    getSavedQuery: async (_req, res, { params: { id } }) => {
      sendParsed(res, SavedQuerySchema, await getSavedQuery(context(res), id))
    },
    updateSavedQuery: update,
    replaceSavedQuery: update,
    deleteSavedQuery: async (_req, res, { params: { id } }) => {
      await deleteSavedQuery(context(res), id)
      res.status(204).end()
    },
  })
}

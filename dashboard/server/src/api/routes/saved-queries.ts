import type { Request, Response } from 'express'
import {
  SavedQueryCreateSchema, SavedQueryListSchema, SavedQueryParamsSchema, SavedQuerySchema, SavedQueryUpdateSchema,
} from '@claimcheck/shared'
import type { ApiDeps } from '../deps.ts'
import { createQueryContext } from '../runner.ts'
import {
  createSavedQuery, deleteSavedQuery, getSavedQuery, listSavedQueries, updateSavedQuery,
} from '../services/saved-queries.ts'
import { bindOperations } from '../../http/operations.ts'
import { sendParsed } from './respond.ts'

/** `/api/v1/saved-queries`: list, create, read, update (PATCH/PUT) and delete saved ad hoc queries. */
export function savedQueriesHandlers(deps: ApiDeps) {
  const context = (res: Response) => createQueryContext(deps.store, res, 'saved-queries')
  const update = async (req: Request, res: Response): Promise<void> => {
    const { id } = SavedQueryParamsSchema.parse(req.params)
    const changes = SavedQueryUpdateSchema.parse(req.body ?? {})
    sendParsed(res, SavedQuerySchema, await updateSavedQuery(context(res), id, changes))
  }
  return bindOperations({
    listSavedQueries: async (_req, res) => {
      sendParsed(res, SavedQueryListSchema, { queries: await listSavedQueries(context(res)) })
    },
    createSavedQuery: async (req, res) => {
      const input = SavedQueryCreateSchema.parse(req.body ?? {})
      res.status(201)
      sendParsed(res, SavedQuerySchema, await createSavedQuery(context(res), input))
    },
    getSavedQuery: async (req, res) => {
      const { id } = SavedQueryParamsSchema.parse(req.params)
      sendParsed(res, SavedQuerySchema, await getSavedQuery(context(res), id))
    },
    updateSavedQuery: update,
    replaceSavedQuery: update,
    deleteSavedQuery: async (req, res) => {
      const { id } = SavedQueryParamsSchema.parse(req.params)
      await deleteSavedQuery(context(res), id)
      res.status(204).end()
    },
  })
}

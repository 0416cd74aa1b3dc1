import { ReclassifyJobListSchema, ReclassifyJobSchema } from '@claimcheck/shared'
import { authorOf } from '../../http/author.ts'
import type { ReclassifyJobs } from '../services/reclassify-jobs.ts'
import { bindOperations } from '../../http/operations.ts'
import { sendParsed } from './respond.ts'

/** `/api/v1/reclassify-jobs`: start a re-classification of stored calls, follow its progress, cancel it. */
export function reclassifyJobsHandlers(jobs: ReclassifyJobs) {
  return bindOperations({
    listReclassifyJobs: (_req, res) => sendParsed(res, ReclassifyJobListSchema, { jobs: jobs.list() }),
    startReclassifyJob: async (_req, res, { body }) => {
      const job = await jobs.start(body, authorOf(res))
      res.status(202)
      sendParsed(res, ReclassifyJobSchema, job)
    },
    getReclassifyJob: (_req, res, { params: { id } }) => {
      sendParsed(res, ReclassifyJobSchema, jobs.get(id))
    },
    cancelReclassifyJob: (_req, res, { params: { id } }) => {
      sendParsed(res, ReclassifyJobSchema, jobs.cancel(id))
    },
  })
}

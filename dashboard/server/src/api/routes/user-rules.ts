import type { Response } from 'express'
import { UserRuleHistorySchema, UserRuleListSchema, UserRuleVersionSchema } from '@claimcheck/shared'
import { authorOf } from '../../http/author.ts'
import type { ApiDeps } from '../deps.ts'
import { createQueryContext } from '../runner.ts'
import {
  createUserRule, deleteUserRule, getUserRuleHistory, listUserRules, renderRulesFile, restoreUserRule, updateUserRule,
} from '../services/user-rules.ts'
import { bindOperations } from '../../http/operations.ts'
import { sendParsed } from './respond.ts'

/**
 * `/api/v1/user-rules`: stored user rules made from templates: list, create, change, delete,
 * history, restore, and the rules file export. Every change is applied to new calls at once
 * (in-process) or at the collector's next poll.
 */
export function userRulesHandlers(deps: ApiDeps) {
  const context = (res: Response) => createQueryContext(deps.store, res, 'user-rules')
  const changed = () => deps.onUserRulesChanged?.()
  return bindOperations({
    listUserRules: async (_req, res) => {
      sendParsed(res, UserRuleListSchema, { rules: await listUserRules(context(res)) })
    },
    getUserRulesExport: async (_req, res, { query: { download } }) => {
      const text = renderRulesFile(await listUserRules(context(res)), deps.now())
      res.type('application/yaml; charset=utf-8')
      if (download !== undefined) res.setHeader('Content-Disposition', 'attachment; filename="claimcheck-user-rules.yaml"')
      res.send(text)
    },
    createUserRule: async (_req, res, { body }) => {
      const created = await createUserRule(context(res), body, authorOf(res))
      await changed()
      res.status(201)
      sendParsed(res, UserRuleVersionSchema, created)
    },
    getUserRuleHistory: async (_req, res, { params: { id } }) => {
      sendParsed(res, UserRuleHistorySchema, { ruleId: id, versions: await getUserRuleHistory(context(res), id) })
    },
    updateUserRule: async (_req, res, { params: { id }, body: update }) => {
      const version = await updateUserRule(context(res), id, update, authorOf(res))
      await changed()
      sendParsed(res, UserRuleVersionSchema, version)
    },
    restoreUserRule: async (_req, res, { params: { id }, body: restore }) => {
      const version = await restoreUserRule(context(res), id, restore, authorOf(res))
      await changed()
      sendParsed(res, UserRuleVersionSchema, version)
    },
    deleteUserRule: async (_req, res, { params: { id }, body: { baseVersion, comment } }) => {
      const version = await deleteUserRule(context(res), id, baseVersion, comment, authorOf(res))
      await changed()
      sendParsed(res, UserRuleVersionSchema, version)
    },
  })
}

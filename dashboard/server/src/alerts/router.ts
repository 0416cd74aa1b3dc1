import {
  AlertHistoryListSchema, AlertRuleListSchema, AlertRuleViewSchema, BacktestResponseSchema, DeliveryListSchema, describeRuleIssues, NotifierListSchema,
  SilenceListSchema, SilenceSchema,
} from '@claimcheck/shared'
import { sendParsed } from '../api/routes/respond.ts'
import { bindOperations } from '../http/operations.ts'
import type { AlertRepository } from './repository.ts'
import type { AlertService } from './service.ts'

/**
 * `/api/v1/alerts`: rules (file rules read-only), backtest, history, deliveries, notifiers,
 * silences, bound by operation id. Bodies are parsed with the contract's schemas before a handler
 * runs, their issues described as the rules file's are (`rule "x": condition.zScore: …`); handlers
 * call the service and answer through the contract's response schemas.
 */
export function alertsHandlers(service: AlertService, repository: AlertRepository) {
  return bindOperations({
    listAlertRules: async (_req, res) => sendParsed(res, AlertRuleListSchema, await service.listRules()),
    // Rules are stored as written (req.body, already checked), not with the schema's defaults filled in.
    createAlertRule: async (req, res) => {
      const view = await service.createRule(req.body)
      res.status(201)
      sendParsed(res, AlertRuleViewSchema, view)
    },
    getAlertRule: async (_req, res, { params: { name } }) => sendParsed(res, AlertRuleViewSchema, await service.getRule(name)),
    updateAlertRule: async (req, res, { params: { name } }) => {
      sendParsed(res, AlertRuleViewSchema, await service.updateRule(name, req.body))
    },
    deleteAlertRule: async (_req, res, { params: { name } }) => {
      await service.deleteRule(name)
      res.status(204).end()
    },
    backtestAlertRule: async (_req, res, { body }) => sendParsed(res, BacktestResponseSchema, await service.backtest(body)),
    listAlertHistory: async (_req, res, { query }) => {
      sendParsed(res, AlertHistoryListSchema, { entries: await repository.history(query) })
    },
    listAlertDeliveries: async (_req, res, { query }) => {
      sendParsed(res, DeliveryListSchema, { deliveries: await repository.deliveries(query) })
    },
    listNotifiers: async (_req, res) => sendParsed(res, NotifierListSchema, { notifiers: await service.notifiers() }),
    listSilences: async (_req, res) => sendParsed(res, SilenceListSchema, { silences: await service.silences() }),
    createSilence: async (_req, res, { body }) => {
      const silence = await service.createSilence(body)
      res.status(201)
      sendParsed(res, SilenceSchema, silence)
    },
    expireSilence: async (_req, res, { params: { id } }) => {
      await service.expireSilence(id)
      res.status(204).end()
    },
  }, { describeBodyIssues: describeRuleIssues })
}

import {
  AlertHistoryListSchema, AlertHistoryQuerySchema, AlertRuleListSchema, AlertRuleParamsSchema, AlertRuleViewSchema, BacktestRequestSchema,
  BacktestResponseSchema, DeliveryListSchema, DeliveryQuerySchema, NotifierListSchema, SilenceListSchema, SilenceParamsSchema, SilenceSchema,
} from '@claimcheck/shared'
import { sendParsed } from '../api/routes/respond.ts'
import { bindOperations } from '../http/operations.ts'
import type { AlertRepository } from './repository.ts'
import type { AlertService } from './service.ts'

/**
 * `/api/v1/alerts`: rules (file rules read-only), backtest, history, deliveries, notifiers,
 * silences, bound by operation id. Handlers validate, call the service, answer through the
 * contract's response schemas; rule and silence bodies are validated by the service (its messages
 * name the rule).
 */
export function alertsHandlers(service: AlertService, repository: AlertRepository) {
  return bindOperations({
    listAlertRules: async (_req, res) => sendParsed(res, AlertRuleListSchema, await service.listRules()),
    createAlertRule: async (req, res) => {
      const view = await service.createRule(req.body)
      res.status(201)
      sendParsed(res, AlertRuleViewSchema, view)
    },
    getAlertRule: async (req, res) => sendParsed(res, AlertRuleViewSchema, await service.getRule(AlertRuleParamsSchema.parse(req.params).name)),
    updateAlertRule: async (req, res) => {
      sendParsed(res, AlertRuleViewSchema, await service.updateRule(AlertRuleParamsSchema.parse(req.params).name, req.body))
    },
    deleteAlertRule: async (req, res) => {
      await service.deleteRule(AlertRuleParamsSchema.parse(req.params).name)
      res.status(204).end()
    },
    backtestAlertRule: async (req, res) => sendParsed(res, BacktestResponseSchema, await service.backtest(BacktestRequestSchema.parse(req.body ?? {}))),
    listAlertHistory: async (req, res) => {
      sendParsed(res, AlertHistoryListSchema, { entries: await repository.history(AlertHistoryQuerySchema.parse(req.query)) })
    },
    listAlertDeliveries: async (req, res) => {
      sendParsed(res, DeliveryListSchema, { deliveries: await repository.deliveries(DeliveryQuerySchema.parse(req.query)) })
    },
    listNotifiers: async (_req, res) => sendParsed(res, NotifierListSchema, { notifiers: await service.notifiers() }),
    listSilences: async (_req, res) => sendParsed(res, SilenceListSchema, { silences: await service.silences() }),
    createSilence: async (req, res) => {
      const silence = await service.createSilence(req.body)
      res.status(201)
      sendParsed(res, SilenceSchema, silence)
    },
    expireSilence: async (req, res) => {
      await service.expireSilence(SilenceParamsSchema.parse(req.params).id)
      res.status(204).end()
    },
  })
}

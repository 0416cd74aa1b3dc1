import { Router } from 'express'
import {
  AlertHistoryListSchema, AlertHistoryQuerySchema, AlertRuleListSchema, AlertRuleParamsSchema, AlertRuleViewSchema, BacktestRequestSchema,
  BacktestResponseSchema, DeliveryListSchema, DeliveryQuerySchema, NotifierListSchema, SilenceListSchema, SilenceParamsSchema, SilenceSchema,
} from '@claimcheck/shared'
import { sendParsed } from '../api/routes/respond.ts'
import type { AlertRepository } from './repository.ts'
import type { AlertService } from './service.ts'

/**
 * `/api/v1/alerts`: rules (file rules read-only), backtest, history, deliveries, notifiers,
 * silences. Handlers validate, call the service, answer through the contract's response schemas;
 * rule and silence bodies are validated by the service (its messages name the rule).
 */
export function alertsRouter(service: AlertService, repository: AlertRepository): Router {
  const router = Router()
  router.get('/rules', async (_req, res) => sendParsed(res, AlertRuleListSchema, await service.listRules()))
  router.post('/rules', async (req, res) => {
    const view = await service.createRule(req.body)
    res.status(201)
    sendParsed(res, AlertRuleViewSchema, view)
  })
  router.get('/rules/:name', async (req, res) => sendParsed(res, AlertRuleViewSchema, await service.getRule(AlertRuleParamsSchema.parse(req.params).name)))
  router.put('/rules/:name', async (req, res) => {
    sendParsed(res, AlertRuleViewSchema, await service.updateRule(AlertRuleParamsSchema.parse(req.params).name, req.body))
  })
  router.delete('/rules/:name', async (req, res) => {
    await service.deleteRule(AlertRuleParamsSchema.parse(req.params).name)
    res.status(204).end()
  })
  router.post('/backtest', async (req, res) => sendParsed(res, BacktestResponseSchema, await service.backtest(BacktestRequestSchema.parse(req.body ?? {}))))
  router.get('/history', async (req, res) => {
    sendParsed(res, AlertHistoryListSchema, { entries: await repository.history(AlertHistoryQuerySchema.parse(req.query)) })
  })
  router.get('/notifications', async (req, res) => {
    sendParsed(res, DeliveryListSchema, { deliveries: await repository.deliveries(DeliveryQuerySchema.parse(req.query)) })
  })
  router.get('/notifiers', async (_req, res) => sendParsed(res, NotifierListSchema, { notifiers: await service.notifiers() }))
  router.get('/silences', async (_req, res) => sendParsed(res, SilenceListSchema, { silences: await service.silences() }))
  router.post('/silences', async (req, res) => {
    const silence = await service.createSilence(req.body)
    res.status(201)
    sendParsed(res, SilenceSchema, silence)
  })
  router.delete('/silences/:id', async (req, res) => {
    await service.expireSilence(SilenceParamsSchema.parse(req.params).id)
    res.status(204).end()
  })
  return router
}

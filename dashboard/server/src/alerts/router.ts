import { Router } from 'express'
import { AlertHistoryQuerySchema, BacktestRequestSchema, DeliveryQuerySchema } from '@claimcheck/shared'
import type { AlertRepository } from './repository.ts'
import type { AlertService } from './service.ts'

/**
 * `/api/v1/alerts`: rules (file rules read-only), backtest, history, deliveries, notifiers,
 * silences. Handlers validate, call the service, return JSON; errors reach the error middleware.
 */
export function alertsRouter(service: AlertService, repository: AlertRepository): Router {
  const router = Router()
  router.get('/rules', async (_req, res) => void res.json(await service.listRules()))
  router.post('/rules', async (req, res) => void res.status(201).json(await service.createRule(req.body)))
  router.get('/rules/:name', async (req, res) => void res.json(await service.getRule(req.params.name)))
  router.put('/rules/:name', async (req, res) => void res.json(await service.updateRule(req.params.name, req.body)))
  router.delete('/rules/:name', async (req, res) => {
    await service.deleteRule(req.params.name)
    res.status(204).end()
  })
  router.post('/backtest', async (req, res) => void res.json(await service.backtest(BacktestRequestSchema.parse(req.body ?? {}))))
  router.get('/history', async (req, res) => void res.json({ entries: await repository.history(AlertHistoryQuerySchema.parse(req.query)) }))
  router.get('/notifications', async (req, res) => void res.json({ deliveries: await repository.deliveries(DeliveryQuerySchema.parse(req.query)) }))
  router.get('/notifiers', async (_req, res) => void res.json({ notifiers: await service.notifiers() }))
  router.get('/silences', async (_req, res) => void res.json({ silences: await service.silences() }))
  router.post('/silences', async (req, res) => void res.status(201).json(await service.createSilence(req.body)))
  router.delete('/silences/:id', async (req, res) => {
    await service.expireSilence(req.params.id)
    res.status(204).end()
  })
  return router
}

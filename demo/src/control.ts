import express, { type NextFunction, type Request, type Response, type Router } from 'express'
import { z, ZodError } from 'zod'
import type { UserDirectory } from './directory.ts'
import type { IdentityProvider } from './idp.ts'
import { ScenarioWindowSchema, UnknownScenarioError, type ScenarioScheduler } from './scenarios/scheduler.ts'
import type { TrafficGenerator } from './traffic/generator.ts'

export interface ControlDeps {
  scheduler: ScenarioScheduler
  traffic: TrafficGenerator
  directory: UserDirectory
  idp: IdentityProvider
  urls: () => Record<string, unknown>
}

const RateSchema = z.object({ rate: z.number().min(0).max(5_000) })
const RotateSchema = z.object({ publish: z.boolean().default(true) })

/**
 * The demo's control endpoint: switch scenarios, change the rate, edit the directory, rotate keys.
 * Loopback only, no auth: it is a toy to poke at.
 */
export function createControlApp(deps: ControlDeps): express.Express {
  const app = express()
  app.disable('x-powered-by')
  app.use(express.json())
  app.get('/', (_req, res) => {
    res.json({
      urls: deps.urls(),
      rate: deps.traffic.rate,
      sent: deps.traffic.counts.sent,
      byStatus: Object.fromEntries(deps.traffic.counts.byStatus),
      activeScenarios: deps.scheduler.active().map((scenario) => scenario.name),
    })
  })
  app.use('/scenarios', scenariosRouter(deps))
  app.put('/rate', (req, res) => {
    deps.traffic.rate = RateSchema.parse(req.body ?? {}).rate
    res.json({ rate: deps.traffic.rate })
  })
  app.use('/directory', directoryRouter(deps.directory))
  app.post('/idp/rotate', async (req, res) => {
    const { publish } = RotateSchema.parse(req.body ?? {})
    res.json({ created: await deps.idp.rotate({ publish }), active: deps.idp.activeKids() })
  })
  app.post('/idp/publish', (_req, res) => {
    res.json({ published: deps.idp.publishPendingKeys() })
  })
  app.use((_req, res) => {
    res.status(404).json({ error: 'not_found' })
  })
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof ZodError) {
      res.status(400).json({ error: 'invalid_request', issues: error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) })
    } else if (error instanceof UnknownScenarioError) {
      res.status(404).json({ error: 'unknown_scenario', message: error.message })
    } else if (error instanceof SyntaxError) {
      res.status(400).json({ error: 'invalid_json' })
    } else {
      res.status(500).json({ error: 'internal_error' })
    }
  })
  return app
}

function scenariosRouter({ scheduler }: ControlDeps): Router {
  const router = express.Router()
  router.get('/', (_req, res) => {
    res.json({ scenarios: scheduler.status() })
  })
  router.get('/:name', (req, res) => {
    const status = scheduler.status().find((scenario) => scenario.name === req.params.name)
    if (!status) throw new UnknownScenarioError(req.params.name, scheduler.status().map((scenario) => scenario.name))
    res.json(status)
  })
  router.post('/:name', async (req, res) => {
    const window = ScenarioWindowSchema.parse(req.body ?? {})
    res.status(202).json(await scheduler.schedule(req.params.name, window))
  })
  router.delete('/:name', async (req, res) => {
    res.json({ name: req.params.name, cancelled: await scheduler.cancel(req.params.name) })
  })
  return router
}

function directoryRouter(directory: UserDirectory): Router {
  const router = express.Router()
  router.get('/users', (req, res) => {
    const tenant = typeof req.query.tenant === 'string' ? req.query.tenant : undefined
    res.json({ tenants: directory.tenants(), users: directory.list(tenant) })
  })
  const setStatus = (status: 'active' | 'disabled') => (req: Request<{ id: string }>, res: Response) => {
    if (!directory.setStatus(req.params.id, status)) res.status(404).json({ error: 'user_not_found' })
    else res.json(directory.get(req.params.id))
  }
  router.post('/users/:id/disable', setStatus('disabled'))
  router.post('/users/:id/enable', setStatus('active'))
  router.delete('/users/:id', (req, res) => {
    const removed = directory.delete(req.params.id)
    if (!removed) res.status(404).json({ error: 'user_not_found' })
    else res.json({ deleted: removed })
  })
  return router
}

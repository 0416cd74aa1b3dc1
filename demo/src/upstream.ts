import { randomInt, randomUUID } from 'node:crypto'
import express from 'express'
import { listenLoopback, type Listening } from './listen.ts'

const STATUSES = ['pending', 'paid', 'shipped', 'delivered'] as const

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/**
 * The services behind the gateways: small JSON APIs that trust the gateway's `x-user-id`.
 * Not instrumented on purpose: only the gateways report calls to claimcheck.
 */
export async function startUpstream(): Promise<Listening> {
  const app = express()
  app.disable('x-powered-by')
  app.use(express.json())
  app.use(async (_req, _res, next) => {
    await pause(randomInt(1, 15))
    next()
  })
  const order = (id: string, user: string) => ({ id, user, status: STATUSES[randomInt(STATUSES.length)], totalCents: randomInt(500, 50_000) })
  const invoice = (id: string, user: string) => ({ id, user, amountCents: randomInt(1_000, 90_000), currency: 'EUR' })
  app.get('/v1/orders', (req, res) => {
    res.json({ items: Array.from({ length: 3 }, () => order(randomUUID(), String(req.headers['x-user-id']))) })
  })
  app.get('/v1/orders/:orderId', (req, res) => {
    res.json(order(req.params.orderId, String(req.headers['x-user-id'])))
  })
  app.post('/v1/orders', (req, res) => {
    res.status(201).json(order(randomUUID(), String(req.headers['x-user-id'])))
  })
  app.get('/v1/invoices', (req, res) => {
    res.json({ items: Array.from({ length: 2 }, () => invoice(randomUUID(), String(req.headers['x-user-id']))) })
  })
  app.get('/v1/invoices/:invoiceId', (req, res) => {
    res.json(invoice(req.params.invoiceId, String(req.headers['x-user-id'])))
  })
  app.post('/v1/payments', (req, res) => {
    res.status(201).json({ id: randomUUID(), status: 'accepted' })
  })
  return listenLoopback(app)
}

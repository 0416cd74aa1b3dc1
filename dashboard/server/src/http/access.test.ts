import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorMiddleware } from '../errors.ts'
import { corsPolicy } from './access.ts'

// CORS as the dashboard app mounts it, over real HTTP.
async function serve(origins: string[]): Promise<{ url: string; server: Server }> {
  const app = express()
  app.use('/api', corsPolicy(origins))
  app.get('/api/v1/summary', (_req, res) => void res.json({ ok: true }))
  app.use(errorMiddleware(pino({ level: 'silent' })))
  const server = createServer(app)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

describe('corsPolicy', () => {
  let app: { url: string; server: Server }
  beforeAll(async () => {
    app = await serve(['https://ops.example.com'])
  })
  afterAll(() => app.server.close())

  it('sends no CORS headers to an origin that is not allowed, and refuses its preflight', async () => {
    const simple = await fetch(`${app.url}/api/v1/summary`, { headers: { origin: 'https://evil.example' } })
    expect(simple.headers.get('access-control-allow-origin')).toBeNull()
    const preflight = await fetch(`${app.url}/api/v1/summary`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } })
    expect(preflight.status).toBe(403)
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('allows a configured origin, preflight included, with the Authorization header', async () => {
    const preflight = await fetch(`${app.url}/api/v1/summary`, {
      method: 'OPTIONS', headers: { origin: 'https://ops.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://ops.example.com')
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/)
    const simple = await fetch(`${app.url}/api/v1/summary`, { headers: { origin: 'https://ops.example.com' } })
    expect(simple.headers.get('access-control-allow-origin')).toBe('https://ops.example.com')
    expect(simple.headers.get('vary')).toMatch(/Origin/)
  })
})

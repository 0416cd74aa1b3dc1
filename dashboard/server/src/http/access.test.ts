import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorMiddleware } from '../errors.ts'
import { corsPolicy, requireApiToken } from './access.ts'

// The two guards as the dashboard app mounts them, over real HTTP.
async function serve(tokens: string[], origins: string[]): Promise<{ url: string; server: Server }> {
  const app = express()
  app.use('/api', corsPolicy(origins))
  app.use('/api/v1', requireApiToken(tokens))
  app.get('/api/v1/summary', (_req, res) => void res.json({ principal: res.locals.principal }))
  app.use(errorMiddleware(pino({ level: 'silent' })))
  const server = createServer(app)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

describe('requireApiToken', () => {
  let guarded: { url: string; server: Server }
  let open: { url: string; server: Server }
  beforeAll(async () => {
    guarded = await serve(['tok-old', 'tok-new'], [])
    open = await serve([], [])
  })
  afterAll(() => {
    guarded.server.close()
    open.server.close()
  })

  it('leaves the API open when no tokens are configured', async () => {
    const response = await fetch(`${open.url}/api/v1/summary`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ principal: { kind: 'anonymous' } })
  })

  it('refuses a request without a token with 401 and an RFC 6750 challenge', async () => {
    const response = await fetch(`${guarded.url}/api/v1/summary`)
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="claimcheck"/)
    expect(await response.json()).toMatchObject({ error: { code: 'unauthorized', message: expect.stringMatching(/API token is required/) } })
  })

  it.each([['Bearer tok-wrong'], ['Bearer '], ['Basic dG9rLW9sZA=='], ['tok-old'], ['Bearer tok-old-and-more']])('refuses %j', async (authorization) => {
    const response = await fetch(`${guarded.url}/api/v1/summary`, { headers: { authorization } })
    expect(response.status).toBe(401)
  })

  it('accepts every configured token, so tokens can be rotated', async () => {
    for (const token of ['tok-old', 'tok-new']) {
      const response = await fetch(`${guarded.url}/api/v1/summary`, { headers: { authorization: `Bearer ${token}` } })
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual({ principal: { kind: 'api-token' } })
    }
  })
})

describe('corsPolicy', () => {
  let app: { url: string; server: Server }
  beforeAll(async () => {
    app = await serve([], ['https://ops.example.com'])
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

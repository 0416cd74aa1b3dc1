import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorMiddleware } from '../errors.ts'
import { bindOperations, mountOperations } from './operations.ts'

const seen: unknown[] = []
let server: Server
let base = ''

beforeAll(async () => {
  const app = express()
  app.use(express.json())
  mountOperations(app, {
    ...bindOperations({
      getTop: (_req, res, input) => void res.json(input),
      getSavedQuery: (_req, res, { params }) => void res.json(params),
      getCall: (_req, res, input) => void res.json(input),
      createSavedQuery: (_req, res, { body }) => {
        seen.push(body)
        res.status(201).json(body)
      },
    }),
    ...bindOperations({ createSilence: (_req, res) => void res.status(201).end() }, { describeBodyIssues: (error) => error.issues.map((i) => `silence: ${i.path.join('.')}`) }),
  })
  app.use(errorMiddleware(pino({ level: 'silent' })))
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening))
  })
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const post = (path: string, body?: unknown) => fetch(`${base}${path}`, {
  method: 'POST', ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
})

describe('bindOperations', () => {
  it('hands the handler the query parsed with the operation\'s schema, defaults filled in', async () => {
    const response = await fetch(`${base}/api/v1/top?dimension=route&limit=5`)
    expect(response.status).toBe(200)
    const input = await response.json() as { query: { dimension: string; metric: string; limit: number }; params?: unknown; body?: unknown }
    expect(input.query).toMatchObject({ dimension: 'route', metric: 'failures', limit: 5 })
    expect(input.params).toBeUndefined()
    expect(input.body).toBeUndefined()
  })

  it('answers 400 invalid_request with each issue\'s path when the query fails, and never calls the handler', async () => {
    const response = await fetch(`${base}/api/v1/top?dimension=nope`)
    expect(response.status).toBe(400)
    const { error } = await response.json() as { error: { code: string; message: string; details: { path: string }[] } }
    expect(error.code).toBe('invalid_request')
    expect(error.message).toMatch(/^dimension: /)
    expect(error.details.map((d) => d.path)).toEqual(['dimension'])
  })

  it('parses path params (a saved query id must be a UUID)', async () => {
    const id = '6f1c2b8e-4a1d-4c9e-9a57-1f0c3e2d4b5a'
    expect(await (await fetch(`${base}/api/v1/saved-queries/${id}`)).json()).toEqual({ id })
    const bad = await fetch(`${base}/api/v1/saved-queries/not-a-uuid`)
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^id: /)
  })

  it('parses the body, a missing one as {} so the message names the missing fields', async () => {
    const created = await post('/api/v1/saved-queries', { name: 'q', sql: 'SELECT 1' })
    expect(created.status).toBe(201)
    expect(await created.json()).toEqual({ name: 'q', sql: 'SELECT 1', description: '' })
    const before = seen.length
    const missing = await post('/api/v1/saved-queries')
    expect(missing.status).toBe(400)
    const { error } = await missing.json() as { error: { code: string; message: string } }
    expect(error.code).toBe('invalid_request')
    expect(error.message).toMatch(/name: .*; sql: /)
    expect(seen.length).toBe(before)
  })

  it('describes body issues with the resource\'s describer when one is given (bad_request, messages as details)', async () => {
    const response = await post('/api/v1/alerts/silences', { matchers: [], endsAt: '2030-01-01T00:00:00Z' })
    expect(response.status).toBe(400)
    const { error } = await response.json() as { error: { code: string; message: string; details: string[] } }
    expect(error.code).toBe('bad_request')
    expect(error.details).toEqual(['silence: matchers'])
    expect(error.message).toBe('silence: matchers')
  })
})

describe('mountOperations', () => {
  it('serves a handler at its operation\'s path and method only', async () => {
    expect((await fetch(`${base}/api/v1/calls/abc/def`)).status).toBe(200)
    expect((await post('/api/v1/calls/abc/def', {})).status).toBe(404)
    expect((await fetch(`${base}/api/v1/summary`)).status).toBe(404)
  })
})

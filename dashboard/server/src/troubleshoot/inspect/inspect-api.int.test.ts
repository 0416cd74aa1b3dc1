import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InspectResponseSchema } from '@claimcheck/shared'
import { AUDIENCE, ISSUER, startTestIdp, type TestIdp } from '../test-keys.ts'
import { dumpAllRows, startTroubleshootHarness, type TroubleshootHarness } from '../test-harness.ts'

// POST /api/v1/inspect over real HTTP, on the real app and embedded store, with a JWKS and a user
// API on local ports. Afterwards every log line, every stored row and every request the JWKS and
// user API received are scanned: no token may be in any of them.

let idp: TestIdp
let h: TroubleshootHarness
let users: Server
const userRequests: IncomingMessage[] = []
const dir = mkdtempSync(join(tmpdir(), 'claimcheck-inspect-api-'))
const tokens: string[] = []

beforeAll(async () => {
  idp = await startTestIdp()
  users = createServer((req, res) => {
    userRequests.push(req)
    const sub = decodeURIComponent(req.url!.split('/').pop()!)
    if (sub === 'u-1') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'u-1', status: 'active' }))
    res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => users.listen(0, '127.0.0.1', resolve))
  writeFileSync(join(dir, 'unused.csv'), 'sub\n')
  h = await startTroubleshootHarness({
    classifier: { expectations: [{ service: 'gw', route: '/payments', issuers: [ISSUER], audiences: [AUDIENCE], requiredScopes: ['payments:write'], jwksUrl: idp.url }] },
    troubleshoot: { subjects: { kind: 'http', url: `http://127.0.0.1:${(users.address() as AddressInfo).port}/users/{sub}` }, jwks: { timeoutMs: 500, cacheSeconds: 0 } },
  }, Date.now())
}, 60_000)

afterAll(async () => {
  await h?.close()
  await idp?.close()
  await new Promise<void>((resolve) => users.close(() => resolve()))
  rmSync(dir, { recursive: true, force: true })
})

async function inspect(body: Record<string, unknown>) {
  if (typeof body.token === 'string') tokens.push(body.token)
  return h.request('POST', '/inspect', body)
}

describe('POST /api/v1/inspect', () => {
  it('answers the checklist and cause for a good token, uncacheable', async () => {
    const res = await inspect({ token: `Bearer ${await idp.sign()}` })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const body = InspectResponseSchema.parse(res.body)
    expect(body).toMatchObject({ valid: true, cause: '', routeChosen: false })
    expect(body.checks.map((c) => c.id)).toEqual(['format', 'issuer', 'algorithm', 'jwks', 'kid', 'signature', 'audience', 'expiry', 'not_before', 'issued_at', 'scopes', 'subject'])
    expect(body.subject).toMatchObject({ state: 'active', source: 'http' })
  })

  it('checks the chosen route\'s scopes and an unknown subject', async () => {
    const scoped = await inspect({ token: await idp.sign({ scope: 'orders:read' }), service: 'gw', route: '/payments' })
    expect(scoped.body).toMatchObject({ cause: 'insufficient_scope', detail: 'scope', routeChosen: true })
    const ghost = await inspect({ token: await idp.sign({ sub: 'u-ghost', scope: 'payments:write' }), service: 'gw', route: '/payments' })
    expect(ghost.body).toMatchObject({ cause: 'unknown_sub', detail: 'user', subject: { state: 'not_found' } })
  })

  it('gives misconfig/jwks_unavailable when the JWKS is down, and logs the outage without the token', async () => {
    idp.mode = 'down'
    try {
      const before = h.logs.length
      const res = await inspect({ token: await idp.sign({ sub: 'u-1' }) })
      expect(res.body).toMatchObject({ valid: false, cause: 'misconfig', detail: 'jwks_unavailable' })
      await h.troubleshoot.settled()
      expect(h.logs.slice(before).some((line) => line.includes('JWKS fetch failed'))).toBe(true)
    } finally {
      idp.mode = 'ok'
    }
  })

  it('refuses bad bodies with 400 and no token in the answer', async () => {
    const huge = `${await idp.sign()}${'A'.repeat(17_000)}`
    const tooLong = await inspect({ token: huge })
    expect(tooLong.status).toBe(400)
    expect(tooLong.text).not.toContain(huge.slice(0, 40))
    expect((await inspect({})).status).toBe(400)
    expect((await h.request('GET', '/inspect')).status).toBe(404)
  })

  it('leaves no token in any log line, stored row, JWKS request or user API request', async () => {
    expect(tokens.length).toBeGreaterThanOrEqual(5)
    await h.troubleshoot.settled()
    const rows = await dumpAllRows(h.store)
    expect(rows).toContain('"Kids":["rs-1","es-1"]') // the JWKS fetch history was recorded: the scan reads real rows
    const logText = h.logs.join('\n')
    expect(h.logs.length).toBeGreaterThan(0)
    const requests = [...userRequests.map((req) => `${req.url} ${JSON.stringify(req.headers)}`), ...idp.requests].join('\n')
    expect(idp.requests.length).toBeGreaterThan(0)
    for (const token of tokens) {
      const jwt = token.replace(/^Bearer /, '').slice(0, 1000)
      const [, payload, signature] = jwt.split('.')
      for (const needle of [jwt, payload!, signature!].filter((s) => s && s.length >= 20)) {
        expect(logText.includes(needle), 'a log line carries the token').toBe(false)
        expect(rows.includes(needle), 'a stored row carries the token').toBe(false)
        expect(requests.includes(needle), 'the JWKS or user API received the token').toBe(false)
      }
    }
  })
})

import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NotifierSchema } from '@claimcheck/shared'
import { deliver, type DeliveryRequest } from './delivery.ts'

// A real webhook receiver on a local port; /moved answers with a redirect to /stolen.
const seen: IncomingMessage[] = []
let server: Server
let base = ''

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req)
    if (req.url === '/moved') return void res.writeHead(307, { location: `${base}/stolen` }).end()
    res.writeHead(200).end('ok')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const request = (path: string): DeliveryRequest => ({
  notifier: NotifierSchema.parse({ name: 'hook', kind: 'webhook', url: `${base}${path}`, headers: { authorization: 'Bearer hook-secret' } }),
  notice: { status: 'firing', labels: { alertname: 'r' }, annotations: {}, startsAt: Date.now(), endsAt: null, generatorURL: 'http://claimcheck.test/', fingerprint: 'f1' },
  groupLabelNames: [], repeatIntervalMs: 60_000, now: Date.now(),
})
const options = { maxAttempts: 3, initialBackoffMs: 1, maxBackoffMs: 1, timeoutMs: 2_000, externalUrl: 'http://claimcheck.test', sleep: async () => {} }

describe('deliver', () => {
  it('does not follow a redirect, so the notifier headers never reach where it points', async () => {
    seen.length = 0
    const result = await deliver(request('/moved'), options)
    expect(result).toMatchObject({ ok: false, attempts: 1, httpStatus: 307, error: 'HTTP 307 (a redirect, not followed)' })
    expect(seen.map((req) => req.url)).toEqual(['/moved'])
  })

  it('sends nothing to a URL outside the outbound policy', async () => {
    seen.length = 0
    const result = await deliver(request('/hook'), { ...options, outbound: { schemes: ['https', 'http'], hosts: ['hooks.slack.com'] } })
    expect(result).toMatchObject({ ok: false, attempts: 0, error: 'not sent: host 127.0.0.1 is not in outbound.hosts' })
    expect(seen).toEqual([])
    expect((await deliver(request('/hook'), options)).ok).toBe(true)
  })
})

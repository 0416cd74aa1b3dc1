import { spawnSync } from 'node:child_process'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDashboardApp } from '../app.ts'
import { startAuthTestApp, type AuthTestApp } from '../auth/test-app.ts'

// The dashboard port's /metrics, checked by the real promtool (Debian's `prometheus` package).
const TOKEN = 'prometheus-scraper-token-0123456789'
const bearer = { headers: { authorization: `Bearer ${TOKEN}` } }
let t: AuthTestApp

beforeAll(async () => {
  t = await startAuthTestApp({ dashboard: { apiTokens: [{ token: TOKEN, role: 'viewer', name: 'prometheus' }] } })
}, 60_000)
afterAll(() => t?.close())

describe('GET /metrics on the dashboard port', () => {
  it('wants an API token, and never answers with the web app', async () => {
    const anonymous = await t.request('GET', '/metrics')
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer/)
    expect((await t.request('GET', '/metrics', { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(401)
  })

  it('counts requests by route pattern and HTTP status, and passes promtool check metrics', async () => {
    await t.request('GET', '/api/v1/calls/0af7651916cd43dd8448eb211c80319c/b7ad6b7169203331', bearer)
    await t.request('GET', '/api/v1/status')
    const response = await t.request('GET', '/metrics', bearer)
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/)
    expect(response.text).not.toMatch(/<html/i)
    expect(response.text).toMatch(/claimcheck_dashboard_http_requests_total\{method="GET",route="\/api\/v1\/calls\/:traceId\/:spanId",http_status="\d{3}"\} 1/)
    expect(response.text).toMatch(/claimcheck_dashboard_http_requests_total\{method="GET",route="\/api\/v1\/status",http_status="401"\} 1/)
    // The call look-up ran its ClickHouse queries through the runner: counted and timed.
    expect(response.text).toMatch(/claimcheck_dashboard_queries_total\{resource="[\w-]+",outcome="ok"\} [1-9]/)
    expect(response.text).toMatch(/claimcheck_dashboard_query_duration_seconds_count\{resource="[\w-]+"\} [1-9]/)
    // Stock Node.js names, so existing dashboards work; no prefixed copies.
    expect(response.text).toMatch(/^process_cpu_user_seconds_total /m)
    expect(response.text).toMatch(/^nodejs_heap_size_used_bytes /m)
    expect(response.text).not.toMatch(/claimcheck_process_/)
    const promtool = spawnSync('/usr/bin/promtool', ['check', 'metrics'], { input: response.text, encoding: 'utf8' })
    expect(promtool.stdout + promtool.stderr).toBe('')
    expect(promtool.status).toBe(0)
  })
})

describe('dashboard.metricsLoopbackUnauthenticated', () => {
  it('lets a scraper on this machine in without a token, and nothing else', async () => {
    // A second app on the same store (one embedded data directory per process), with the switch on.
    const config = { ...t.config, dashboard: { ...t.config.dashboard, metricsLoopbackUnauthenticated: true } }
    const app = createDashboardApp({ store: t.store, config, auth: t.auth, logger: pino({ level: 'silent' }), version: 'test' })
    const server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening))
    })
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      // X-Forwarded-For is what a client says: the TCP peer decides.
      const scrape = await fetch(`${base}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } })
      expect(scrape.status).toBe(200)
      expect(await scrape.text()).toMatch(/^# HELP claimcheck_dashboard_http_requests_total /m)
      // The switch opens /metrics only: the API still wants a sign-in.
      expect((await fetch(`${base}/api/v1/status`)).status).toBe(401)
    } finally {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})

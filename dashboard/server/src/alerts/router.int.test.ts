import { rmSync } from 'node:fs'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AlertRuleListSchema, BacktestResponseSchema, type Config } from '@claimcheck/shared'
import type { Store } from '@claimcheck/shared/node'
import { createDashboardApp } from '../app.ts'
import { TEST_AUTH } from '../api/test-support.ts'
import { createAlerting, type Alerting } from './index.ts'
import { insertCalls, openTestStore, testConfig, writeRulesFile } from './test-harness.ts'

const T0 = Date.UTC(2026, 0, 5, 12, 0, 0) / 1000
const at = (k: number) => (T0 + k * 60 + 5) * 1000

let store: Store
let dir: string
let config: Config
let alerting: Alerting
let server: Server
let base: string

const spikeRule = {
  name: 'unknown-sub-spike', target: { cause: 'unknown_sub' }, groupBy: ['route'],
  condition: { type: 'spike', window: '1m', history: 60, zScore: 3, minCount: 10 }, for: '3m', keepFiringFor: '2m',
}

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${base}/api/v1/alerts${path}`, {
    method, headers: body === undefined ? TEST_AUTH : { ...TEST_AUTH, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: response.status, json: response.status === 204 ? null : await response.json() }
}

beforeAll(async () => {
  ;({ store, dir } = await openTestStore())
  const rulesFile = writeRulesFile(dir, {
    notifiers: [{ name: 'hook', kind: 'webhook', url: 'http://127.0.0.1:9/hook', headers: { authorization: 'Bearer secret' } }],
    rules: [spikeRule],
  })
  config = testConfig(dir, rulesFile)
  const calls: { minute: number; route: string; cause: string; count: number }[] = []
  for (let m = -70; m < 12; m++) {
    calls.push({ minute: T0 + m * 60, route: '/orders', cause: 'unknown_sub', count: m >= 0 && m <= 4 ? 40 : 2 })
    calls.push({ minute: T0 + m * 60, route: '/users', cause: 'unknown_sub', count: m >= 0 && m <= 5 ? (m % 2 === 0 ? 12 : 8) : 1 })
    calls.push({ minute: T0 + m * 60, route: '/users', cause: '', count: 20 })
  }
  await insertCalls(store, calls)
  alerting = createAlerting({ store, config, logger: pino({ level: 'silent' }), clock: () => at(10) })
  const app = createDashboardApp({ store, config, logger: pino({ level: 'silent' }), version: 'test', operations: alerting.handlers })
  server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve))
  await store?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('/api/v1/alerts', () => {
  it('lists file rules read-only with state, instances and a sparkline', async () => {
    for (let k = 1; k <= 4; k++) await alerting.evaluator!.tick(at(k))
    const { status, json } = await api('GET', '/rules')
    expect(status).toBe(200)
    const list = AlertRuleListSchema.parse(json)
    const [view] = list.rules
    expect(view).toMatchObject({ source: 'file', readOnly: true, state: 'firing' })
    expect(view!.instances[0]).toMatchObject({ labels: { route: '/orders' }, state: 'firing', value: 40, firedAt: new Date(at(4)).toISOString() })
    expect(view!.sparkline).toHaveLength(60)
    expect(view!.sparkline.at(-1)).toBe(2 + 1)
  })

  it('refuses to change a provisioned rule', async () => {
    const { status, json } = await api('PUT', '/rules/unknown-sub-spike', spikeRule)
    expect(status).toBe(409)
    expect(json).toMatchObject({ error: { code: 'read_only' } })
  })

  it('names the rule and the field of a validation error', async () => {
    const { status, json } = await api('POST', '/rules', { ...spikeRule, name: 'bad', condition: { type: 'spike', window: '90s', zScore: 'high' } })
    expect(status).toBe(400)
    const message = (json as { error: { message: string } }).error.message
    expect(message).toContain('rule "bad": condition.zScore')
    const window = await api('POST', '/rules', { ...spikeRule, name: 'bad', condition: { type: 'spike', window: '90s' } })
    expect((window.json as { error: { details: string[] } }).error.details).toEqual(['rule "bad": condition.window: must be whole minutes (the rollups are per minute)'])
    const unknownNotifier = await api('POST', '/rules', { ...spikeRule, name: 'x', notifiers: ['nope'] })
    expect((unknownNotifier.json as { error: { message: string } }).error.message).toBe('rule "x": notifiers: no notifier named "nope"')
  })

  it('creates, updates and deletes rules stored in ClickHouse', async () => {
    const rule = { name: 'users-rate', target: { cause: 'unknown_sub', route: '/users' }, condition: { type: 'threshold', metric: 'rate', value: 0.3 } }
    expect((await api('POST', '/rules', rule)).status).toBe(201)
    expect((await api('POST', '/rules', rule)).status).toBe(409)
    const updated = await api('PUT', '/rules/users-rate', { ...rule, severity: 'critical' })
    expect(updated.json).toMatchObject({ source: 'api', readOnly: false, rule: { severity: 'critical' } })
    expect((await api('DELETE', '/rules/users-rate')).status).toBe(204)
    expect((await api('GET', '/rules/users-rate')).status).toBe(404)
  })

  it('backtests an edited rule with the evaluator state machine', async () => {
    const { status, json } = await api('POST', '/backtest', { rule: spikeRule, range: '1h', to: new Date(at(10)).toISOString() })
    expect(status).toBe(200)
    const result = BacktestResponseSchema.parse(json)
    const orders = result.groups.find((g) => g.labels.route === '/orders')!
    // The evaluator fired at evaluation 4 (first test); the backtest agrees.
    expect(orders.firings).toEqual([at(4)])
    expect(orders.points.find((p) => p.t === at(1))).toMatchObject({ value: 40, state: 'pending', kind: 'breach' })
    expect(orders.timeline.map((s) => s.state)).toEqual(['inactive', 'pending', 'firing', 'resolved'])
    // Without keepFiringFor a threshold hovering at its level flaps; the backtest shows it before saving.
    const hovering = { name: 'hover', target: { cause: 'unknown_sub', route: '/users' }, condition: { type: 'threshold', value: 10, window: '1m' } }
    const flappy = BacktestResponseSchema.parse((await api('POST', '/backtest', { rule: hovering, range: '1h', to: new Date(at(10)).toISOString() })).json)
    expect(flappy.groups[0]!.firings).toHaveLength(3)
    const steady = BacktestResponseSchema.parse((await api('POST', '/backtest', { rule: { ...hovering, keepFiringFor: '3m' }, range: '1h', to: new Date(at(10)).toISOString() })).json)
    expect(steady.groups[0]!.firings).toHaveLength(1)
  })

  it('creates, lists and expires silences', async () => {
    const bad = await api('POST', '/silences', { matchers: [{ name: 'route', value: '(', op: '=~' }], duration: '1h' })
    expect(bad.status).toBe(400)
    const created = await api('POST', '/silences', { matchers: [{ name: 'route', value: '/orders' }], duration: '2h', comment: 'migration' })
    expect(created.status).toBe(201)
    const id = (created.json as { id: string }).id
    const rules = AlertRuleListSchema.parse((await api('GET', '/rules')).json)
    expect(rules.rules[0]!.instances.find((i) => i.labels.route === '/orders')!.silenced).toBe(true)
    expect((await api('DELETE', `/silences/${id}`)).status).toBe(204)
    const list = (await api('GET', '/silences')).json as { silences: { id: string; active: boolean }[] }
    expect(list.silences.find((s) => s.id === id)!.active).toBe(false)
  })

  it('shows notifiers without secrets, history and delivery failures', async () => {
    expect((await api('GET', '/notifiers')).json).toEqual({
      notifiers: [{ name: 'hook', kind: 'webhook', url: 'http://127.0.0.1:9', urls: ['http://127.0.0.1:9'], headers: ['authorization'], sendResolved: true, repeatInterval: '4h' }],
    })
    await alerting.evaluator!.idle()
    const failed = (await api('GET', '/notifications?outcome=failed')).json as { deliveries: { notifier: string; error: string }[] }
    expect(failed.deliveries[0]).toMatchObject({ notifier: 'hook', error: expect.any(String) })
    const history = (await api('GET', '/history?rule=unknown-sub-spike')).json as { entries: { to: string }[] }
    expect(history.entries.map((e) => e.to)).toContain('firing')
    expect((await api('GET', '/history?limit=0')).status).toBe(400)
  })
})

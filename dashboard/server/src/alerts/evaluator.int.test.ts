import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Config } from '@claimcheck/shared'
import type { Store } from '@claimcheck/shared/node'
import { dashboardMetricsFor } from '../http/metrics.ts'
import type { AlertEvaluator } from './evaluator.ts'
import { AlertRepository } from './repository.ts'
import { insertCalls, newEvaluator, openTestStore, startReceiver, testConfig, writeRulesFile } from './test-harness.ts'

// Minute 0 of the scenario; evaluation k runs 5 s into minute k and sees minute k-1.
const T0 = Date.UTC(2026, 0, 5, 12, 0, 0) / 1000
const at = (k: number) => (T0 + k * 60 + 5) * 1000

let store: Store
let dir: string
let config: Config
let receiver: Awaited<ReturnType<typeof startReceiver>>
const delays: number[] = []
const sent = (path: string) => receiver.received.filter((r) => r.path === path)

beforeAll(async () => {
  ;({ store, dir } = await openTestStore())
  receiver = await startReceiver()
  const rulesFile = writeRulesFile(dir, {
    notifiers: [
      { name: 'am', kind: 'alertmanager', url: `${receiver.url}/am` },
      { name: 'slack', kind: 'slack', url: `${receiver.url}/slack` },
      { name: 'hook', kind: 'webhook', url: `${receiver.url}/hook` },
      { name: 'broken', kind: 'webhook', url: `${receiver.url}/fail` },
    ],
    rules: [
      {
        name: 'unknown-sub-spike', target: { cause: 'unknown_sub' }, groupBy: ['route'],
        condition: { type: 'spike', window: '1m', history: 60, zScore: 3, minCount: 10 },
        for: '3m', keepFiringFor: '2m', severity: 'critical', notifiers: ['am', 'slack'],
        annotations: { summary: '{{value}} unknown-sub failures on {{labels.route}} (usually {{baseline}})' },
      },
      {
        name: 'users-hovering', target: { cause: 'unknown_sub', route: '/users' }, groupBy: ['route'],
        condition: { type: 'threshold', value: 10, window: '1m' }, keepFiringFor: '3m', notifiers: ['hook'],
      },
      { name: 'admin-silenced', target: { cause: 'expired', route: '/admin' }, condition: { type: 'threshold', value: 5, window: '1m' }, notifiers: ['hook'] },
      { name: 'orders-broken-hook', target: { cause: 'unknown_sub', route: '/orders' }, condition: { type: 'threshold', value: 20, window: '1m' }, notifiers: ['broken'] },
    ],
  })
  config = testConfig(dir, rulesFile)
  const calls: { minute: number; route: string; cause: string; count: number }[] = []
  for (let m = -70; m < 12; m++) {
    const minute = T0 + m * 60
    // /orders: 2 unknown-sub failures a minute, then 40 a minute for minutes 0–4.
    calls.push({ minute, route: '/orders', cause: 'unknown_sub', count: m >= 0 && m <= 4 ? 40 : 2 })
    calls.push({ minute, route: '/orders', cause: '', count: 30 })
    // /users hovers around its threshold of 10 for minutes 0–5.
    calls.push({ minute, route: '/users', cause: 'unknown_sub', count: m >= 0 && m <= 5 ? (m % 2 === 0 ? 12 : 8) : 1 })
    calls.push({ minute, route: '/users', cause: '', count: 30 })
    // /quiet: nothing, then 9 failures in minute 1 (below minCount 10).
    calls.push({ minute, route: '/quiet', cause: 'unknown_sub', count: m === 1 ? 9 : 0 })
    calls.push({ minute, route: '/quiet', cause: '', count: 5 })
    calls.push({ minute, route: '/admin', cause: 'expired', count: m >= 0 && m <= 2 ? 9 : 0 })
    calls.push({ minute, route: '/admin', cause: '', count: 5 })
  }
  await insertCalls(store, calls.filter((c) => c.count > 0))
  // Silence the admin rule for the whole scenario.
  await new AlertRepository(store).saveSilence({
    id: 'silence-admin', matchers: [{ name: 'alertname', value: 'admin-.*', op: '=~' }],
    startsAt: new Date(at(-10)).toISOString(), endsAt: new Date(at(60)).toISOString(), createdBy: 'test', comment: '',
  }, at(-10))
})

afterAll(async () => {
  await receiver?.close()
  await store?.close()
  rmSync(dir, { recursive: true, force: true })
})

async function run(evaluator: AlertEvaluator, from: number, to: number, perTick?: (k: number) => void): Promise<void> {
  for (let k = from; k <= to; k++) {
    await evaluator.tick(at(k))
    await evaluator.idle()
    perTick?.(k)
  }
}

function stateOf(evaluator: AlertEvaluator, rule: string, route?: string): string | undefined {
  return evaluator.snapshot(rule).instances.find((i) => route === undefined || i.labels.route === route)?.state
}

describe('AlertEvaluator', () => {
  const spikeStates: string[] = []
  const usersStates: string[] = []
  const track = (evaluator: AlertEvaluator) => () => {
    spikeStates.push(stateOf(evaluator, 'unknown-sub-spike', '/orders') ?? 'none')
    usersStates.push(stateOf(evaluator, 'users-hovering') ?? 'none')
  }

  it('goes pending on an unknown-sub spike, survives a restart mid-pending, fires after `for` and notifies', async () => {
    const first = newEvaluator(store, config, delays)
    await run(first, 1, 2, track(first))
    expect(spikeStates).toEqual(['pending', 'pending'])
    expect(sent('/am/api/v2/alerts')).toHaveLength(0)
    // Restart mid-pending: the pending start comes back from ClickHouse, so it fires on time.
    const second = newEvaluator(store, config, delays)
    await run(second, 3, 4, track(second))
    expect(spikeStates).toEqual(['pending', 'pending', 'pending', 'firing'])
    const [am] = sent('/am/api/v2/alerts')
    expect(am!.body).toEqual([{
      labels: { alertname: 'unknown-sub-spike', severity: 'critical', cause: 'unknown_sub', route: '/orders' },
      annotations: expect.objectContaining({ summary: '40 unknown-sub failures on /orders (usually 3.9)' }),
      startsAt: new Date(at(4)).toISOString(),
      endsAt: new Date(at(4) + 4 * 60_000).toISOString(),
      generatorURL: expect.stringMatching(/^http:\/\/claimcheck\.test\/causes\/unknown_sub\?from=.*&to=2026-01-05T12%3A04%3A00\.000Z&route=%2Forders$/),
    }])
    const slack = sent('/slack')[0]!.body as { text: string; blocks: { type: string }[] }
    expect(slack.text).toMatch(/^FIRING: unknown-sub-spike 40 unknown-sub failures/)
    expect(slack.blocks.map((b) => b.type)).toEqual(['section', 'context'])
  })

  it('neither re-notifies after a restart mid-firing nor forgets to resolve, and sends resolved', async () => {
    const third = newEvaluator(store, config, delays)
    // Alertmanager resends every minute (its endsAt must stay ahead); Slack only once per episode.
    await run(third, 5, 8, track(third))
    expect(spikeStates.slice(4)).toEqual(['firing', 'firing', 'resolved', 'resolved'])
    expect(sent('/slack')).toHaveLength(2)
    expect(sent('/am/api/v2/alerts')).toHaveLength(4)
    const resolved = sent('/slack')[1]!.body as { text: string }
    expect(resolved.text).toMatch(/^RESOLVED: unknown-sub-spike/)
    const amResolved = sent('/am/api/v2/alerts').at(-1)!.body as { endsAt: string; startsAt: string }[]
    expect(amResolved[0]!.endsAt).toBe(new Date(at(7)).toISOString())
    expect(amResolved[0]!.startsAt).toBe(new Date(at(4)).toISOString())
    const history = await new AlertRepository(store).history({ rule: 'unknown-sub-spike', limit: 50 })
    expect(history.filter((h) => h.labels.route === '/orders').map((h) => `${h.from}>${h.to}`).reverse()).toEqual(['inactive>pending', 'pending>firing', 'firing>resolved'])
    // The same notifications on /metrics, by notifier, status and outcome.
    const counted = (await dashboardMetricsFor(store).notifications.get()).values.filter((v) => v.labels.notifier === 'slack' && v.labels.outcome === 'sent')
    expect(Object.fromEntries(counted.map((v) => [v.labels.status, v.value]))).toEqual({ firing: 1, resolved: 1 })
    const evaluations = (await dashboardMetricsFor(store).evaluations.get()).values.find((v) => v.labels.rule === 'unknown-sub-spike' && v.labels.outcome === 'ok')
    expect(evaluations?.value).toBe(8)
  })

  it('does not flap while a value hovers around the threshold (keepFiringFor)', () => {
    // 12, 8, 12, 8, 12, 8 failures against a threshold of 10: one episode, resolved 3m after the last breach.
    expect(usersStates).toEqual(['firing', 'firing', 'firing', 'firing', 'firing', 'firing', 'firing', 'resolved'])
    const hooks = sent('/hook').map((r) => r.body as { status: string; alerts: { labels: Record<string, string> }[] })
    const users = hooks.filter((h) => h.alerts[0]!.labels.alertname === 'users-hovering')
    expect(users.map((h) => h.status)).toEqual(['firing', 'resolved'])
  })

  it('never pages a quiet series below the minimum count', async () => {
    const evaluator = newEvaluator(store, config, delays)
    await run(evaluator, 9, 9)
    const quiet = (await new AlertRepository(store).history({ rule: 'unknown-sub-spike', limit: 100 })).filter((h) => h.labels.route === '/quiet')
    expect(quiet).toEqual([])
    expect(receiver.received.some((r) => JSON.stringify(r.body).includes('/quiet'))).toBe(false)
  })

  it('sends the webhook v4 shape, and suppresses silenced alerts', async () => {
    const hook = sent('/hook')[0]!.body as Record<string, unknown>
    expect(hook).toMatchObject({
      version: '4', status: 'firing', receiver: 'hook', groupLabels: { alertname: 'users-hovering', route: '/users' },
      groupKey: '{}:{alertname="users-hovering", route="/users"}', externalURL: 'http://claimcheck.test', truncatedAlerts: 0,
      alerts: [{ status: 'firing', endsAt: '0001-01-01T00:00:00Z', startsAt: new Date(at(1)).toISOString(), fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) }],
    })
    expect(receiver.received.some((r) => JSON.stringify(r.body).includes('admin-silenced'))).toBe(false)
    const silenced = await new AlertRepository(store).deliveries({ rule: 'admin-silenced', limit: 10 })
    expect(silenced.map((d) => d.outcome)).toEqual(['silenced'])
  })

  it('retries failed deliveries with backoff, then records the failure and waits before trying again', async () => {
    expect(sent('/fail')).toHaveLength(3)
    // Half of the ceilings 5 and 10 ms (notifier.initialBackoffMs 5): jittered, doubling.
    expect(delays.slice(0, 2)).toEqual([3, 5])
    const failed = await new AlertRepository(store).deliveries({ outcome: 'failed', limit: 10 })
    expect(failed).toEqual([expect.objectContaining({ rule: 'orders-broken-hook', notifier: 'broken', attempts: 3, httpStatus: 503, status: 'firing', error: 'HTTP 503: unavailable' })])
  })
})

import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Config } from '@claimcheck/shared'
import { fingerprintOf } from './engine/payloads.ts'
import type { Store } from '@claimcheck/shared/node'
import type { AlertEvaluator } from './evaluator.ts'
import { AlertRepository } from './repository.ts'
import { insertCalls, newEvaluator, openTestStore, startReceiver, testConfig, writeRulesFile } from './test-harness.ts'

// The real Alertmanager (Debian's prometheus-alertmanager) started by the test on a free port,
// with its own storage and clustering off, fed by the evaluator: firing, silence, resolve, and
// the fingerprint Alertmanager computes for our alert equal to ours.

const BINARY = process.env.CLAIMCHECK_ALERTMANAGER ?? '/usr/bin/prometheus-alertmanager'
const hasAlertmanager = spawnSync(BINARY, ['--version']).status === 0

// Ten minutes ago, minute-aligned: the failures fall in minute M, evaluated at M+1 (fires) and
// M+2 (resolves) on the evaluator's clock, so the resolve time is already past for Alertmanager.
const M = Math.floor(Date.now() / 60_000) * 60 - 600
const at = (k: number) => (M + k * 60 + 5) * 1000

let store: Store
let dir: string
let config: Config
let receiver: Awaited<ReturnType<typeof startReceiver>>
let alertmanager: ChildProcess | undefined
let amUrl: string
let evaluator: AlertEvaluator
let amLog = ''

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe().catch(() => undefined)
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${amLog}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

interface AmAlert { labels: Record<string, string>; annotations: Record<string, string>; fingerprint: string; status: { state: string; silencedBy: string[] } }
const amAlerts = async (): Promise<AmAlert[]> => (await fetch(`${amUrl}/api/v2/alerts`)).json() as Promise<AmAlert[]>
const webhooks = () => receiver.received.filter((r) => r.path === '/am-webhook').map((r) => r.body as { status: string; alerts: { status: string; labels: Record<string, string>; annotations: Record<string, string>; fingerprint: string }[] })

beforeAll(async () => {
  if (!hasAlertmanager) return
  ;({ store, dir } = await openTestStore())
  receiver = await startReceiver()
  const port = await freePort()
  amUrl = `http://127.0.0.1:${port}`
  const amDir = join(dir, 'alertmanager')
  mkdirSync(amDir)
  writeFileSync(join(amDir, 'alertmanager.yml'), [
    'route:',
    '  receiver: claimcheck-test',
    "  group_by: ['alertname', 'route']",
    '  group_wait: 0s',
    '  group_interval: 1s',
    '  repeat_interval: 1h',
    'receivers:',
    '  - name: claimcheck-test',
    '    webhook_configs:',
    `      - url: ${receiver.url}/am-webhook`,
    '        send_resolved: true',
  ].join('\n'))
  alertmanager = spawn(BINARY, [
    `--config.file=${join(amDir, 'alertmanager.yml')}`, `--storage.path=${join(amDir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', '--log.level=warn',
  ], { stdio: ['ignore', 'pipe', 'pipe'] })
  alertmanager.stdout!.on('data', (chunk) => (amLog += chunk))
  alertmanager.stderr!.on('data', (chunk) => (amLog += chunk))
  await until('Alertmanager ready', async () => ((await fetch(`${amUrl}/-/ready`)).ok ? true : undefined))

  const rulesFile = writeRulesFile(dir, {
    notifiers: [
      // An HA pair of which one member is down: delivered through the other.
      { name: 'am-pair', kind: 'alertmanager', urls: [amUrl, 'http://127.0.0.1:9'], repeatInterval: '1h' },
      { name: 'hook', kind: 'webhook', url: `${receiver.url}/hook` },
    ],
    rules: [{
      name: 'unknown-sub-burst', target: { cause: 'unknown_sub' }, groupBy: ['route'],
      condition: { type: 'threshold', value: 10, window: '1m' },
      annotations: { summary: '{{value}} unknown-sub failures on {{labels.route}} in {{window}}' },
    }],
  })
  config = testConfig(dir, rulesFile)
  await insertCalls(store, [
    { minute: M, route: '/orders', cause: 'unknown_sub', count: 25 },
    { minute: M, route: '', cause: 'unknown_sub', count: 15 },
    { minute: M + 60, route: '/orders', cause: '', count: 30 },
  ])
  evaluator = newEvaluator(store, config)
})

afterAll(async () => {
  alertmanager?.kill('SIGTERM')
  await receiver?.close()
  await store?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe.skipIf(!hasAlertmanager)('the real Alertmanager', () => {
  it('receives our firing alerts with the fingerprint we compute, through the live member of an HA pair', async () => {
    await evaluator.tick(at(1))
    await evaluator.idle()
    const alerts = await until('two alerts in Alertmanager', async () => {
      const list = await amAlerts()
      return list.length === 2 ? list : undefined
    })
    const orders = alerts.find((a) => a.labels.route === '/orders')!
    const noRoute = alerts.find((a) => a.labels.route === undefined)!
    expect(orders.labels).toEqual({ alertname: 'unknown-sub-burst', severity: 'warning', cause: 'unknown_sub', route: '/orders' })
    expect(orders.annotations.summary).toBe('25 unknown-sub failures on /orders in 1m')
    // An empty group value is no label and reads as such.
    expect(noRoute.labels).not.toHaveProperty('route')
    expect(noRoute.annotations.summary).toBe('15 unknown-sub failures on (no route) in 1m')
    for (const alert of alerts) {
      expect(alert.fingerprint).toBe(fingerprintOf(alert.labels))
      expect(alert.status.state).toBe('active')
    }
    // Our webhook notifier names the same alert with the same id.
    const hook = receiver.received.filter((r) => r.path === '/hook').map((r) => (r.body as { alerts: { labels: Record<string, string>; fingerprint: string }[] }).alerts[0]!)
    expect(hook.find((a) => a.labels.route === '/orders')?.fingerprint).toBe(orders.fingerprint)
    // Alertmanager's own notification carries its fingerprint: the same.
    const notified = await until('Alertmanager webhook', async () => webhooks().flatMap((w) => w.alerts).find((a) => a.labels.route === '/orders'))
    expect(notified.fingerprint).toBe(orders.fingerprint)

    const deliveries = await new AlertRepository(store).deliveries({ notifier: 'am-pair', limit: 10 })
    expect(deliveries.map((d) => d.outcome)).toEqual(['sent', 'sent'])
    expect(deliveries[0]!.error).toMatch(/^127\.0\.0\.1:9: /)
  })

  it('applies an Alertmanager silence to our alert', async () => {
    const response = await fetch(`${amUrl}/api/v2/silences`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        matchers: [{ name: 'alertname', value: 'unknown-sub-burst', isRegex: false, isEqual: true }, { name: 'route', value: '/orders', isRegex: false, isEqual: true }],
        startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString(), createdBy: 'claimcheck test', comment: 'maintenance',
      }),
    })
    expect(response.status).toBe(200)
    const { silenceID } = (await response.json()) as { silenceID: string }
    const orders = await until('the /orders alert suppressed', async () => {
      const alert = (await amAlerts()).find((a) => a.labels.route === '/orders')
      return alert?.status.state === 'suppressed' ? alert : undefined
    })
    expect(orders.status.silencedBy).toEqual([silenceID])
    expect((await amAlerts()).find((a) => a.labels.route === undefined)?.status.state).toBe('active')
    await fetch(`${amUrl}/api/v2/silence/${silenceID}`, { method: 'DELETE' })
  })

  it('resolves them, the resolved notice keeping the firing text and values', async () => {
    await evaluator.tick(at(2))
    await evaluator.idle()
    await until('no active alerts in Alertmanager', async () => ((await amAlerts()).length === 0 ? true : undefined))
    const resolved = await until('a resolved webhook from Alertmanager', async () =>
      webhooks().flatMap((w) => w.alerts).find((a) => a.status === 'resolved' && a.labels.route === '/orders'))
    expect(resolved.annotations.summary).toBe('25 unknown-sub failures on /orders in 1m')
    const ours = receiver.received.filter((r) => r.path === '/hook').map((r) => r.body as { status: string; alerts: { labels: Record<string, string>; annotations: Record<string, string> }[] })
    const oursResolved = ours.find((b) => b.status === 'resolved' && b.alerts[0]!.labels.route === undefined)
    expect(oursResolved?.alerts[0]!.annotations.summary).toBe('15 unknown-sub failures on (no route) in 1m')
  })
})

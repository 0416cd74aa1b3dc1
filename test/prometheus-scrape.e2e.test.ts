import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI } from './support/cli-process.ts'

// Issue 16: what a Prometheus server scrapes from real `claimcheck dashboard` and `claimcheck
// collector` processes (the CLI entry, embedded engine, each its own data dir, free ports) passes
// the real promtool (Debian's `prometheus` package; .ci/run installs it).
const PROMTOOL = '/usr/bin/promtool'
const TOKEN = 'prometheus-scrape-token-0123456789abcdef'
const bearer = { headers: { authorization: `Bearer ${TOKEN}` } }

interface Running { child: ChildProcess; port: number; output: () => string }

let dir = ''
const running: Running[] = []
let dashboard: Running
let collector: Running

/** Starts `claimcheck <role>` and waits for the JSON log line that carries the port it listens on. */
async function start(role: 'dashboard' | 'collector', env: Record<string, string>): Promise<Running> {
  const ports = role === 'dashboard' ? ['--port', '0'] : ['--otlp-http-port', '0', '--otlp-grpc-port', '0']
  const child = spawn(process.execPath, [CLI, role, '--data-dir', join(dir, role), ...ports], {
    env: { ...process.env, CLAIMCHECK_LOG_JSON: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const proc = { child, port: 0, output: () => output }
  running.push(proc)
  proc.port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`claimcheck ${role} did not start in time:\n${output}`)), 90_000)
    const check = () => {
      for (const line of output.split('\n').filter((l) => l.startsWith('{'))) {
        const entry = JSON.parse(line) as { port?: number; http?: number; msg?: string }
        const port = role === 'dashboard' ? (entry.msg?.startsWith('dashboard') ? entry.port : undefined) : entry.http
        if (port !== undefined) {
          clearTimeout(timer)
          return resolve(port)
        }
      }
    }
    child.stdout!.on('data', check)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`claimcheck ${role} exited with ${code}:\n${output}`))
    })
  })
  return proc
}

function promtool(text: string) {
  return spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' })
}

beforeAll(async () => {
  if (!existsSync(PROMTOOL)) return
  dir = mkdtempSync(join(tmpdir(), 'claimcheck-scrape-'))
  const rulesFile = join(dir, 'alerts.yaml')
  // One rule, so the evaluator's first tick (at start) evaluates something.
  writeFileSync(rulesFile, [
    'rules:',
    '  - name: expired-burst',
    '    target: { cause: expired }',
    '    condition: { type: threshold, metric: count, op: ">", value: 50, window: 10m }',
    '',
  ].join('\n'))
  const env = { CLAIMCHECK_API_TOKENS: TOKEN, CLAIMCHECK_METRICS_LOOPBACK_UNAUTHENTICATED: 'false', CLAIMCHECK_ALERTS_FILE: rulesFile }
  ;[dashboard, collector] = await Promise.all([start('dashboard', env), start('collector', env)])
}, 180_000)

afterAll(async () => {
  await Promise.all(running.map(({ child }) => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })))
  if (dir) rmSync(dir, { recursive: true, force: true })
}, 60_000)

describe.skipIf(!existsSync(PROMTOOL))('/metrics of real claimcheck processes, checked by promtool', () => {
  it('claimcheck dashboard: wants the API token, then passes promtool with alert evaluation and query metrics', async () => {
    const url = `http://127.0.0.1:${dashboard.port}`
    expect((await fetch(`${url}/metrics`)).status).toBe(401)
    // A query through the API, so the query counter has a sample; the evaluator ticked at start.
    expect((await fetch(`${url}/api/v1/summary?from=now-1h`, bearer)).status).toBe(200)
    let text = ''
    // The first evaluation runs right after start-up, alongside the query: scrape until it is counted.
    for (let attempt = 0; attempt < 50 && !/^claimcheck_alert_evaluations_total\{/m.test(text); attempt++) {
      const response = await fetch(`${url}/metrics`, bearer)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/)
      text = await response.text()
      if (!/^claimcheck_alert_evaluations_total\{/m.test(text)) await new Promise((resolve) => setTimeout(resolve, 200))
    }
    const checked = promtool(text)
    expect(checked.stdout + checked.stderr).toBe('')
    expect(checked.status).toBe(0)
    expect(text).toMatch(/^claimcheck_alert_evaluations_total\{rule="expired-burst",outcome="ok"\} 1/m)
    expect(text).toMatch(/^# TYPE claimcheck_alert_evaluation_duration_seconds histogram$/m)
    expect(text).toMatch(/^# TYPE claimcheck_alert_notifications_total counter$/m)
    expect(text).toMatch(/^claimcheck_dashboard_queries_total\{resource="summary",outcome="ok"\} \d+/m)
    expect(text).toMatch(/^claimcheck_dashboard_http_requests_total\{method="GET",route="\/api\/v1\/summary",http_status="200"\} 1$/m)
    // Stock Node.js dashboards want the default process metric names.
    expect(text).toMatch(/^process_cpu_seconds_total /m)
  })

  it('claimcheck collector: /metrics on the OTLP port passes promtool', async () => {
    const response = await fetch(`http://127.0.0.1:${collector.port}/metrics`)
    expect(response.status).toBe(200)
    const text = await response.text()
    const checked = promtool(text)
    expect(checked.stdout + checked.stderr).toBe('')
    expect(checked.status).toBe(0)
    expect(text).toMatch(/^# TYPE claimcheck_otlp_requests_total counter$/m)
    expect(text).toMatch(/^# TYPE claimcheck_records_accepted_total counter$/m)
    expect(text).toMatch(/^process_cpu_seconds_total /m)
  })
})

if (!existsSync(PROMTOOL)) {
  describe('/metrics of real claimcheck processes', () => {
    it.skip(`skipped: ${PROMTOOL} is absent (Debian's prometheus package; .ci/run installs it)`, () => {})
  })
}

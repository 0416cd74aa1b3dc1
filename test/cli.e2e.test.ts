import { mkdtempSync, writeFileSync } from 'node:fs'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli, startCli } from './support/cli-process.ts'
import { jsonLogs } from './support/otlp-bodies.ts'

// The claimcheck command as a user runs it: separate processes, real ports, a real data directory.

const dataDir = () => mkdtempSync(join(tmpdir(), 'claimcheck-cli-'))

/** The password the first start printed once, in its box. */
function printedPassword(output: string): string | undefined {
  return /Sign in to the dashboard as "admin" with the password:\s*│\s*│\s+(\S+)/.exec(output)?.[1]
}

async function signIn(port: number, password: string): Promise<{ cookie: string; csrf: string }> {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user: 'admin', password }),
  })
  expect(response.status).toBe(200)
  return { cookie: response.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await response.json()) as { csrfToken: string }).csrfToken }
}

async function adhocCount(port: number, table: string, session: { cookie: string; csrf: string }): Promise<number | undefined> {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/query`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
    body: JSON.stringify({ sql: `SELECT count() AS n FROM ${table}` }),
  })
  if (!response.ok) return undefined
  const body: any = await response.json()
  const first = body.rows?.[0]
  return Number(Array.isArray(first) ? first[0] : first?.n)
}

describe('claimcheck start', () => {
  it('serves /api/health on the embedded engine, shuts down cleanly and keeps data across restarts', async () => {
    const dir = dataDir()
    const first = await startCli(['start', '--data-dir', dir])
    const health: any = await (await fetch(`http://127.0.0.1:${first.dashboardPort}/api/health`)).json()
    expect(health).toMatchObject({ status: 'ok', store: { mode: 'embedded', location: dir } })
    expect(health.store.clickhouseVersion).toMatch(/^\d+\.\d+/)

    const sent = await fetch(`http://127.0.0.1:${first.httpPort}/v1/logs`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: jsonLogs(7, { service: 'restart-test' }) })
    expect(sent.status).toBe(200)

    // A second process on the same directory is refused with a clear, one-line message.
    const second = runCli(['start', '--data-dir', dir, '--port', '0', '--otlp-http-port', '0', '--otlp-grpc-port', '0'])
    expect(second.status).toBe(1)
    expect(second.stderr.trim()).toMatch(/^claimcheck: Data directory .* is already in use by another claimcheck process \(pid \d+\)/)
    expect(second.stderr).not.toMatch(/\n\s+at /)

    // The first start created `admin` and printed its password once, outside the JSON log lines.
    const password = printedPassword(first.output())
    expect(password).toMatch(/^[\w-]{20}$/)
    const logLines = first.output().split('\n').filter((line) => line.startsWith('{'))
    expect(logLines.some((line) => line.includes(password!))).toBe(false)
    expect(first.output().split(password!).length - 1).toBe(1)
    expect(await first.stop()).toBe(0)
    expect(first.output()).toMatch(/accepted data written/)

    const again = await startCli(['start', '--data-dir', dir])
    try {
      expect(await adhocCount(again.dashboardPort, "otel_logs WHERE ServiceName = 'restart-test'", await signIn(again.dashboardPort, password!))).toBe(7)
      // Never shown again, and stored only as a hash.
      expect(again.output()).not.toContain(password)
      expect(printedPassword(again.output())).toBeUndefined()
      const anonymous = await fetch(`http://127.0.0.1:${again.dashboardPort}/api/v1/calls`)
      expect(anonymous.status).toBe(401)
    } finally {
      expect(await again.stop()).toBe(0)
    }
  })

  it('listens on loopback only without authentication, dashboard and ingest, and says so', async () => {
    const running = await startCli(['start', '--data-dir', dataDir()])
    try {
      const lines = running.output().split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line))
      expect(lines.find((line) => line.msg?.startsWith('dashboard on'))).toMatchObject({ host: '127.0.0.1' })
      expect(lines.find((line) => line.http !== undefined)).toMatchObject({ host: '127.0.0.1' })
      expect(running.output()).toMatch(/OTLP ingest listens on loopback only: no ingest tokens are set/)
      expect(running.output()).toMatch(/dashboard listens on loopback only/)
      // Another address of this machine is refused, for the dashboard and for ingest.
      const external = Object.values(networkInterfaces()).flat().find((address) => address && address.family === 'IPv4' && !address.internal)
      for (const port of external ? [running.dashboardPort, running.httpPort] : []) {
        await expect(fetch(`http://${external!.address}:${port}/api/health`)).rejects.toThrow()
      }
      expect((await fetch(`http://127.0.0.1:${running.dashboardPort}/api/health`)).status).toBe(200)
    } finally {
      expect(await running.stop()).toBe(0)
    }
  })
})

describe('claimcheck users', () => {
  it('creates a user with a generated password shown once, lists it, and the password signs in', async () => {
    const dir = dataDir()
    const created = runCli(['users', 'set-password', 'vera', '--role', 'viewer', '--data-dir', dir])
    expect(created.status).toBe(0)
    const password = /shown only now:\s+(\S+)/.exec(created.stdout)?.[1]
    expect(password).toMatch(/^[\w-]{20}$/)
    expect(runCli(['users', 'list', '--data-dir', dir]).stdout).toMatch(/^vera\s+viewer\s*$/m)
    const running = await startCli(['start', '--data-dir', dir])
    try {
      const response = await fetch(`http://127.0.0.1:${running.dashboardPort}/api/v1/auth/login`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user: 'vera', password }),
      })
      expect(await response.json()).toMatchObject({ user: 'vera', role: 'viewer' })
      // A user existed before the first start: no admin is generated.
      expect(printedPassword(running.output())).toBeUndefined()
    } finally {
      expect(await running.stop()).toBe(0)
    }
  }, 120_000)
})

describe('configuration errors', () => {
  it('fail at start with the key, the value and what was expected', () => {
    const result = runCli(['start', '--data-dir', dataDir()], { CLAIMCHECK_OTLP_HTTP_PORT: 'eighty' })
    expect(result.status).toBe(1)
    expect(result.stderr.trim()).toBe('claimcheck: Invalid configuration: collector.httpPort = "eighty" (from env CLAIMCHECK_OTLP_HTTP_PORT): expected a port number from 0 to 65535')
  })

  it('name the file and key for a bad config file value', () => {
    const file = join(dataDir(), 'claimcheck.yaml')
    writeFileSync(file, 'retention:\n  callsDays: -3\n')
    const result = runCli(['migrate', '--config', file, '--data-dir', dataDir()])
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/retention\.callsDays = -3 \(from file .*claimcheck\.yaml\)/)
  })

  it('report an unreachable ClickHouse server in one line', () => {
    const result = runCli(['migrate', '--clickhouse-url', 'http://127.0.0.1:1'])
    expect(result.status).toBe(1)
    expect(result.stderr.trim()).toMatch(/^claimcheck: Cannot reach ClickHouse at http:\/\/127\.0\.0\.1:1/)
  })
})

describe('claimcheck migrate and config print', () => {
  it('migrates once, then reports the schema is current', () => {
    const dir = dataDir()
    expect(runCli(['migrate', '--data-dir', dir]).stdout).toMatch(/applied migrations 1, 2, 3, 4/)
    expect(runCli(['migrate', '--data-dir', dir]).stdout).toMatch(/schema already at version/)
  })

  it('prints the effective config with secrets masked', () => {
    const result = runCli(['config', 'print', '--json'], { CLICKHOUSE_PASSWORD: 'hunter2', CLAIMCHECK_INGEST_TOKENS: 'tok-a,tok-b', CLAIMCHECK_PORT: '9999' })
    expect(result.status).toBe(0)
    const printed = JSON.parse(result.stdout)
    expect(printed.dashboard.port).toBe(9999)
    expect(printed.store.password).toBe('[REDACTED]')
    expect(printed.collector.authTokens).toEqual(['[REDACTED]', '[REDACTED]'])
    expect(result.stdout).not.toContain('hunter2')
  })

  it('has --help on every command', () => {
    for (const command of [[], ['start'], ['collector'], ['dashboard'], ['migrate'], ['config', 'print'], ['users', 'set-password']]) {
      const result = runCli([...command, '--help'])
      expect(result.status, command.join(' ')).toBe(0)
      expect(result.stdout).toMatch(/Usage: claimcheck/)
    }
  }, 120_000)
})

describe('claimcheck command errors', () => {
  it('names an unknown command instead of reading it as an argument of start', () => {
    const result = runCli(['bogus'])
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/^claimcheck: unknown command 'bogus'\. Commands: start, collector, dashboard, migrate, config, reclassify, attach, demo/)
    expect(result.stderr).not.toContain('too many arguments')
  })

  it('refuses a bad alerts file with the valid causes, before any receiver listens', () => {
    const dir = dataDir()
    const rules = join(dir, 'alerts.yaml')
    writeFileSync(rules, 'rules:\n  - name: typo\n    target: { cause: unknwon_sub }\n    condition: { type: threshold, value: 5, window: 1m }\n')
    const result = runCli(['start', '--data-dir', join(dir, 'data'), '--port', '0', '--otlp-http-port', '0', '--otlp-grpc-port', '0'], { CLAIMCHECK_ALERTS_FILE: rules })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('target.cause: must be one of: expired, unknown_sub, insufficient_scope, misconfig, malformed, missing_token, not_yet_valid, revoked, other, any')
    expect(result.stdout).not.toMatch(/OTLP receivers listening|store ready/)
  })
})

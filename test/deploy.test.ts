import { readFileSync } from 'node:fs'
import { parseAllDocuments } from 'yaml'
import { describe, expect, it } from 'vitest'
import { ENV_BINDINGS } from '@claimcheck/shared/node/config'

// The deploy files cannot be started here (no Docker engine, no ClickHouse server): check what
// can be checked, so that a renamed variable or command breaks a test instead of a deployment.

const read = (path: string) => readFileSync(new URL(`../deploy/${path}`, import.meta.url), 'utf8')
const KNOWN_ENV = new Set([...ENV_BINDINGS.map((binding) => binding.env), 'CLAIMCHECK_CONFIG', 'CLAIMCHECK_LOG_JSON'])
const COMMANDS = new Set(['start', 'collector', 'dashboard', 'migrate'])

function envNames(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => envNames(item, found))
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (/^(CLAIMCHECK|CLICKHOUSE)_/.test(key) && !/^CLICKHOUSE_(DEFAULT_ACCESS_MANAGEMENT)$/.test(key)) found.push(key)
      envNames(inner, found)
    }
  }
  return found
}

describe('deploy/docker-compose.yml', () => {
  const compose = parseAllDocuments(read('docker-compose.yml'), { merge: true })[0]!.toJS({ maxAliasCount: 100 }) as any
  it('sets only variables claimcheck reads and runs real commands', () => {
    const claimcheckServices = ['migrate', 'collector', 'dashboard']
    for (const name of claimcheckServices) {
      const service = compose.services[name]
      expect(COMMANDS.has(service.command[0]), name).toBe(true)
      for (const env of envNames(service.environment)) expect(KNOWN_ENV.has(env), `${name}: ${env}`).toBe(true)
      expect(service.environment.CLICKHOUSE_URL).toBe('http://clickhouse:8123')
    }
  })

  it('listens on every interface only with authentication: ingest tokens, an admin password', () => {
    expect(compose.services.collector.environment).toMatchObject({ CLAIMCHECK_OTLP_HOST: '0.0.0.0', CLAIMCHECK_INGEST_TOKENS: expect.any(String) })
    expect(compose.services.dashboard.environment).toMatchObject({ CLAIMCHECK_HOST: '0.0.0.0', CLAIMCHECK_ADMIN_PASSWORD: expect.stringMatching(/^.{12,}$/) })
  })
})

describe('deploy/kubernetes/claimcheck.yaml', () => {
  const docs = parseAllDocuments(read('kubernetes/claimcheck.yaml')).map((doc) => doc.toJS() as any)
  it('parses, uses known variables, real commands and the default ports', () => {
    const secret = docs.find((doc) => doc.kind === 'Secret')
    for (const env of Object.keys(secret.stringData)) expect(KNOWN_ENV.has(env), env).toBe(true)
    for (const deployment of docs.filter((doc) => doc.kind === 'Deployment')) {
      const [container] = deployment.spec.template.spec.containers
      expect(COMMANDS.has(container.args[0])).toBe(true)
      const ports = container.ports.map((port: { containerPort: number }) => port.containerPort)
      expect(ports).toEqual(container.args[0] === 'collector' ? [4318, 4317] : [8080])
      const host = container.env.find((env: { name: string }) => env.name === (container.args[0] === 'collector' ? 'CLAIMCHECK_OTLP_HOST' : 'CLAIMCHECK_HOST'))
      expect(host?.value, container.args[0]).toBe('0.0.0.0')
    }
    expect(secret.stringData.CLAIMCHECK_INGEST_TOKENS).toBeTruthy()
    expect(secret.stringData.CLAIMCHECK_ADMIN_PASSWORD.length).toBeGreaterThanOrEqual(12)
  })
})

describe('deploy/otel/collector.yaml', () => {
  const config = parseAllDocuments(read('otel/collector.yaml'))[0]!.toJS() as any
  it('forwards logs and traces to claimcheck over OTLP/HTTP with the current exporter name', () => {
    expect(config.exporters['otlp_http/claimcheck'].endpoint).toBe('http://collector:4318')
    for (const pipeline of ['logs', 'traces']) expect(config.service.pipelines[pipeline].exporters).toContain('otlp_http/claimcheck')
  })

  it('defines every receiver, processor and exporter its pipelines name', () => {
    for (const pipeline of Object.values(config.service.pipelines) as Record<string, string[]>[]) {
      for (const kind of ['receivers', 'processors', 'exporters']) {
        for (const name of pipeline[kind] ?? []) expect(config[kind], `${kind}: ${name}`).toHaveProperty([name])
      }
    }
  })
})

import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig, maskSecrets } from './config-loader.ts'
import { StartupError } from './errors.ts'

const tmp = mkdtempSync(join(tmpdir(), 'claimcheck-config-'))

describe('loadConfig', () => {
  it('gives documented defaults with no input', () => {
    const { config } = loadConfig({ env: {} })
    expect(config.store.dataDir).toBe('./data')
    expect(config.store.url).toBeUndefined()
    expect(config.collector.httpPort).toBe(4318)
    expect(config.collector.grpcPort).toBe(4317)
    expect(config.dashboard.port).toBe(8080)
    expect(config.collector.maxBodyBytes).toBe(20 * 1024 * 1024)
    expect(config.telemetry.enabled).toBe(false)
  })

  it('layers file, then env, then command-line flags', () => {
    const file = join(tmp, 'layers.yaml')
    writeFileSync(file, 'dashboard:\n  port: 9000\ncollector:\n  httpPort: 5000\n  grpcPort: 5001\n')
    const { config, origins } = loadConfig({
      file,
      env: { CLAIMCHECK_OTLP_HTTP_PORT: '6000', CLAIMCHECK_INGEST_TOKENS: 'a, b' },
      overrides: { 'collector.grpcPort': 7001 },
    })
    expect(config.dashboard.port).toBe(9000)
    expect(config.collector.httpPort).toBe(6000)
    expect(config.collector.grpcPort).toBe(7001)
    expect(config.collector.authTokens).toEqual(['a', 'b'])
    expect(origins.get('collector.httpPort')).toBe('env CLAIMCHECK_OTLP_HTTP_PORT')
  })

  it('reads JSON config files and auth expectations', () => {
    const file = join(tmp, 'c.json')
    writeFileSync(file, JSON.stringify({ classifier: { expectations: [{ route: '/orders', issuers: ['https://idp'] }] } }))
    const { config } = loadConfig({ file, env: {} })
    expect(config.classifier.expectations[0]).toMatchObject({ route: '/orders', issuers: ['https://idp'], audiences: [] })
  })

  it('names the key, the value, where it came from and what was expected', () => {
    expect(() => loadConfig({ env: { CLAIMCHECK_PORT: 'eighty' } })).toThrow(
      /dashboard\.port = "eighty" \(from env CLAIMCHECK_PORT\): .*number/i,
    )
    expect(() => loadConfig({ env: { CLAIMCHECK_OTLP_GRPC_PORT: '70000' } })).toThrow(/collector\.grpcPort = "70000"/)
    expect(() => loadConfig({ env: { CLICKHOUSE_URL: 'not a url' } })).toThrow(/store\.url = "not a url".*URL/i)
    expect(() => loadConfig({ env: { CLAIMCHECK_TELEMETRY_ENABLED: 'maybe' } })).toThrow(/telemetry\.enabled = "maybe"/)
    expect(() => loadConfig({ env: { CLAIMCHECK_ALERTS_INTERVAL: '5' } })).toThrow(/alerts\.evaluationInterval = "5".*at least 10 seconds/)
  })

  it('reads boolean spellings as a person means them', () => {
    expect(loadConfig({ env: { CLAIMCHECK_TELEMETRY_ENABLED: 'false' } }).config.telemetry.enabled).toBe(false)
    expect(loadConfig({ env: { CLAIMCHECK_TELEMETRY_ENABLED: 'true' } }).config.telemetry.enabled).toBe(true)
  })

  it('rejects unreadable and malformed files with their path', () => {
    expect(() => loadConfig({ file: join(tmp, 'missing.yaml'), env: {} })).toThrow(/^config file .*missing\.yaml: cannot read: ENOENT/)
    const bad = join(tmp, 'bad.yaml')
    writeFileSync(bad, 'store: [unclosed')
    expect(() => loadConfig({ file: bad, env: {} })).toThrow(/bad\.yaml: not valid YAML/)
    const list = join(tmp, 'list.yaml')
    writeFileSync(list, '- 1\n- 2\n')
    expect(() => loadConfig({ file: list, env: {} })).toThrow(/must hold an object/)
    // The one data-file error, a StartupError: the CLI prints it on one line.
    expect(() => loadConfig({ file: list, env: {} })).toThrow(StartupError)
  })

  it('never shows a secret, even in an error', () => {
    expect(() => loadConfig({ env: { CLAIMCHECK_INGEST_TOKENS: '' }, overrides: { 'store.password': 42 } })).toThrow(/store\.password = "\[REDACTED\]"/)
  })
})

describe('maskSecrets', () => {
  it('masks credentials inside URLs, the admin password and API tokens of every shape', () => {
    const { config } = loadConfig({
      env: { CLICKHOUSE_URL: 'https://claimcheck:pw@ch:8443', CLAIMCHECK_ADMIN_PASSWORD: 'initial admin pw', CLAIMCHECK_SUBJECTS_KIND: 'http', CLAIMCHECK_SUBJECTS_URL: 'https://users/{sub}?key=k1' },
      overrides: { 'dashboard.apiTokens': ['plain-token', { token: 'object-token-0123456789', role: 'viewer' }] },
    })
    const masked = JSON.stringify(maskSecrets(config))
    for (const secret of ['pw@', 'initial admin pw', 'k1', 'plain-token', 'object-token']) expect(masked).not.toContain(secret)
    expect(maskSecrets(config).store.url).toBe('https://[REDACTED]@ch:8443')
  })

  it('masks the password and ingest tokens but keeps the rest', () => {
    const { config } = loadConfig({ env: { CLICKHOUSE_PASSWORD: 'hunter2', CLAIMCHECK_INGEST_TOKENS: 't1,t2', CLICKHOUSE_URL: 'http://ch:8123' } })
    const masked = maskSecrets(config)
    expect(masked.store.password).toBe('[REDACTED]')
    expect(masked.collector.authTokens).toEqual(['[REDACTED]', '[REDACTED]'])
    expect(masked.store.url).toBe('http://ch:8123')
    expect(config.store.password).toBe('hunter2')
  })

  it('masks the subject directory\'s bearer token and header values, keeping header names', () => {
    const file = join(tmp, 'subjects.yaml')
    writeFileSync(file, 'troubleshoot:\n  subjects:\n    kind: http\n    url: https://users.internal/api/users/{sub}\n    headers:\n      x-api-key: k-123\n')
    const { config } = loadConfig({ file, env: { CLAIMCHECK_SUBJECTS_BEARER_TOKEN: 'secret-1' } })
    const masked = maskSecrets(config).troubleshoot.subjects
    expect(masked).toMatchObject({ kind: 'http', url: 'https://users.internal/api/users/{sub}', bearerToken: '[REDACTED]', headers: { 'x-api-key': '[REDACTED]' } })
    expect(JSON.stringify(maskSecrets(config))).not.toMatch(/k-123|secret-1/)
  })
})

describe('troubleshoot settings', () => {
  it('configures each subject directory kind from the environment, and refuses a bad one', () => {
    expect(loadConfig({ env: { CLAIMCHECK_SUBJECTS_KIND: 'file', CLAIMCHECK_SUBJECTS_PATH: './users.csv' } }).config.troubleshoot.subjects).toMatchObject({ kind: 'file', path: './users.csv', cache: { ttlSeconds: 300, negativeTtlSeconds: 60 } })
    expect(loadConfig({ env: { CLAIMCHECK_SUBJECTS_KIND: 'clickhouse', CLAIMCHECK_SUBJECTS_TABLE: 'auth.users' } }).config.troubleshoot.subjects).toMatchObject({ kind: 'clickhouse', table: 'auth.users' })
    expect(() => loadConfig({ env: { CLAIMCHECK_SUBJECTS_KIND: 'clickhouse', CLAIMCHECK_SUBJECTS_TABLE: 'users; DROP' } })).toThrow(/troubleshoot\.subjects\.table/)
    expect(() => loadConfig({ env: { CLAIMCHECK_SUBJECTS_KIND: 'http', CLAIMCHECK_SUBJECTS_URL: 'https://users.internal/api/users' } })).toThrow(/must contain \{sub\}/)
    const defaults = loadConfig({ env: {} }).config.troubleshoot
    expect(defaults.subjects).toBeUndefined()
    expect(defaults).toMatchObject({ jwks: { pollSeconds: 300, cacheSeconds: 300 }, audits: { maxTokenLifetimeSeconds: 86_400 } })
  })
})

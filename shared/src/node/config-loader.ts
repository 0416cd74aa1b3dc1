import type { z } from 'zod'
import { maskUrl } from '../auth/urls.ts'
import { REDACTED } from '../redaction.ts'
import { ConfigSchema, SECRET_CONFIG_PATHS, type Config } from '../config.ts'
import { loadDataFile, type DataFileKind } from './data-file.ts'
import { StartupError } from './errors.ts'

/** Environment variables and the config key each one sets. Lists are comma separated. */
export const ENV_BINDINGS: readonly { env: string; path: string; list?: boolean }[] = [
  { env: 'CLAIMCHECK_DATA_DIR', path: 'store.dataDir' },
  { env: 'CLICKHOUSE_URL', path: 'store.url' },
  { env: 'CLICKHOUSE_USER', path: 'store.username' },
  { env: 'CLICKHOUSE_PASSWORD', path: 'store.password' },
  { env: 'CLICKHOUSE_DATABASE', path: 'store.database' },
  { env: 'CLICKHOUSE_CLUSTER', path: 'store.cluster' },
  { env: 'CLAIMCHECK_ATTACH', path: 'store.attach' },
  { env: 'CLICKHOUSE_LOGS_TABLE', path: 'store.logsTableName' },
  { env: 'CLICKHOUSE_TRACES_TABLE', path: 'store.tracesTableName' },
  { env: 'CLAIMCHECK_OTLP_HOST', path: 'collector.host' },
  { env: 'CLAIMCHECK_OTLP_HTTP_PORT', path: 'collector.httpPort' },
  { env: 'CLAIMCHECK_OTLP_GRPC_PORT', path: 'collector.grpcPort' },
  { env: 'CLAIMCHECK_MAX_BODY_BYTES', path: 'collector.maxBodyBytes' },
  { env: 'CLAIMCHECK_INGEST_TOKENS', path: 'collector.authTokens', list: true },
  { env: 'CLAIMCHECK_DISK_RESERVE_MB', path: 'collector.diskReserveMb' },
  { env: 'CLAIMCHECK_JOURNAL_DIR', path: 'collector.journalDir' },
  { env: 'CLAIMCHECK_PREPARE_THREADS', path: 'collector.prepareThreads' },
  { env: 'CLAIMCHECK_HOST', path: 'dashboard.host' },
  { env: 'CLAIMCHECK_PORT', path: 'dashboard.port' },
  { env: 'CLAIMCHECK_API_TOKENS', path: 'dashboard.apiTokens', list: true },
  { env: 'CLAIMCHECK_WEB_ROOT', path: 'dashboard.webRoot' },
  { env: 'CLAIMCHECK_CORS_ORIGINS', path: 'dashboard.corsOrigins', list: true },
  { env: 'CLAIMCHECK_METRICS_LOOPBACK_UNAUTHENTICATED', path: 'dashboard.metricsLoopbackUnauthenticated' },
  { env: 'CLAIMCHECK_ADMIN_PASSWORD', path: 'dashboard.auth.initialAdminPassword' },
  { env: 'CLAIMCHECK_SESSION_HOURS', path: 'dashboard.auth.sessionHours' },
  { env: 'CLAIMCHECK_TRUSTED_PROXIES', path: 'dashboard.auth.proxy.trustedProxies', list: true },
  { env: 'CLAIMCHECK_OUTBOUND_HOSTS', path: 'outbound.hosts', list: true },
  { env: 'CLAIMCHECK_RULES_FILE', path: 'classifier.rulesFile' },
  { env: 'CLAIMCHECK_CLOCK_SKEW_SECONDS', path: 'classifier.clockSkewSeconds' },
  { env: 'CLAIMCHECK_RETENTION_LOGS_DAYS', path: 'retention.logsDays' },
  { env: 'CLAIMCHECK_RETENTION_TRACES_DAYS', path: 'retention.tracesDays' },
  { env: 'CLAIMCHECK_RETENTION_CALLS_DAYS', path: 'retention.callsDays' },
  { env: 'CLAIMCHECK_TELEMETRY_ENABLED', path: 'telemetry.enabled' },
  { env: 'CLAIMCHECK_TELEMETRY_ENDPOINT', path: 'telemetry.endpoint' },
  { env: 'CLAIMCHECK_LOG_LEVEL', path: 'logLevel' },
  { env: 'CLAIMCHECK_ALERTS_ENABLED', path: 'alerts.enabled' },
  { env: 'CLAIMCHECK_ALERTS_FILE', path: 'alerts.rulesFile' },
  { env: 'CLAIMCHECK_ALERTS_INTERVAL', path: 'alerts.evaluationInterval' },
  { env: 'CLAIMCHECK_ALERTS_DELAY', path: 'alerts.evaluationDelay' },
  { env: 'CLAIMCHECK_EXTERNAL_URL', path: 'alerts.externalUrl' },
  { env: 'CLAIMCHECK_SUBJECTS_KIND', path: 'troubleshoot.subjects.kind' },
  { env: 'CLAIMCHECK_SUBJECTS_PATH', path: 'troubleshoot.subjects.path' },
  { env: 'CLAIMCHECK_SUBJECTS_TABLE', path: 'troubleshoot.subjects.table' },
  { env: 'CLAIMCHECK_SUBJECTS_URL', path: 'troubleshoot.subjects.url' },
  { env: 'CLAIMCHECK_SUBJECTS_BEARER_TOKEN', path: 'troubleshoot.subjects.bearerToken' },
  { env: 'CLAIMCHECK_JWKS_POLL_SECONDS', path: 'troubleshoot.jwks.pollSeconds' },
]

export interface ConfigSources {
  /** Path of a YAML or JSON config file (`--config`, or `CLAIMCHECK_CONFIG`). */
  file?: string | undefined
  env?: NodeJS.ProcessEnv
  /** Values from command-line flags, by config path (`collector.httpPort`); they win over all. */
  overrides?: Record<string, unknown>
}

export interface LoadedConfig {
  config: Config
  /** Where each explicitly set key came from, e.g. `env CLICKHOUSE_URL`. */
  origins: Map<string, string>
}

/** Merges file ← env ← flags over the defaults and validates once; a bad value is a StartupError. */
export function loadConfig(sources: ConfigSources = {}): LoadedConfig {
  const env = sources.env ?? process.env
  const input: Record<string, unknown> = {}
  const origins = new Map<string, string>()
  const file = sources.file ?? env.CLAIMCHECK_CONFIG
  if (file) {
    const fromFile = readConfigFile(file)
    for (const [path, value] of flatten(fromFile)) setPath(input, path, value, origins, `file ${file}`)
  }
  for (const binding of ENV_BINDINGS) {
    const raw = env[binding.env]
    if (raw === undefined || raw === '') continue
    const value = binding.list ? raw.split(',').map((item) => item.trim()).filter(Boolean) : raw
    setPath(input, binding.path, value, origins, `env ${binding.env}`)
  }
  for (const [path, value] of Object.entries(sources.overrides ?? {})) {
    if (value !== undefined) setPath(input, path, value, origins, 'command line')
  }
  const parsed = ConfigSchema.safeParse(input)
  if (!parsed.success) throw new StartupError(formatConfigError(parsed.error, input, origins))
  return { config: parsed.data, origins }
}

/** The file's settings, before they are merged and validated with env and flags. */
const CONFIG_FILE: DataFileKind<Record<string, unknown>> = {
  what: 'config file',
  validate: (data) => (typeof data === 'object' && data !== null && !Array.isArray(data) ? { value: data as Record<string, unknown> } : { problems: ['must hold an object of settings'] }),
}

function readConfigFile(file: string): Record<string, unknown> {
  return loadDataFile(file, CONFIG_FILE)
}

/** `key = value (from …): expected …` per issue, so the user knows what to fix and where. */
export function formatConfigError(error: z.ZodError, input: Record<string, unknown>, origins: Map<string, string>): string {
  const lines = error.issues.map((issue) => {
    const path = issue.path.join('.')
    const value = getPath(input, path)
    const origin = origins.get(path) ?? origins.get(issue.path.slice(0, -1).join('.'))
    const shown = value === undefined ? '(missing)' : JSON.stringify(isSecretPath(path) ? REDACTED : value)
    return `${path || '(root)'} = ${shown}${origin ? ` (from ${origin})` : ''}: ${issue.message}`
  })
  return `Invalid configuration: ${lines.join('; ')}`
}

const URL_CONFIG_PATHS = ['store.url', 'troubleshoot.subjects.url', 'telemetry.endpoint', 'alerts.externalUrl'] as const

/** The effective config with secrets masked, for `claimcheck config print`. */
export function maskSecrets(config: Config): Config {
  const copy = structuredClone(config) as unknown as Record<string, unknown>
  for (const path of SECRET_CONFIG_PATHS) {
    const value = getPath(copy, path)
    if (Array.isArray(value)) setPath(copy, path, value.map(() => REDACTED))
    else if (typeof value === 'string' && value !== '') setPath(copy, path, REDACTED)
    // A map of secrets (HTTP headers): keep the names, mask every value.
    else if (value !== null && typeof value === 'object') setPath(copy, path, Object.fromEntries(Object.keys(value).map((key) => [key, REDACTED])))
  }
  // URLs may carry credentials in their user-info or query string.
  for (const path of URL_CONFIG_PATHS) {
    const value = getPath(copy, path)
    if (typeof value === 'string') setPath(copy, path, maskUrl(value))
  }
  return copy as unknown as Config
}

function isSecretPath(path: string): boolean {
  return SECRET_CONFIG_PATHS.some((secret) => path === secret || path.startsWith(`${secret}.`))
}

function flatten(object: Record<string, unknown>, prefix = ''): [string, unknown][] {
  return Object.entries(object).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? flatten(value as Record<string, unknown>, path)
      : [[path, value] as [string, unknown]]
  })
}

function getPath(object: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), object)
}

function setPath(object: Record<string, unknown>, path: string, value: unknown, origins?: Map<string, string>, origin?: string): void {
  const keys = path.split('.')
  let node = object
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {}
    node = node[key] as Record<string, unknown>
  }
  node[keys.at(-1)!] = value
  if (origins && origin) origins.set(path, origin)
}

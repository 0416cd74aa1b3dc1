import { z } from 'zod'
import { ApiTokenEntrySchema, DashboardAuthConfigSchema, OutboundConfigSchema } from './auth/config.ts'
import { RedactionConfigSchema } from './redaction.ts'
import { TroubleshootConfigSchema } from './troubleshoot/config.ts'

const port = z.coerce.number({ error: 'expected a port number from 0 to 65535' }).int('expected a port number from 0 to 65535').min(0, 'expected a port number from 0 to 65535').max(65535, 'expected a port number from 0 to 65535')
const positiveInt = z.coerce.number({ error: 'expected a whole number' }).int('expected a whole number').positive('expected a number above 0')
// z.coerce.boolean() would read the string "false" as true: accept the usual spellings only.
const flag = z.preprocess((value) => {
  if (typeof value !== 'string') return value
  const lowered = value.trim().toLowerCase()
  if (['true', '1', 'yes', 'on'].includes(lowered)) return true
  if (['false', '0', 'no', 'off', ''].includes(lowered)) return false
  return value
}, z.boolean())

/** Expected authentication set-up for a service/route: what tokens it should accept. */
export const AuthExpectationSchema = z.object({
  /** Service name as reported in `service.name`; omitted matches every service. */
  service: z.string().optional(),
  /** Route template (`/api/orders/:id`) or a `re:` prefixed regular expression; omitted matches all. */
  route: z.string().optional(),
  issuers: z.array(z.string()).default([]),
  audiences: z.array(z.string()).default([]),
  requiredScopes: z.array(z.string()).default([]),
  algorithms: z.array(z.string()).default([]),
  jwksUrl: z.string().optional(),
})
export type AuthExpectation = z.infer<typeof AuthExpectationSchema>

/** A database or table name claimcheck puts into SQL unquoted-safe: letters, digits, underscores. */
const plainIdentifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a plain identifier')

export const StoreConfigSchema = z.object({
  /** Data directory of the embedded engine, and home of the ingest journal. Default `./data`. */
  dataDir: z.string().default('./data'),
  /** `http(s)://host:8123` of a ClickHouse server; unset means the embedded engine. */
  url: z.string().url().optional(),
  username: z.string().default('default'),
  password: z.string().default(''),
  /** Database holding claimcheck's tables. Default `default`, like the OTel exporter. */
  database: plainIdentifier.default('default'),
  /** `ON CLUSTER` name for DDL on a ClickHouse cluster; unset on a single server. */
  cluster: z.string().optional(),
  /**
   * Attach mode: `otel_logs` / `otel_traces` are written by the OpenTelemetry Collector's
   * clickhouseexporter; claimcheck creates only its own tables and derives calls from those rows.
   */
  attach: flag.optional(),
  /** The raw logs table: the clickhouseexporter's `logs_table_name`. Default `otel_logs`. */
  logsTableName: plainIdentifier.default('otel_logs'),
  /** The raw traces table: the exporter's `traces_table_name`; its trace-id lookup is `<name>_trace_id_ts`. Default `otel_traces`. */
  tracesTableName: plainIdentifier.default('otel_traces'),
})

export const RetentionConfigSchema = z.object({
  /** Days to keep `otel_logs`. Default 30. 0 keeps forever. */
  logsDays: z.coerce.number().int().min(0).default(30),
  /** Days to keep `otel_traces`. Default 30. 0 keeps forever. */
  tracesDays: z.coerce.number().int().min(0).default(30),
  /** Days to keep `gateway_calls`. Default 90. 0 keeps forever. */
  callsDays: z.coerce.number().int().min(0).default(90),
  /** Days to keep the per-minute rollup. Default 400. 0 keeps forever. */
  rollupDays: z.coerce.number().int().min(0).default(400),
})

export const CollectorConfigSchema = z.object({
  /**
   * Address the OTLP receivers listen on. Unset: `0.0.0.0` when `authTokens` are set, otherwise
   * `127.0.0.1` (loopback only), so an open ingest is never exposed by default.
   */
  host: z.string().min(1).optional(),
  /** OTLP/HTTP port. Default 4318. */
  httpPort: port.default(4318),
  /** OTLP/gRPC port. Default 4317. */
  grpcPort: port.default(4317),
  /** Largest request body after decompression. Default 20 MiB. */
  maxBodyBytes: positiveInt.default(20 * 1024 * 1024),
  /**
   * Folder of the ingest journal: a request is acknowledged once its rows are synced there, and
   * inserted from there (docs/durability.md). Default `<store.dataDir>/ingest-journal`, with a
   * ClickHouse server too. Keep it on a local disk.
   */
  journalDir: z.string().min(1).optional(),
  /**
   * Threads that decode, normalize and serialize request bodies, off the event loop that serves the
   * API and answers senders. 0 does it on the event loop. Default 1.
   */
  prepareThreads: z.coerce.number().int().min(0).max(16).default(1),
  /** Rows per ClickHouse insert at most (per journal segment). Default 20,000. */
  batchMaxRows: positiveInt.default(20_000),
  /** Least time between two inserts into one table; batches otherwise follow the load. Default 100 ms. */
  batchMinIntervalMs: z.coerce.number().int().min(0).default(100),
  /** Rows accepted but not yet written, at most; past it senders get 429 / RESOURCE_EXHAUSTED. Default 200,000. */
  queueMaxRows: positiveInt.default(200_000),
  /**
   * Longest a request may wait behind the queue, estimated from the recent insert rate; past it
   * senders get 429 + Retry-After at once, well before their exporter's timeout (10 s by default).
   * Default 5,000 ms.
   */
  maxQueueWaitMs: positiveInt.default(5_000),
  /** How long a call seen in a span waits for its access-log record (and vice versa). Default 5,000 ms. */
  correlationWindowMs: z.coerce.number().int().min(0).default(5_000),
  /**
   * Free space (MiB) to keep on ClickHouse's disk: below it senders get 503 + Retry-After until
   * space is back, so the engine never merges into a full disk. Default 1,024. 0 turns it off.
   */
  diskReserveMb: z.coerce.number().int().min(0).default(1_024),
  /**
   * Distinct routes kept per service; further ones are stored as route `other` (and counted in
   * `claimcheck_route_overflow_total`), so a gateway without route templates cannot explode the
   * rollups. Default 500.
   */
  maxRoutesPerService: positiveInt.default(500),
  /** Bearer tokens accepted on ingest; empty means ingest is open. Several allow rotation. */
  authTokens: z.array(z.string().min(1)).default([]),
  /** What is masked before anything is stored: blocked keys, value patterns, exemptions (docs/security.md). */
  redaction: RedactionConfigSchema.prefault({}),
})

export const DashboardConfigSchema = z.object({
  /**
   * Address the dashboard and API listen on. Unset: `127.0.0.1` (loopback only) unless API tokens
   * or trusted SSO proxies are configured, then `0.0.0.0`. Sign-in is required either way.
   */
  host: z.string().min(1).optional(),
  /** Dashboard and query API port. Default 8080. */
  port: port.default(8080),
  /**
   * Bearer tokens for `/api/v1` (scripts, CI), each a string (role `editor`) or `{ token, role, name }`.
   * Several allow rotation. `/api/health` stays open for probes. Default none.
   */
  apiTokens: z.array(ApiTokenEntrySchema).default([]),
  /** Users, sessions and SSO-proxy sign-in. */
  auth: DashboardAuthConfigSchema.prefault({}),
  /** Directory of a built dashboard to serve instead of the bundled `dashboard/web/dist`. */
  webRoot: z.string().optional(),
  /** Origins allowed to call the API from a browser (CORS). Default none: only the dashboard itself. */
  corsOrigins: z.array(z.string().url('expected an origin such as https://ops.example.com')).default([]),
  /**
   * Let a Prometheus on the same machine scrape `/metrics` without a token: requests from a
   * loopback TCP peer (never from X-Forwarded-For) need no sign-in. Default false: send a viewer
   * API token as the scrape's bearer token.
   */
  metricsLoopbackUnauthenticated: flag.default(false),
})

export const ClassifierConfigSchema = z.object({
  /** A YAML or JSON file of user rules, validated at load and reloaded on change. */
  rulesFile: z.string().optional(),
  /** Seconds of clock difference tolerated before exp/nbf count as violated. Default 60. */
  clockSkewSeconds: z.coerce.number().int().min(0).default(60),
  /** What each service/route expects of its tokens; token facts are checked against it. */
  expectations: z.array(AuthExpectationSchema).default([]),
})

export const TelemetryConfigSchema = z.object({
  /** Export claimcheck's own traces and metrics over OTLP. Default off. */
  enabled: flag.default(false),
  /** OTLP/HTTP base URL for claimcheck's own telemetry. */
  endpoint: z.string().url().default('http://127.0.0.1:4318'),
})

export const AlertsConfigSchema = z.object({
  /** Run the alert evaluator in this process (`start`, `dashboard`). Default true; with several dashboard replicas enable it on one. */
  enabled: flag.default(true),
  /** YAML or JSON file of provisioned rules and notifiers (read-only in the UI); re-read when it changes. */
  rulesFile: z.string().optional(),
  /** Default evaluation interval of a rule, seconds, at least 10 (as for a rule's own `interval`). Default 60. */
  evaluationInterval: z.coerce.number().int().min(10, 'must be at least 10 seconds (the evaluator\'s shortest interval)').default(60),
  /** Default `for` (pending time) of a rule, seconds. Default 0 (fire at the first breach). */
  defaultFor: z.coerce.number().int().min(0).default(0),
  /** Default `keepFiringFor` of a rule, seconds. Default 0. */
  defaultKeepFiringFor: z.coerce.number().int().min(0).default(0),
  /** Seconds the evaluated window lags behind now, so late rows are counted. Default 30. */
  evaluationDelay: z.coerce.number().int().min(0).default(30),
  /** Base URL of the dashboard as users reach it, for links in notifications. Default `http://localhost:8080`. */
  externalUrl: z.string().url().default('http://localhost:8080'),
  notifier: z.object({
    /** Re-send a still-firing alert this often, seconds. Default 14400 (4 h); Alertmanager notifiers resend every 60. */
    repeatInterval: positiveInt.default(14_400),
    /** Attempts per notification before it is recorded as failed. Default 4. */
    maxAttempts: positiveInt.default(4),
    /** Ceiling of the first retry's jittered delay, ms; doubles per attempt. Default 1,000. */
    initialBackoffMs: positiveInt.default(1_000),
    /** Largest ceiling of a retry's delay, ms. Default 30,000. */
    maxBackoffMs: positiveInt.default(30_000),
    /** Per-request timeout, ms. Default 10,000. */
    timeoutMs: positiveInt.default(10_000),
    /** A notification that failed all its attempts is tried again after this many seconds. Default 300. */
    failedRetryInterval: positiveInt.default(300),
  }).prefault({}),
})

export const ConfigSchema = z.object({
  store: StoreConfigSchema.prefault({}),
  retention: RetentionConfigSchema.prefault({}),
  collector: CollectorConfigSchema.prefault({}),
  dashboard: DashboardConfigSchema.prefault({}),
  classifier: ClassifierConfigSchema.prefault({}),
  telemetry: TelemetryConfigSchema.prefault({}),
  alerts: AlertsConfigSchema.prefault({}),
  /** The troubleshooting assistant: subject directory, JWKS fetching, audit thresholds. */
  troubleshoot: TroubleshootConfigSchema.prefault({}),
  /** Where claimcheck's own requests may go (notifiers, subject directory): schemes and hosts. */
  outbound: OutboundConfigSchema.prefault({}),
  /** `fatal` … `trace`. Default `info`. */
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
})
export type Config = z.infer<typeof ConfigSchema>
export type ConfigInput = z.input<typeof ConfigSchema>

/** Config keys whose values `config print` masks. */
export const SECRET_CONFIG_PATHS = [
  'store.password', 'collector.authTokens', 'dashboard.apiTokens', 'troubleshoot.subjects.bearerToken', 'troubleshoot.subjects.headers',
  'dashboard.auth.initialAdminPassword',
] as const

/**
 * Pure builders for claimcheck's DDL. Table and column names are the data contract users write
 * SQL against (docs/schema.md): keep them stable.
 */

export interface DdlContext {
  database: string
  /** `ON CLUSTER` target; tables become Replicated* when set. */
  cluster?: string | undefined
  /** The raw tables' names, when the exporter's `logs_table_name` / `traces_table_name` are not the defaults. */
  rawTables?: RawTableNames | undefined
}

export interface RawTableNames {
  logs: string
  traces: string
}

/**
 * The stored name of one of claimcheck's tables (a `TABLES` value): the raw tables and the
 * exporter's trace-id lookup beside them follow `rawTables`, named the way the
 * clickhouseexporter names them (`<traces>_trace_id_ts`); every other table is its own name.
 */
export function tableName(ctx: DdlContext, table: string): string {
  const raw = ctx.rawTables
  if (!raw) return table
  switch (table) {
    case TABLES.logs: return raw.logs
    case TABLES.traces: return raw.traces
    case TABLES.traceIdTs: return `${raw.traces}_trace_id_ts`
    case TABLES.traceIdTsMv: return `${raw.traces}_trace_id_ts_mv`
    default: return table
  }
}

/** The schema context of a store's configuration (`store.*` keys). */
export function schemaContext(store: { database: string; cluster?: string | undefined; logsTableName: string; tracesTableName: string }): DdlContext {
  return { database: store.database, cluster: store.cluster, rawTables: { logs: store.logsTableName, traces: store.tracesTableName } }
}

/** Fully qualified, quoted table name (a `TABLES` value, renamed by `rawTables`). */
export function qualify(ctx: DdlContext, table: string): string {
  return `\`${ctx.database}\`.\`${tableName(ctx, table)}\``
}

export function onCluster(ctx: DdlContext): string {
  return ctx.cluster ? ` ON CLUSTER \`${ctx.cluster}\`` : ''
}

/** `MergeTree` family engine, replicated on a cluster (default replication paths of the server). */
export function engine(ctx: DdlContext, family: 'MergeTree' | 'AggregatingMergeTree' | 'ReplacingMergeTree', args = ''): string {
  if (!ctx.cluster) return `${family}(${args})`
  // Replicated engines take the zookeeper path and replica first; empty means the server defaults.
  return `Replicated${family}(${args})`
}

/** TTL clause for `days` of retention on a DateTime expression; 0 keeps forever. */
export function ttlClause(expression: string, days: number): string {
  return days > 0 ? `TTL ${expression} + toIntervalDay(${days})` : ''
}

export const TABLES = {
  migrations: 'claimcheck_migrations',
  meta: 'claimcheck_meta',
  logs: 'otel_logs',
  traces: 'otel_traces',
  traceIdTs: 'otel_traces_trace_id_ts',
  traceIdTsMv: 'otel_traces_trace_id_ts_mv',
  calls: 'gateway_calls',
  callsRollup: 'gateway_calls_1m',
  callsRollupMv: 'gateway_calls_1m_mv',
  principalsRollup: 'gateway_principals_1m',
  principalsRollupMv: 'gateway_principals_1m_mv',
  subjectFailuresRollup: 'gateway_subject_failures_1m',
  subjectFailuresRollupMv: 'gateway_subject_failures_1m_mv',
  alertRules: 'alert_rules',
  alertState: 'alert_state',
  alertHistory: 'alert_history',
  alertNotifications: 'alert_notifications',
  alertSilences: 'alert_silences',
  jwksFetches: 'claimcheck_jwks_fetches',
  users: 'claimcheck_users',
  sessions: 'claimcheck_sessions',
  apiTokens: 'claimcheck_api_tokens',
  auditLog: 'claimcheck_audit_log',
  ingestRequests: 'claimcheck_ingest_requests',
} as const

/**
 * Tables claimcheck makes outside the migrations, at run time: the reclassify job's staging copy
 * of gateway_calls (collector/src/reclassify). Named here so the SQL template allows them.
 */
export const STAGING_TABLES = {
  reclassify: 'gateway_calls_reclassify',
} as const

/** Which timestamp expression each retained table's TTL counts from. */
export const TTL_COLUMNS = {
  [TABLES.logs]: 'TimestampTime',
  [TABLES.traces]: 'toDateTime(Timestamp)',
  [TABLES.traceIdTs]: 'Start',
  [TABLES.calls]: 'toDateTime(Timestamp)',
  [TABLES.callsRollup]: 'Minute',
  [TABLES.principalsRollup]: 'Minute',
  [TABLES.subjectFailuresRollup]: 'Minute',
} as const

/** The per-minute rollups fed from `gateway_calls` by materialized views: rewriting calls means rebuilding these minutes. */
export const CALL_ROLLUPS = [TABLES.callsRollup, TABLES.principalsRollup, TABLES.subjectFailuresRollup] as const

/** Column order of `otel_logs` inserts (JSONCompactEachRow). TimestampTime is a DEFAULT. */
export const OTEL_LOG_COLUMNS = [
  'Timestamp', 'TraceId', 'SpanId', 'TraceFlags', 'SeverityText', 'SeverityNumber', 'ServiceName',
  'Body', 'ResourceSchemaUrl', 'ResourceAttributes', 'ScopeSchemaUrl', 'ScopeName', 'ScopeVersion',
  'ScopeAttributes', 'LogAttributes', 'EventName',
] as const

/** Column order of `otel_traces` inserts (JSONCompactEachRow); nested columns as parallel arrays. */
export const OTEL_TRACE_COLUMNS = [
  'Timestamp', 'TraceId', 'SpanId', 'ParentSpanId', 'TraceState', 'SpanName', 'SpanKind', 'ServiceName',
  'ResourceAttributes', 'ScopeName', 'ScopeVersion', 'SpanAttributes', 'Duration', 'StatusCode',
  'StatusMessage', 'Events.Timestamp', 'Events.Name', 'Events.Attributes', 'Links.TraceId',
  'Links.SpanId', 'Links.TraceState', 'Links.Attributes',
] as const

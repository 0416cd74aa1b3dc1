import { engine, onCluster, qualify, TABLES, type DdlContext } from './ddl.ts'

// otel_logs / otel_traces follow the OpenTelemetry Collector contrib clickhouseexporter's default
// DDL column for column, so existing otelcol → ClickHouse users' tables and queries keep working.

export function createOtelLogs(ctx: DdlContext): string {
  return `CREATE TABLE IF NOT EXISTS ${qualify(ctx, TABLES.logs)}${onCluster(ctx)} (
  Timestamp DateTime64(9) CODEC(Delta(8), ZSTD(1)),
  TimestampTime DateTime DEFAULT toDateTime(Timestamp),
  TraceId String CODEC(ZSTD(1)),
  SpanId String CODEC(ZSTD(1)),
  TraceFlags UInt8,
  SeverityText LowCardinality(String) CODEC(ZSTD(1)),
  SeverityNumber UInt8,
  ServiceName LowCardinality(String) CODEC(ZSTD(1)),
  Body String CODEC(ZSTD(1)),
  ResourceSchemaUrl LowCardinality(String) CODEC(ZSTD(1)),
  ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  ScopeSchemaUrl LowCardinality(String) CODEC(ZSTD(1)),
  ScopeName String CODEC(ZSTD(1)),
  ScopeVersion LowCardinality(String) CODEC(ZSTD(1)),
  ScopeAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  LogAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1,
  INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_scope_attr_key mapKeys(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_scope_attr_value mapValues(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_log_attr_key mapKeys(LogAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_log_attr_value mapValues(LogAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_body Body TYPE tokenbf_v1(32768, 3, 0) GRANULARITY 8
) ENGINE = ${engine(ctx, 'MergeTree')}
PARTITION BY toDate(TimestampTime)
PRIMARY KEY (ServiceName, TimestampTime)
ORDER BY (ServiceName, TimestampTime, Timestamp)
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1`
}

export function createOtelTraces(ctx: DdlContext): string {
  return `CREATE TABLE IF NOT EXISTS ${qualify(ctx, TABLES.traces)}${onCluster(ctx)} (
  Timestamp DateTime64(9) CODEC(Delta(8), ZSTD(1)),
  TraceId String CODEC(ZSTD(1)),
  SpanId String CODEC(ZSTD(1)),
  ParentSpanId String CODEC(ZSTD(1)),
  TraceState String CODEC(ZSTD(1)),
  SpanName LowCardinality(String) CODEC(ZSTD(1)),
  SpanKind LowCardinality(String) CODEC(ZSTD(1)),
  ServiceName LowCardinality(String) CODEC(ZSTD(1)),
  ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  ScopeName String CODEC(ZSTD(1)),
  ScopeVersion String CODEC(ZSTD(1)),
  SpanAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  Duration UInt64 CODEC(T64, ZSTD(1)),
  StatusCode LowCardinality(String) CODEC(ZSTD(1)),
  StatusMessage String CODEC(ZSTD(1)),
  Events Nested (
    Timestamp DateTime64(9),
    Name LowCardinality(String),
    Attributes Map(LowCardinality(String), String)
  ) CODEC(ZSTD(1)),
  Links Nested (
    TraceId String,
    SpanId String,
    TraceState String,
    Attributes Map(LowCardinality(String), String)
  ) CODEC(ZSTD(1)),
  INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1,
  INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_span_attr_key mapKeys(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_span_attr_value mapValues(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_duration Duration TYPE minmax GRANULARITY 1
) ENGINE = ${engine(ctx, 'MergeTree')}
PARTITION BY toDate(Timestamp)
ORDER BY (ServiceName, SpanName, toDateTime(Timestamp))
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1`
}

/** The exporter's TraceId → time range lookup, so a trace is found without a full scan. */
export function createTraceIdTs(ctx: DdlContext): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${qualify(ctx, TABLES.traceIdTs)}${onCluster(ctx)} (
  TraceId String CODEC(ZSTD(1)),
  Start SimpleAggregateFunction(min, DateTime) CODEC(ZSTD(1)),
  End SimpleAggregateFunction(max, DateTime) CODEC(ZSTD(1))
) ENGINE = ${engine(ctx, 'AggregatingMergeTree')}
PARTITION BY toStartOfWeek(Start)
ORDER BY (TraceId)
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${qualify(ctx, TABLES.traceIdTsMv)}${onCluster(ctx)}
TO ${qualify(ctx, TABLES.traceIdTs)}
AS SELECT TraceId, min(toDateTime(Timestamp)) AS Start, max(toDateTime(Timestamp)) AS End
FROM ${qualify(ctx, TABLES.traces)}
WHERE TraceId != ''
GROUP BY TraceId`,
  ]
}

export function createGatewayCalls(ctx: DdlContext): string {
  return `CREATE TABLE IF NOT EXISTS ${qualify(ctx, TABLES.calls)}${onCluster(ctx)} (
  Timestamp DateTime64(9) CODEC(Delta(8), ZSTD(1)),
  TraceId String CODEC(ZSTD(1)),
  SpanId String CODEC(ZSTD(1)),
  ServiceName LowCardinality(String) CODEC(ZSTD(1)),
  Method LowCardinality(String) CODEC(ZSTD(1)),
  Route LowCardinality(String) CODEC(ZSTD(1)),
  Path String CODEC(ZSTD(1)),
  StatusCode UInt16 CODEC(T64, ZSTD(1)),
  Duration UInt64 CODEC(T64, ZSTD(1)),
  ClientAddress String CODEC(ZSTD(1)),
  Subject String CODEC(ZSTD(1)),
  Issuer LowCardinality(String) CODEC(ZSTD(1)),
  Audience Array(LowCardinality(String)) CODEC(ZSTD(1)),
  ClientId LowCardinality(String) CODEC(ZSTD(1)),
  Tenant LowCardinality(String) CODEC(ZSTD(1)),
  Scopes Array(LowCardinality(String)) CODEC(ZSTD(1)),
  TokenKeyId LowCardinality(String) CODEC(ZSTD(1)),
  TokenAlgorithm LowCardinality(String) CODEC(ZSTD(1)),
  TokenIssuedAt Nullable(DateTime) CODEC(ZSTD(1)),
  TokenNotBefore Nullable(DateTime) CODEC(ZSTD(1)),
  TokenExpiresAt Nullable(DateTime) CODEC(ZSTD(1)),
  TokenPresent UInt8,
  Cause LowCardinality(String) CODEC(ZSTD(1)),
  CauseDetail LowCardinality(String) CODEC(ZSTD(1)),
  EvidenceRule LowCardinality(String) CODEC(ZSTD(1)),
  Evidence String CODEC(ZSTD(1)),
  ErrorMessage String CODEC(ZSTD(1)),
  Source LowCardinality(String) CODEC(ZSTD(1)),
  Attributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  IngestedAt DateTime DEFAULT now() CODEC(Delta(4), ZSTD(1)),
  INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1,
  INDEX idx_subject Subject TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_cause Cause TYPE set(32) GRANULARITY 4,
  INDEX idx_error_message lower(ErrorMessage) TYPE tokenbf_v1(32768, 3, 0) GRANULARITY 8
) ENGINE = ${engine(ctx, 'MergeTree')}
PARTITION BY toDate(Timestamp)
ORDER BY (ServiceName, Route, toStartOfMinute(Timestamp), Timestamp)
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1`
}

/** Calls per minute × service × route × method × status × cause: the overview and alerts read this. */
export function createCallsRollup(ctx: DdlContext): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${qualify(ctx, TABLES.callsRollup)}${onCluster(ctx)} (
  Minute DateTime CODEC(Delta(4), ZSTD(1)),
  ServiceName LowCardinality(String),
  Route LowCardinality(String),
  Method LowCardinality(String),
  StatusCode UInt16,
  Cause LowCardinality(String),
  CauseDetail LowCardinality(String),
  Calls SimpleAggregateFunction(sum, UInt64),
  DurationSum SimpleAggregateFunction(sum, UInt64),
  Subjects AggregateFunction(uniq, String)
) ENGINE = ${engine(ctx, 'AggregatingMergeTree')}
PARTITION BY toYYYYMM(Minute)
ORDER BY (Minute, ServiceName, Route, Method, StatusCode, Cause, CauseDetail)
SETTINGS ttl_only_drop_parts = 1`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${qualify(ctx, TABLES.callsRollupMv)}${onCluster(ctx)}
TO ${qualify(ctx, TABLES.callsRollup)}
AS SELECT toStartOfMinute(Timestamp) AS Minute, ServiceName, Route, Method, StatusCode, Cause, CauseDetail,
  count() AS Calls, sum(Duration) AS DurationSum, uniqState(Subject) AS Subjects
FROM ${qualify(ctx, TABLES.calls)}
GROUP BY Minute, ServiceName, Route, Method, StatusCode, Cause, CauseDetail`,
  ]
}

/** Calls per minute × service × cause × issuer × client × tenant: alert grouping by principal. */
export function createPrincipalsRollup(ctx: DdlContext): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${qualify(ctx, TABLES.principalsRollup)}${onCluster(ctx)} (
  Minute DateTime CODEC(Delta(4), ZSTD(1)),
  ServiceName LowCardinality(String),
  Cause LowCardinality(String),
  CauseDetail LowCardinality(String),
  Issuer LowCardinality(String),
  ClientId LowCardinality(String),
  Tenant LowCardinality(String),
  Calls SimpleAggregateFunction(sum, UInt64),
  Subjects AggregateFunction(uniq, String)
) ENGINE = ${engine(ctx, 'AggregatingMergeTree')}
PARTITION BY toYYYYMM(Minute)
ORDER BY (Minute, ServiceName, Cause, CauseDetail, Issuer, ClientId, Tenant)
SETTINGS ttl_only_drop_parts = 1`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${qualify(ctx, TABLES.principalsRollupMv)}${onCluster(ctx)}
TO ${qualify(ctx, TABLES.principalsRollup)}
AS SELECT toStartOfMinute(Timestamp) AS Minute, ServiceName, Cause, CauseDetail, Issuer, ClientId, Tenant,
  count() AS Calls, uniqState(Subject) AS Subjects
FROM ${qualify(ctx, TABLES.calls)}
GROUP BY Minute, ServiceName, Cause, CauseDetail, Issuer, ClientId, Tenant`,
  ]
}

/**
 * Failed calls per minute × service × route × cause × subject. Top failing subjects and distinct
 * failing subjects per cause are the two overview questions no other rollup can answer; failures
 * are a small share of calls, so this stays far smaller than `gateway_calls`.
 */
export function createSubjectFailuresRollup(ctx: DdlContext): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${qualify(ctx, TABLES.subjectFailuresRollup)}${onCluster(ctx)} (
  Minute DateTime CODEC(Delta(4), ZSTD(1)),
  ServiceName LowCardinality(String),
  Route LowCardinality(String),
  Cause LowCardinality(String),
  CauseDetail LowCardinality(String),
  Subject String CODEC(ZSTD(1)),
  Calls SimpleAggregateFunction(sum, UInt64)
) ENGINE = ${engine(ctx, 'AggregatingMergeTree')}
PARTITION BY toYYYYMM(Minute)
ORDER BY (Minute, Cause, ServiceName, Route, CauseDetail, Subject)
SETTINGS ttl_only_drop_parts = 1`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${qualify(ctx, TABLES.subjectFailuresRollupMv)}${onCluster(ctx)}
TO ${qualify(ctx, TABLES.subjectFailuresRollup)}
AS SELECT toStartOfMinute(Timestamp) AS Minute, ServiceName, Route, Cause, CauseDetail, Subject, count() AS Calls
FROM ${qualify(ctx, TABLES.calls)}
WHERE Cause != ''
GROUP BY Minute, ServiceName, Route, Cause, CauseDetail, Subject`,
  ]
}

/** Projection of `gateway_calls` by subject (a part of the table, not a table). */
export const SUBJECT_PROJECTION = 'by_subject'

/**
 * `gateway_calls` ordered by subject: "everything about this sub" (subject history, the calls of
 * the top failing subjects, audits) reads a range of this projection instead of every granule.
 * ClickHouse picks it by itself when a query filters on Subject and needs only these columns.
 */
export function createSubjectProjection(ctx: DdlContext): string[] {
  const table = `${qualify(ctx, TABLES.calls)}${onCluster(ctx)}`
  return [
    `ALTER TABLE ${table} ADD PROJECTION IF NOT EXISTS ${SUBJECT_PROJECTION} (
  SELECT Timestamp, Subject, ServiceName, Route, Method, StatusCode, Cause, CauseDetail, Issuer, ClientId, Tenant
  ORDER BY Subject, Timestamp
)`,
    `ALTER TABLE ${table} MATERIALIZE PROJECTION ${SUBJECT_PROJECTION}`,
  ]
}

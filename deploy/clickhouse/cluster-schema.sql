CREATE TABLE IF NOT EXISTS `default`.`claimcheck_migrations` ON CLUSTER `claimcheck` (
  Version UInt32,
  Name String,
  Checksum String,
  AppliedAt DateTime64(3) DEFAULT now64(3)
) ENGINE = ReplicatedReplacingMergeTree() ORDER BY Version;

CREATE TABLE IF NOT EXISTS `default`.`claimcheck_meta` ON CLUSTER `claimcheck` (
  Key String,
  Value String,
  UpdatedAt DateTime64(3) DEFAULT now64(3)
) ENGINE = ReplicatedReplacingMergeTree(UpdatedAt) ORDER BY Key;

CREATE TABLE IF NOT EXISTS `default`.`otel_logs` ON CLUSTER `claimcheck` (
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
) ENGINE = ReplicatedMergeTree()
PARTITION BY toDate(TimestampTime)
PRIMARY KEY (ServiceName, TimestampTime)
ORDER BY (ServiceName, TimestampTime, Timestamp)
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS `default`.`otel_traces` ON CLUSTER `claimcheck` (
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
) ENGINE = ReplicatedMergeTree()
PARTITION BY toDate(Timestamp)
ORDER BY (ServiceName, SpanName, toDateTime(Timestamp))
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS `default`.`otel_traces_trace_id_ts` ON CLUSTER `claimcheck` (
  TraceId String CODEC(ZSTD(1)),
  Start SimpleAggregateFunction(min, DateTime) CODEC(ZSTD(1)),
  End SimpleAggregateFunction(max, DateTime) CODEC(ZSTD(1))
) ENGINE = ReplicatedAggregatingMergeTree()
PARTITION BY toStartOfWeek(Start)
ORDER BY (TraceId)
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;

CREATE MATERIALIZED VIEW IF NOT EXISTS `default`.`otel_traces_trace_id_ts_mv` ON CLUSTER `claimcheck`
TO `default`.`otel_traces_trace_id_ts`
AS SELECT TraceId, min(toDateTime(Timestamp)) AS Start, max(toDateTime(Timestamp)) AS End
FROM `default`.`otel_traces`
WHERE TraceId != ''
GROUP BY TraceId;

CREATE TABLE IF NOT EXISTS `default`.`gateway_calls` ON CLUSTER `claimcheck` (
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
) ENGINE = ReplicatedMergeTree()
PARTITION BY toDate(Timestamp)
ORDER BY (ServiceName, Route, toStartOfMinute(Timestamp), Timestamp)
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS `default`.`gateway_calls_1m` ON CLUSTER `claimcheck` (
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
) ENGINE = ReplicatedAggregatingMergeTree()
PARTITION BY toYYYYMM(Minute)
ORDER BY (Minute, ServiceName, Route, Method, StatusCode, Cause, CauseDetail)
SETTINGS ttl_only_drop_parts = 1;

CREATE MATERIALIZED VIEW IF NOT EXISTS `default`.`gateway_calls_1m_mv` ON CLUSTER `claimcheck`
TO `default`.`gateway_calls_1m`
AS SELECT toStartOfMinute(Timestamp) AS Minute, ServiceName, Route, Method, StatusCode, Cause, CauseDetail,
  count() AS Calls, sum(Duration) AS DurationSum, uniqState(Subject) AS Subjects
FROM `default`.`gateway_calls`
GROUP BY Minute, ServiceName, Route, Method, StatusCode, Cause, CauseDetail;

CREATE TABLE IF NOT EXISTS `default`.`gateway_principals_1m` ON CLUSTER `claimcheck` (
  Minute DateTime CODEC(Delta(4), ZSTD(1)),
  ServiceName LowCardinality(String),
  Cause LowCardinality(String),
  CauseDetail LowCardinality(String),
  Issuer LowCardinality(String),
  ClientId LowCardinality(String),
  Tenant LowCardinality(String),
  Calls SimpleAggregateFunction(sum, UInt64),
  Subjects AggregateFunction(uniq, String)
) ENGINE = ReplicatedAggregatingMergeTree()
PARTITION BY toYYYYMM(Minute)
ORDER BY (Minute, ServiceName, Cause, CauseDetail, Issuer, ClientId, Tenant)
SETTINGS ttl_only_drop_parts = 1;

CREATE MATERIALIZED VIEW IF NOT EXISTS `default`.`gateway_principals_1m_mv` ON CLUSTER `claimcheck`
TO `default`.`gateway_principals_1m`
AS SELECT toStartOfMinute(Timestamp) AS Minute, ServiceName, Cause, CauseDetail, Issuer, ClientId, Tenant,
  count() AS Calls, uniqState(Subject) AS Subjects
FROM `default`.`gateway_calls`
GROUP BY Minute, ServiceName, Cause, CauseDetail, Issuer, ClientId, Tenant;

CREATE TABLE IF NOT EXISTS `default`.`alert_rules` ON CLUSTER `claimcheck` (
  Name String,
  Spec String CODEC(ZSTD(1)),
  Deleted UInt8 DEFAULT 0,
  UpdatedAt DateTime64(3)
) ENGINE = ReplicatedReplacingMergeTree(UpdatedAt)
ORDER BY Name;

CREATE TABLE IF NOT EXISTS `default`.`alert_state` ON CLUSTER `claimcheck` (
  RuleName String,
  GroupKey String,
  GroupLabels Map(LowCardinality(String), String),
  State LowCardinality(String),
  ActiveAt Nullable(DateTime64(3)),
  FiredAt Nullable(DateTime64(3)),
  LastBreachAt Nullable(DateTime64(3)),
  ResolvedAt Nullable(DateTime64(3)),
  LastEvalAt DateTime64(3),
  Value Float64,
  Baseline Nullable(Float64),
  Threshold Nullable(Float64),
  Error String,
  UpdatedAt DateTime64(3)
) ENGINE = ReplicatedReplacingMergeTree(UpdatedAt)
ORDER BY (RuleName, GroupKey);

CREATE TABLE IF NOT EXISTS `default`.`alert_history` ON CLUSTER `claimcheck` (
  Timestamp DateTime64(3) CODEC(Delta(8), ZSTD(1)),
  RuleName LowCardinality(String),
  GroupKey String,
  Labels Map(LowCardinality(String), String),
  FromState LowCardinality(String),
  ToState LowCardinality(String),
  Value Float64,
  Baseline Nullable(Float64),
  Threshold Nullable(Float64),
  Error String
) ENGINE = ReplicatedMergeTree()
PARTITION BY toYYYYMM(Timestamp)
ORDER BY (RuleName, Timestamp);

CREATE TABLE IF NOT EXISTS `default`.`alert_notifications` ON CLUSTER `claimcheck` (
  Timestamp DateTime64(3) CODEC(Delta(8), ZSTD(1)),
  RuleName LowCardinality(String),
  GroupKey String,
  Notifier LowCardinality(String),
  NotifierKind LowCardinality(String),
  Status LowCardinality(String),
  EpisodeStartedAt DateTime64(3),
  Outcome LowCardinality(String),
  Attempts UInt8,
  HttpStatus UInt16,
  Error String,
  Labels Map(LowCardinality(String), String)
) ENGINE = ReplicatedMergeTree()
PARTITION BY toYYYYMM(Timestamp)
ORDER BY (RuleName, GroupKey, Notifier, Timestamp);

CREATE TABLE IF NOT EXISTS `default`.`alert_silences` ON CLUSTER `claimcheck` (
  Id String,
  Matchers String,
  StartsAt DateTime64(3),
  EndsAt DateTime64(3),
  CreatedBy String,
  Comment String,
  UpdatedAt DateTime64(3)
) ENGINE = ReplicatedReplacingMergeTree(UpdatedAt)
ORDER BY Id;

CREATE TABLE IF NOT EXISTS `default`.`claimcheck_saved_queries` ON CLUSTER `claimcheck` (
  Id String,
  Name String,
  Sql String CODEC(ZSTD(1)),
  Description String CODEC(ZSTD(1)),
  CreatedAt DateTime64(3),
  UpdatedAt DateTime64(3),
  Deleted UInt8 DEFAULT 0
) ENGINE = ReplicatedReplacingMergeTree(UpdatedAt)
ORDER BY Id;

CREATE TABLE IF NOT EXISTS `default`.`gateway_subject_failures_1m` ON CLUSTER `claimcheck` (
  Minute DateTime CODEC(Delta(4), ZSTD(1)),
  ServiceName LowCardinality(String),
  Route LowCardinality(String),
  Cause LowCardinality(String),
  CauseDetail LowCardinality(String),
  Subject String CODEC(ZSTD(1)),
  Calls SimpleAggregateFunction(sum, UInt64)
) ENGINE = ReplicatedAggregatingMergeTree()
PARTITION BY toYYYYMM(Minute)
ORDER BY (Minute, Cause, ServiceName, Route, CauseDetail, Subject)
SETTINGS ttl_only_drop_parts = 1;

CREATE MATERIALIZED VIEW IF NOT EXISTS `default`.`gateway_subject_failures_1m_mv` ON CLUSTER `claimcheck`
TO `default`.`gateway_subject_failures_1m`
AS SELECT toStartOfMinute(Timestamp) AS Minute, ServiceName, Route, Cause, CauseDetail, Subject, count() AS Calls
FROM `default`.`gateway_calls`
WHERE Cause != ''
GROUP BY Minute, ServiceName, Route, Cause, CauseDetail, Subject;

ALTER TABLE `default`.`gateway_calls` ON CLUSTER `claimcheck` ADD PROJECTION IF NOT EXISTS by_subject (
  SELECT Timestamp, Subject, ServiceName, Route, Method, StatusCode, Cause, CauseDetail, Issuer, ClientId, Tenant
  ORDER BY Subject, Timestamp
);

ALTER TABLE `default`.`gateway_calls` ON CLUSTER `claimcheck` MATERIALIZE PROJECTION by_subject;

CREATE TABLE IF NOT EXISTS `default`.`claimcheck_jwks_fetches` ON CLUSTER `claimcheck` (
  Timestamp DateTime64(3) CODEC(Delta(8), ZSTD(1)),
  JwksUrl LowCardinality(String),
  Ok UInt8,
  HttpStatus UInt16,
  Error String CODEC(ZSTD(1)),
  Kids Array(String) CODEC(ZSTD(1)),
  DurationMs UInt32
) ENGINE = ReplicatedMergeTree()
PARTITION BY toYYYYMM(Timestamp)
ORDER BY (JwksUrl, Timestamp);

CREATE TABLE IF NOT EXISTS `default`.`claimcheck_users` ON CLUSTER `claimcheck` (
  Name String,
  Role LowCardinality(String),
  PasswordHash String,
  Disabled UInt8 DEFAULT 0,
  Deleted UInt8 DEFAULT 0,
  CreatedAt DateTime64(3),
  UpdatedAt DateTime64(3)
) ENGINE = ReplicatedReplacingMergeTree(UpdatedAt)
ORDER BY Name;

CREATE TABLE IF NOT EXISTS `default`.`claimcheck_sessions` ON CLUSTER `claimcheck` (
  IdHash String,
  UserName String,
  ClientAddress String,
  CreatedAt DateTime64(3),
  ExpiresAt DateTime64(3),
  Revoked UInt8 DEFAULT 0,
  UpdatedAt DateTime64(3)
) ENGINE = ReplicatedReplacingMergeTree(UpdatedAt)
ORDER BY IdHash
TTL toDateTime(ExpiresAt) + toIntervalDay(1);

CREATE TABLE IF NOT EXISTS `default`.`claimcheck_api_tokens` ON CLUSTER `claimcheck` (
  Id String,
  Name String,
  Role LowCardinality(String),
  TokenHash String,
  CreatedBy String,
  CreatedAt DateTime64(3),
  Revoked UInt8 DEFAULT 0,
  UpdatedAt DateTime64(3)
) ENGINE = ReplicatedReplacingMergeTree(UpdatedAt)
ORDER BY Id;

CREATE TABLE IF NOT EXISTS `default`.`claimcheck_audit_log` ON CLUSTER `claimcheck` (
  Timestamp DateTime64(3) CODEC(Delta(8), ZSTD(1)),
  Actor String,
  ActorKind LowCardinality(String),
  Role LowCardinality(String),
  Action LowCardinality(String),
  Target String CODEC(ZSTD(1)),
  Status UInt16,
  ClientAddress String,
  UserAgent String CODEC(ZSTD(1))
) ENGINE = ReplicatedMergeTree()
PARTITION BY toYYYYMM(Timestamp)
ORDER BY Timestamp
TTL toDateTime(Timestamp) + toIntervalDay(400);

CREATE TABLE IF NOT EXISTS `default`.`claimcheck_user_rule_versions` ON CLUSTER `claimcheck` (
  RuleId String,
  Version UInt32,
  Action LowCardinality(String),
  Rule String CODEC(ZSTD(1)),
  Template String CODEC(ZSTD(1)),
  Enabled UInt8,
  Deleted UInt8 DEFAULT 0,
  Author String,
  Comment String CODEC(ZSTD(1)),
  ChangedAt DateTime64(3)
) ENGINE = ReplicatedMergeTree()
ORDER BY (RuleId, Version);

ALTER TABLE `default`.`otel_logs` ON CLUSTER `claimcheck` ADD COLUMN IF NOT EXISTS EventName String CODEC(ZSTD(1));

ALTER TABLE `default`.`otel_logs` ON CLUSTER `claimcheck` MODIFY SETTING enable_block_number_column = 1;

ALTER TABLE `default`.`otel_traces` ON CLUSTER `claimcheck` MODIFY SETTING enable_block_number_column = 1;

CREATE TABLE IF NOT EXISTS `default`.`claimcheck_ingest_requests` ON CLUSTER `claimcheck` (
  Token String CODEC(ZSTD(1)),
  Signal LowCardinality(String),
  Rows UInt32,
  StoredAt DateTime DEFAULT now() CODEC(Delta(4), ZSTD(1))
) ENGINE = ReplicatedMergeTree()
ORDER BY (StoredAt, Token)
TTL StoredAt + toIntervalDay(1)
SETTINGS ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS `default`.`otel_logs_all` ON CLUSTER `claimcheck` AS `default`.`otel_logs`
ENGINE = Distributed(`claimcheck`, `default`, `otel_logs`, cityHash64(TraceId));

CREATE TABLE IF NOT EXISTS `default`.`otel_traces_all` ON CLUSTER `claimcheck` AS `default`.`otel_traces`
ENGINE = Distributed(`claimcheck`, `default`, `otel_traces`, cityHash64(TraceId));

CREATE TABLE IF NOT EXISTS `default`.`otel_traces_trace_id_ts_all` ON CLUSTER `claimcheck` AS `default`.`otel_traces_trace_id_ts`
ENGINE = Distributed(`claimcheck`, `default`, `otel_traces_trace_id_ts`, cityHash64(TraceId));

CREATE TABLE IF NOT EXISTS `default`.`gateway_calls_all` ON CLUSTER `claimcheck` AS `default`.`gateway_calls`
ENGINE = Distributed(`claimcheck`, `default`, `gateway_calls`, cityHash64(TraceId));

CREATE TABLE IF NOT EXISTS `default`.`gateway_calls_1m_all` ON CLUSTER `claimcheck` AS `default`.`gateway_calls_1m`
ENGINE = Distributed(`claimcheck`, `default`, `gateway_calls_1m`, rand());

CREATE TABLE IF NOT EXISTS `default`.`gateway_principals_1m_all` ON CLUSTER `claimcheck` AS `default`.`gateway_principals_1m`
ENGINE = Distributed(`claimcheck`, `default`, `gateway_principals_1m`, rand());

CREATE TABLE IF NOT EXISTS `default`.`gateway_subject_failures_1m_all` ON CLUSTER `claimcheck` AS `default`.`gateway_subject_failures_1m`
ENGINE = Distributed(`claimcheck`, `default`, `gateway_subject_failures_1m`, rand());

ALTER TABLE `default`.`otel_logs` ON CLUSTER `claimcheck` MODIFY SETTING merge_selector_base = 20;

ALTER TABLE `default`.`otel_traces` ON CLUSTER `claimcheck` MODIFY SETTING merge_selector_base = 20;

ALTER TABLE `default`.`gateway_calls` ON CLUSTER `claimcheck` MODIFY SETTING merge_selector_base = 20;

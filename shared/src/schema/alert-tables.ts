import { engine, onCluster, qualify, TABLES, type DdlContext } from './ddl.ts'

// Alerting's own tables (docs/schema.md "Alerting"): rules stored through the API, the state of
// every alert instance, every state transition, every notification attempt, and silences.
// Times are DateTime64(3) UTC; the evaluator writes epoch milliseconds.

export function createAlertTables(ctx: DdlContext): string[] {
  const table = (name: string) => `CREATE TABLE IF NOT EXISTS ${qualify(ctx, name)}${onCluster(ctx)}`
  return [
    `${table(TABLES.alertRules)} (
  Name String,
  Spec String CODEC(ZSTD(1)),
  Deleted UInt8 DEFAULT 0,
  UpdatedAt DateTime64(3)
) ENGINE = ${engine(ctx, 'ReplacingMergeTree', 'UpdatedAt')}
ORDER BY Name`,
    `${table(TABLES.alertState)} (
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
) ENGINE = ${engine(ctx, 'ReplacingMergeTree', 'UpdatedAt')}
ORDER BY (RuleName, GroupKey)`,
    `${table(TABLES.alertHistory)} (
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
) ENGINE = ${engine(ctx, 'MergeTree')}
PARTITION BY toYYYYMM(Timestamp)
ORDER BY (RuleName, Timestamp)`,
    `${table(TABLES.alertNotifications)} (
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
) ENGINE = ${engine(ctx, 'MergeTree')}
PARTITION BY toYYYYMM(Timestamp)
ORDER BY (RuleName, GroupKey, Notifier, Timestamp)`,
    `${table(TABLES.alertSilences)} (
  Id String,
  Matchers String,
  StartsAt DateTime64(3),
  EndsAt DateTime64(3),
  CreatedBy String,
  Comment String,
  UpdatedAt DateTime64(3)
) ENGINE = ${engine(ctx, 'ReplacingMergeTree', 'UpdatedAt')}
ORDER BY Id`,
  ]
}

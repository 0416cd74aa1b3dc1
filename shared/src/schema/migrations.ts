import { createAlertTables } from './alert-tables.ts'
import { createAuthTables } from './auth-tables.ts'
import { engine, onCluster, qualify, TABLES, type DdlContext } from './ddl.ts'
import {
  createCallsRollup, createGatewayCalls, createOtelLogs, createOtelTraces, createPrincipalsRollup,
  createSubjectFailuresRollup, createSubjectProjection, createTraceIdTs,
} from './tables.ts'
import { createSavedQueries } from './saved-queries.ts'
import { createJwksFetches } from './troubleshoot-tables.ts'
import { createUserRuleVersions } from './user-rule-tables.ts'
import { createDurability, createJournalDeduplication } from './durability.ts'
import { createDistributedTables } from './distributed.ts'
import { createMergeSettings } from './merge-settings.ts'

/**
 * One schema change. Versions only grow; a released migration is never edited (its checksum
 * is recorded), a later one amends it. Every statement must be idempotent (`IF NOT EXISTS`),
 * so a half-applied migration can simply run again.
 */
export interface Migration {
  version: number
  name: string
  statements: (ctx: DdlContext) => string[]
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'otel_logs', statements: (ctx) => [createOtelLogs(ctx)] },
  { version: 2, name: 'otel_traces and trace id lookup', statements: (ctx) => [createOtelTraces(ctx), ...createTraceIdTs(ctx)] },
  { version: 3, name: 'gateway_calls', statements: (ctx) => [createGatewayCalls(ctx)] },
  { version: 4, name: 'per-minute rollups', statements: (ctx) => [...createCallsRollup(ctx), ...createPrincipalsRollup(ctx)] },
  { version: 5, name: 'alerting: rules, state, history, notifications, silences', statements: (ctx) => createAlertTables(ctx) },
  { version: 6, name: 'saved ad hoc queries', statements: (ctx) => createSavedQueries(ctx) },
  // Backfills the minutes already stored, so the overview's subject answers agree from the start.
  // On a cluster an INSERT reaches one replica set only: docs/schema.md gives the statement to run per shard.
  {
    version: 7,
    name: 'subject lookups: failing-subjects rollup, by-subject projection',
    statements: (ctx) => [...createSubjectFailuresRollup(ctx), ...(ctx.cluster ? [] : [backfillSubjectFailures(ctx)]), ...createSubjectProjection(ctx)],
  },
  { version: 8, name: 'JWKS fetch history', statements: (ctx) => createJwksFetches(ctx) },
  { version: 9, name: 'users, sessions and the audit log', statements: (ctx) => createAuthTables(ctx) },
  { version: 10, name: 'stored user rules, one row per version', statements: (ctx) => createUserRuleVersions(ctx) },
  { version: 11, name: 'durable calls: raw block numbers, insert deduplication, otel_logs.EventName, OTLP request tokens', statements: (ctx) => createDurability(ctx) },
  // Cluster only (nothing on a single node): Distributed tables over the shards' local tables.
  { version: 12, name: 'sharded cluster: Distributed tables', statements: (ctx) => createDistributedTables(ctx) },
  { version: 13, name: 'fewer, wider merges for the tables live ingest writes', statements: (ctx) => createMergeSettings(ctx) },
  { version: 14, name: 'ingest journal: request tokens deduplicated when a segment is inserted again', statements: (ctx) => createJournalDeduplication(ctx) },
]

/**
 * Fills the failing-subjects rollup from calls stored before it existed. Idempotent as a whole
 * migration step: it runs only when the rollup is still empty.
 */
export function backfillSubjectFailures(ctx: DdlContext): string {
  return `INSERT INTO ${qualify(ctx, TABLES.subjectFailuresRollup)}
SELECT toStartOfMinute(Timestamp) AS Minute, ServiceName, Route, Cause, CauseDetail, Subject, count() AS Calls
FROM ${qualify(ctx, TABLES.calls)}
WHERE Cause != '' AND (SELECT count() FROM ${qualify(ctx, TABLES.subjectFailuresRollup)}) = 0
GROUP BY Minute, ServiceName, Route, Cause, CauseDetail, Subject`
}

/** The bookkeeping tables, created before any migration runs. */
export function createBookkeeping(ctx: DdlContext): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${qualify(ctx, TABLES.migrations)}${onCluster(ctx)} (
  Version UInt32,
  Name String,
  Checksum String,
  AppliedAt DateTime64(3) DEFAULT now64(3)
) ENGINE = ${engine(ctx, 'ReplacingMergeTree')} ORDER BY Version`,
    `CREATE TABLE IF NOT EXISTS ${qualify(ctx, TABLES.meta)}${onCluster(ctx)} (
  Key String,
  Value String,
  UpdatedAt DateTime64(3) DEFAULT now64(3)
) ENGINE = ${engine(ctx, 'ReplacingMergeTree', 'UpdatedAt')} ORDER BY Key`,
  ]
}

/** Stable fingerprint of a migration's SQL, to notice an edited released migration. */
export function checksumMigration(migration: Migration, ctx: DdlContext): string {
  const text = migration.statements(ctx).join(';\n')
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0).toString(16).padStart(8, '0')
}

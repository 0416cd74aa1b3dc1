import { engine, onCluster, qualify, TABLES, type DdlContext } from './ddl.ts'

/**
 * How many recent insert blocks a non-replicated table remembers for deduplication. A retried
 * insert carrying the same `insert_deduplication_token` within this window is dropped, and
 * with `deduplicate_blocks_in_dependent_materialized_views` it still completes the rollups a
 * half-finished first attempt missed. Replicated tables have `replicated_deduplication_window`.
 */
export const DEDUPLICATION_WINDOW = 10_000

/** Settings that make a retried `gateway_calls` insert stored once and counted once by every rollup. */
export const DEDUPLICATED_INSERT_SETTINGS = 'deduplicate_blocks_in_dependent_materialized_views = 1'

/**
 * Migration 11: what the deriver needs to rebuild `gateway_calls` from the raw rows.
 * - The raw tables keep each row's insert block number through merges (`_block_number`), the
 *   cursor the deriver resumes from: MergeTree numbers blocks in insert order.
 * - `gateway_calls`, its rollups and the raw tables remember recent block tokens.
 * - `otel_logs.EventName`, the exporter's current column, so both exporter DDLs match ours.
 * - The request tokens of acknowledged OTLP requests, so a sender's retry is stored once.
 */
export function createDurability(ctx: DdlContext): string[] {
  const dedup = ctx.cluster ? [] : [TABLES.calls, TABLES.callsRollup, TABLES.principalsRollup, TABLES.subjectFailuresRollup, TABLES.logs, TABLES.traces]
    .map((table) => `ALTER TABLE ${qualify(ctx, table)} MODIFY SETTING non_replicated_deduplication_window = ${DEDUPLICATION_WINDOW}`)
  return [
    `ALTER TABLE ${qualify(ctx, TABLES.logs)}${onCluster(ctx)} ADD COLUMN IF NOT EXISTS EventName String CODEC(ZSTD(1))`,
    ...[TABLES.logs, TABLES.traces].map((table) => `ALTER TABLE ${qualify(ctx, table)}${onCluster(ctx)} MODIFY SETTING enable_block_number_column = 1`),
    ...dedup,
    `CREATE TABLE IF NOT EXISTS ${qualify(ctx, TABLES.ingestRequests)}${onCluster(ctx)} (
  Token String CODEC(ZSTD(1)),
  Signal LowCardinality(String),
  Rows UInt32,
  StoredAt DateTime DEFAULT now() CODEC(Delta(4), ZSTD(1))
) ENGINE = ${engine(ctx, 'MergeTree')}
ORDER BY (StoredAt, Token)
TTL StoredAt + toIntervalDay(1)
SETTINGS ttl_only_drop_parts = 1`,
  ]
}

/**
 * Migration 14: the ingest journal inserts a segment's request tokens with the segment's
 * deduplication token too, so a segment inserted again after a crash stores its tokens once.
 */
export function createJournalDeduplication(ctx: DdlContext): string[] {
  return ctx.cluster ? [] : [`ALTER TABLE ${qualify(ctx, TABLES.ingestRequests)} MODIFY SETTING non_replicated_deduplication_window = ${DEDUPLICATION_WINDOW}`]
}

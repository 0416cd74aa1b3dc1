import { onCluster, qualify, TABLES, type DdlContext } from './ddl.ts'

/**
 * Live ingest writes a part per insert, and closed-loop senders (OTel exporters wait for each
 * answer) keep inserts at a few thousand rows: merging those parts cost as much CPU as inserting
 * them. A higher merge selector base merges more parts at once, so each row is rewritten fewer
 * times; measured with `pnpm bench ingest-engine` at 3,000-row inserts: otel_logs 2.78 → 2.03,
 * gateway_calls 3.98 → 3.20 CPU-s per 100k rows, at the price of more parts at a time (docs/benchmarks.md).
 */
export const MERGE_SELECTOR_BASE = 20

/** Migration 13: the merge selector base of the tables live ingest writes (another `base` to compare in benchmarks). */
export function createMergeSettings(ctx: DdlContext, base = MERGE_SELECTOR_BASE): string[] {
  return [TABLES.logs, TABLES.traces, TABLES.calls].map((table) =>
    `ALTER TABLE ${qualify(ctx, table)}${onCluster(ctx)} MODIFY SETTING merge_selector_base = ${base}`)
}

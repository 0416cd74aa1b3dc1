import { CALL_ROLLUPS, onCluster, qualify, tableName, TTL_COLUMNS, type DdlContext } from './ddl.ts'

/**
 * On a sharded cluster (`store.cluster` set) every data table is a Replicated local table on each
 * shard, and `<table>_all` is a `Distributed` table over them (docs/deploy.md).
 * - Raw rows and calls are sharded by `cityHash64(TraceId)`: a trace's spans, its logs and its
 *   calls land on one shard, so the trace lookup view, span/log pairing and the deriver's cursor
 *   work on the shard's local tables alone.
 * - The rollups are filled by each shard's materialized views from its local `gateway_calls`, so
 *   one minute × service × route × cause has a partial row per shard; every rollup query
 *   aggregates again (`sum(Calls) … GROUP BY`), which over `_all` adds the shards' parts exactly.
 *   Their `_all` tables are read-only (nothing inserts through them), the key only names a shard.
 * Single node: no statements.
 */
export const DISTRIBUTED_SUFFIX = '_all'

/** Every data table (those with a retention TTL): rollups by `rand()`, the rest by trace. */
export const SHARDING_KEYS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.keys(TTL_COLUMNS).map((table) => [table, (CALL_ROLLUPS as readonly string[]).includes(table) ? 'rand()' : 'cityHash64(TraceId)']),
)

export function createDistributedTables(ctx: DdlContext): string[] {
  if (!ctx.cluster) return []
  return Object.entries(SHARDING_KEYS).map(([table, key]) =>
    `CREATE TABLE IF NOT EXISTS \`${ctx.database}\`.\`${readTableName(ctx, table)}\`${onCluster(ctx)} AS ${qualify(ctx, table)}
ENGINE = Distributed(\`${ctx.cluster}\`, \`${ctx.database}\`, \`${tableName(ctx, table)}\`, ${key})`)
}

/**
 * The table a query reads for the whole store: on a cluster a data table's `_all` Distributed
 * table (a shard's local table holds only its share), else the table itself. Writers, DDL and
 * the deriver (which works shard by shard) use the local name (`qualify`).
 */
export function readTableName(ctx: DdlContext, table: string): string {
  const name = tableName(ctx, table)
  return ctx.cluster && Object.hasOwn(SHARDING_KEYS, table) ? `${name}${DISTRIBUTED_SUFFIX}` : name
}

/** `readTableName`, qualified and quoted. */
export function qualifyRead(ctx: DdlContext, table: string): string {
  return `\`${ctx.database}\`.\`${readTableName(ctx, table)}\``
}

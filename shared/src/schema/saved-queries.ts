import { engine, onCluster, qualify, type DdlContext } from './ddl.ts'

/** Saved ad hoc queries: one row per version; the newest `UpdatedAt` per `Id` wins, `Deleted = 1` removes. */
export const SAVED_QUERIES_TABLE = 'claimcheck_saved_queries'

export function createSavedQueries(ctx: DdlContext): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${qualify(ctx, SAVED_QUERIES_TABLE)}${onCluster(ctx)} (
  Id String,
  Name String,
  Sql String CODEC(ZSTD(1)),
  Description String CODEC(ZSTD(1)),
  CreatedAt DateTime64(3),
  UpdatedAt DateTime64(3),
  Deleted UInt8 DEFAULT 0
) ENGINE = ${engine(ctx, 'ReplacingMergeTree', 'UpdatedAt')}
ORDER BY Id`,
  ]
}

import { engine, onCluster, qualify, TABLES, type DdlContext } from './ddl.ts'

/**
 * Every JWKS fetch the troubleshooting assistant made (poll, inspector or "check now"): when a
 * kid appeared in or left a key set, and when the set could not be fetched. Small (one row per
 * fetch per URL), so no TTL, like the alerting tables.
 */
export function createJwksFetches(ctx: DdlContext): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${qualify(ctx, TABLES.jwksFetches)}${onCluster(ctx)} (
  Timestamp DateTime64(3) CODEC(Delta(8), ZSTD(1)),
  JwksUrl LowCardinality(String),
  Ok UInt8,
  HttpStatus UInt16,
  Error String CODEC(ZSTD(1)),
  Kids Array(String) CODEC(ZSTD(1)),
  DurationMs UInt32
) ENGINE = ${engine(ctx, 'MergeTree')}
PARTITION BY toYYYYMM(Timestamp)
ORDER BY (JwksUrl, Timestamp)`,
  ]
}

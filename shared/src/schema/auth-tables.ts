import { engine, onCluster, qualify, TABLES, type DdlContext } from './ddl.ts'

/**
 * Local users, sign-in sessions, API tokens made by admins, and the audit log. Users and sessions keep one row per version
 * (the newest `UpdatedAt` wins), like saved queries. No secret is stored in plain text: users hold
 * an scrypt hash of the password, sessions the SHA-256 of the session id. Sessions expire by TTL
 * a day after their end; the audit log is kept for 400 days.
 */
/**
 * Tables ad hoc SQL must never read: password hashes, session and token digests, and the audit
 * log (admins only, through its API). Every role may run ad hoc SQL.
 */
export const PRIVATE_TABLES = [TABLES.users, TABLES.sessions, TABLES.apiTokens, TABLES.auditLog] as const

export function createAuthTables(ctx: DdlContext): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${qualify(ctx, TABLES.users)}${onCluster(ctx)} (
  Name String,
  Role LowCardinality(String),
  PasswordHash String,
  Disabled UInt8 DEFAULT 0,
  Deleted UInt8 DEFAULT 0,
  CreatedAt DateTime64(3),
  UpdatedAt DateTime64(3)
) ENGINE = ${engine(ctx, 'ReplacingMergeTree', 'UpdatedAt')}
ORDER BY Name`,
    `CREATE TABLE IF NOT EXISTS ${qualify(ctx, TABLES.sessions)}${onCluster(ctx)} (
  IdHash String,
  UserName String,
  ClientAddress String,
  CreatedAt DateTime64(3),
  ExpiresAt DateTime64(3),
  Revoked UInt8 DEFAULT 0,
  UpdatedAt DateTime64(3)
) ENGINE = ${engine(ctx, 'ReplacingMergeTree', 'UpdatedAt')}
ORDER BY IdHash
TTL toDateTime(ExpiresAt) + toIntervalDay(1)`,
    `CREATE TABLE IF NOT EXISTS ${qualify(ctx, TABLES.apiTokens)}${onCluster(ctx)} (
  Id String,
  Name String,
  Role LowCardinality(String),
  TokenHash String,
  CreatedBy String,
  CreatedAt DateTime64(3),
  Revoked UInt8 DEFAULT 0,
  UpdatedAt DateTime64(3)
) ENGINE = ${engine(ctx, 'ReplacingMergeTree', 'UpdatedAt')}
ORDER BY Id`,
    `CREATE TABLE IF NOT EXISTS ${qualify(ctx, TABLES.auditLog)}${onCluster(ctx)} (
  Timestamp DateTime64(3) CODEC(Delta(8), ZSTD(1)),
  Actor String,
  ActorKind LowCardinality(String),
  Role LowCardinality(String),
  Action LowCardinality(String),
  Target String CODEC(ZSTD(1)),
  Status UInt16,
  ClientAddress String,
  UserAgent String CODEC(ZSTD(1))
) ENGINE = ${engine(ctx, 'MergeTree')}
PARTITION BY toYYYYMM(Timestamp)
ORDER BY Timestamp
TTL toDateTime(Timestamp) + toIntervalDay(400)`,
  ]
}

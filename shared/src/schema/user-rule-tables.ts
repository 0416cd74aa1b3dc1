import { engine, onCluster, qualify, type DdlContext } from './ddl.ts'

/**
 * Stored user rules (made from templates in the dashboard), one row per version: a change never
 * overwrites, it appends the next version with its author, time, action and comment, which is the
 * rule's history and audit trail. The newest version per `RuleId` is in force unless it is
 * `Deleted` or not `Enabled`.
 */
export const USER_RULE_VERSIONS_TABLE = 'claimcheck_user_rule_versions'

export function createUserRuleVersions(ctx: DdlContext): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${qualify(ctx, USER_RULE_VERSIONS_TABLE)}${onCluster(ctx)} (
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
) ENGINE = ${engine(ctx, 'MergeTree')}
ORDER BY (RuleId, Version)`,
  ]
}

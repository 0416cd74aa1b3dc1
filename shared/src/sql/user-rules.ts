import type { DdlContext } from '../schema/ddl.ts'
import { USER_RULE_VERSIONS_TABLE } from '../schema/user-rule-tables.ts'
import { qualifiedTable, sql } from './template.ts'

/**
 * The newest version of every stored rule, deleted ones included (callers filter), as rows with
 * camelCase keys, times in epoch ms: the collector's poll and the dashboard share it.
 * Aliases are lowercase: an alias named like its column would be resolved inside the aggregates.
 */
export function currentUserRulesQuery(ctx: DdlContext) {
  return sql`SELECT RuleId AS ruleId, max(Version) AS version, argMax(Action, Version) AS action, argMax(Rule, Version) AS rule,
  argMax(Template, Version) AS template, argMax(Enabled, Version) AS enabled, argMax(Deleted, Version) AS deleted,
  argMax(Author, Version) AS author, argMax(Comment, Version) AS comment,
  toUnixTimestamp64Milli(argMax(ChangedAt, Version)) AS changedAt,
  toUnixTimestamp64Milli(min(ChangedAt)) AS createdAt, argMin(Author, Version) AS createdBy
FROM ${qualifiedTable(ctx, USER_RULE_VERSIONS_TABLE)}
GROUP BY RuleId
ORDER BY RuleId`
}

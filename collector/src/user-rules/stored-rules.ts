import type { ClickHouseClient } from '@clickhouse/client'
import { CauseRuleSchema, type CauseRule, type DdlContext } from '@claimcheck/shared'
import { currentUserRulesQuery, readRows } from '@claimcheck/shared/node'

/** The stored user rules in force: the newest version of each, enabled and not deleted. */

export interface StoredRulesSnapshot {
  rules: CauseRule[]
  /** Changes whenever a rule in force changes: cheap to compare between polls. */
  fingerprint: string
  /** Stored rows that no longer validate (edited by hand): left out, by id. */
  invalid: string[]
}

interface CurrentRow {
  ruleId: string
  rule: string
  enabled: number | string
  deleted: number | string
  version: number | string
}

/** Parses the current rows; pure, so the dashboard and the collector decide alike. */
export function rulesFromRows(rows: readonly CurrentRow[]): StoredRulesSnapshot {
  const rules: CauseRule[] = []
  const invalid: string[] = []
  const versions: string[] = []
  for (const row of rows) {
    if (Number(row.deleted) === 1 || Number(row.enabled) !== 1) continue
    let parsed: unknown
    try {
      parsed = JSON.parse(row.rule)
    } catch {
      parsed = undefined
    }
    const result = CauseRuleSchema.safeParse(parsed)
    if (!result.success) {
      invalid.push(row.ruleId)
      continue
    }
    rules.push(result.data)
    versions.push(`${row.ruleId}@${row.version}`)
  }
  return { rules, invalid, fingerprint: versions.join(',') }
}

export async function loadStoredRules(client: ClickHouseClient, ctx: DdlContext, signal?: AbortSignal): Promise<StoredRulesSnapshot> {
  return rulesFromRows(await readRows<CurrentRow>(client, currentUserRulesQuery(ctx), { signal }))
}

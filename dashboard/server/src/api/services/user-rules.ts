import {
  CauseRuleSchema, isKnownCauseDetail, labelCause, USER_RULE_VERSIONS_TABLE, type CauseRule, type UserRule,
  type UserRuleAction, type UserRuleCreate, type UserRuleRestore, type UserRuleUpdate, type UserRuleVersion,
} from '@claimcheck/shared'
import { stringify } from 'yaml'
import { AppError, BadRequestError, NotFoundError } from '../../errors.ts'
import { ruleFromTemplate } from '../../templates/index.ts'
import { queryRows, toNumber, type QueryContext } from '../runner.ts'
import { alias, currentUserRulesQuery, ident, param, sql } from '@claimcheck/shared/node'

/**
 * Stored user rules: every change appends a version (author, time, action, comment), never
 * overwrites. A change names the version it was based on; one based on an older version is
 * refused with 409, so concurrent editors cannot overwrite each other unseen.
 */

interface VersionRow {
  ruleId: string
  version: unknown
  action: string
  rule: string
  template: string
  enabled: unknown
  deleted: unknown
  author: string
  comment: string
  changedAt: unknown
  createdAt?: unknown
  createdBy?: string
}

function toVersion(row: VersionRow): UserRuleVersion | undefined {
  let raw: unknown
  try {
    raw = JSON.parse(row.rule)
  } catch {
    return undefined
  }
  const rule = CauseRuleSchema.safeParse(raw)
  if (!rule.success) return undefined
  return {
    ruleId: row.ruleId, version: toNumber(row.version), action: row.action as UserRuleAction, rule: rule.data, template: row.template,
    enabled: toNumber(row.enabled) === 1, deleted: toNumber(row.deleted) === 1, author: row.author, comment: row.comment, changedAt: toNumber(row.changedAt),
  }
}

/** Every stored rule's newest version, deleted ones included when asked. */
export async function listUserRules(context: QueryContext, options: { includeDeleted?: boolean } = {}): Promise<UserRule[]> {
  const rows = await queryRows<VersionRow>(context, currentUserRulesQuery(context.store.schema))
  const rules: UserRule[] = []
  for (const row of rows) {
    const version = toVersion(row)
    if (!version || (version.deleted && !options.includeDeleted)) continue
    rules.push({ ...version, createdAt: toNumber(row.createdAt), createdBy: row.createdBy ?? '' })
  }
  return rules
}

export async function getUserRuleHistory(context: QueryContext, id: string): Promise<UserRuleVersion[]> {
  const as = (column: string) => sql`${ident(column)} AS ${alias(column.toLowerCase())}`
  const rows = await queryRows<VersionRow>(context, sql`SELECT ${as('Action')}, ${as('Rule')}, ${as('Template')}, ${as('Enabled')}, ${as('Deleted')}, ${as('Author')}, ${as('Comment')},
  ${ident('RuleId')} AS ruleId, ${ident('Version')} AS version, toUnixTimestamp64Milli(${ident('ChangedAt')}) AS changedAt
FROM ${ident(USER_RULE_VERSIONS_TABLE)} WHERE ${ident('RuleId')} = ${param(id, 'String')} ORDER BY ${ident('Version')} DESC`)
  const versions = rows.map(toVersion).filter((v): v is UserRuleVersion => v !== undefined)
  if (versions.length === 0) throw new NotFoundError(`User rule ${id}`)
  return versions
}

async function currentVersion(context: QueryContext, id: string): Promise<UserRuleVersion | undefined> {
  return (await listUserRules(context, { includeDeleted: true })).find((rule) => rule.ruleId === id)
}

function checkDetail(rule: CauseRule): void {
  const { cause, detail } = rule.set
  if (!isKnownCauseDetail(cause, detail)) {
    throw new BadRequestError(`"${detail}" is not a detail of ${cause ? labelCause(cause) : 'a success'}`, [{ path: 'detail', message: 'unknown detail for this cause' }])
  }
}

/** DateTime64(3) as text: unix seconds with milliseconds, free of time zones. */
const seconds = (ms: number) => (ms / 1000).toFixed(3)

async function append(context: QueryContext, version: UserRuleVersion): Promise<UserRuleVersion> {
  await context.store.writer.insert({
    table: USER_RULE_VERSIONS_TABLE,
    values: [{
      RuleId: version.ruleId, Version: version.version, Action: version.action, Rule: JSON.stringify(version.rule), Template: version.template,
      Enabled: version.enabled ? 1 : 0, Deleted: version.deleted ? 1 : 0, Author: version.author, Comment: version.comment, ChangedAt: seconds(version.changedAt),
    }],
    format: 'JSONEachRow',
  })
  return version
}

/** Versions are ordered by number; times only grow so the history reads in order too. */
const nextTime = (previous?: UserRuleVersion) => Math.max(Date.now(), (previous?.changedAt ?? 0) + 1)

export async function createUserRule(context: QueryContext, input: UserRuleCreate, author: string): Promise<UserRuleVersion> {
  const rule = 'rule' in input
    ? input.rule
    : ruleFromTemplate({ template: input.template, cause: input.cause, detail: input.detail, services: input.services })
  checkDetail(rule)
  const existing = await currentVersion(context, rule.id)
  if (existing && !existing.deleted) throw new AppError(409, 'conflict', `A stored rule "${rule.id}" exists (version ${existing.version}): change it instead`)
  return append(context, {
    ruleId: rule.id, version: (existing?.version ?? 0) + 1, action: 'create', rule, template: input.template, enabled: true, deleted: false,
    author, comment: input.comment, changedAt: nextTime(existing),
  })
}

async function currentFor(context: QueryContext, id: string, baseVersion: number): Promise<UserRuleVersion> {
  const current = await currentVersion(context, id)
  if (!current || current.deleted) throw new NotFoundError(`User rule ${id}`)
  if (current.version !== baseVersion) {
    throw new AppError(409, 'conflict', `User rule ${id} changed since version ${baseVersion} (now version ${current.version} by ${current.author}): reload and try again`)
  }
  return current
}

export async function updateUserRule(context: QueryContext, id: string, update: UserRuleUpdate, author: string): Promise<UserRuleVersion> {
  const current = await currentFor(context, id, update.baseVersion)
  if (update.rule && update.rule.id !== id) throw new BadRequestError('A rule keeps its id: create a new rule instead', [{ path: 'rule.id', message: 'must equal the rule being changed' }])
  let rule = update.rule ?? current.rule
  if (update.cause !== undefined || update.detail !== undefined) {
    rule = { ...rule, set: { cause: update.cause ?? rule.set.cause, detail: update.detail ?? (update.cause !== undefined ? '' : rule.set.detail) } }
  }
  checkDetail(rule)
  const enabled = update.enabled ?? current.enabled
  const ruleChanged = JSON.stringify(rule) !== JSON.stringify(current.rule)
  if (!ruleChanged && enabled === current.enabled) throw new BadRequestError('Nothing to change: the rule is already like this')
  const action: UserRuleAction = ruleChanged ? 'update' : enabled ? 'enable' : 'disable'
  return append(context, { ...current, version: current.version + 1, action, rule, enabled, author, comment: update.comment, changedAt: nextTime(current) })
}

export async function deleteUserRule(context: QueryContext, id: string, baseVersion: number, comment: string, author: string): Promise<UserRuleVersion> {
  const current = await currentFor(context, id, baseVersion)
  return append(context, { ...current, version: current.version + 1, action: 'delete', deleted: true, author, comment, changedAt: nextTime(current) })
}

/** Makes an earlier version current again, as a new version (history is never rewritten). */
export async function restoreUserRule(context: QueryContext, id: string, restore: UserRuleRestore, author: string): Promise<UserRuleVersion> {
  const history = await getUserRuleHistory(context, id)
  const current = history[0]!
  if (current.version !== restore.baseVersion) {
    throw new AppError(409, 'conflict', `User rule ${id} changed since version ${restore.baseVersion} (now version ${current.version} by ${current.author}): reload and try again`)
  }
  const target = history.find((v) => v.version === restore.version)
  if (!target) throw new NotFoundError(`Version ${restore.version} of user rule ${id}`)
  if (target.deleted) throw new BadRequestError(`Version ${restore.version} is the rule's deletion: restore a version before it`)
  return append(context, {
    ...target, version: current.version + 1, action: 'restore', deleted: false, author,
    comment: restore.comment || `restored version ${restore.version}`, changedAt: nextTime(current),
  })
}

/** The rules in force as a rules file (the format `classifier.rulesFile` reads). */
export function renderRulesFile(rules: readonly UserRule[], generatedAt: number): string {
  const inForce = rules.filter((r) => r.enabled && !r.deleted)
  const header = [
    '# claimcheck user rules, exported from the dashboard',
    `# ${new Date(generatedAt).toISOString()}: ${inForce.length} rule(s) in force; disabled and deleted rules are left out.`,
    '# Load with classifier.rulesFile (CLAIMCHECK_RULES_FILE) or keep them in the store; docs/classification.md.',
  ].join('\n')
  const body = stringify({ version: 1, rules: inForce.map((r) => r.rule) }, { lineWidth: 0 })
  return `${header}\n${body}`
}

import { readFileSync, statSync } from 'node:fs'
import { parse as parseYaml } from 'yaml'
import { AlertRuleSchema, AlertsFileSchema, describeRuleIssues, type AlertRule, type Notifier } from '@claimcheck/shared'
import type { AlertRepository } from './repository.ts'

/**
 * Where rules come from: the provisioning file (read-only through the API, re-read when its
 * modification time changes) and rules stored through the API in `alert_rules`.
 */

export interface SourcedRule {
  rule: AlertRule
  source: 'file' | 'api'
}

export interface RuleSet {
  rules: SourcedRule[]
  notifiers: Notifier[]
  /** Why the file (or a stored rule) was not (fully) used; the last valid file stays in effect. */
  errors: string[]
}

export class RuleFileError extends Error {
  override readonly name = 'RuleFileError'
}

/** Reads and validates the provisioning file; every problem names the rule and the field. */
export function readAlertsFile(path: string): { rules: AlertRule[]; notifiers: Notifier[] } {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new RuleFileError(`Cannot read alert rules file ${path}: ${(error as Error).message}`)
  }
  let data: unknown
  try {
    data = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text)
  } catch (error) {
    throw new RuleFileError(`Alert rules file ${path} is not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`)
  }
  const parsed = AlertsFileSchema.safeParse(data ?? {})
  if (!parsed.success) throw new RuleFileError(`Invalid alert rules file ${path}: ${describeRuleIssues(parsed.error, data).join('; ')}`)
  const problems: string[] = []
  const names = new Set<string>()
  for (const rule of parsed.data.rules) {
    if (names.has(rule.name)) problems.push(`rule "${rule.name}": name: used twice`)
    names.add(rule.name)
  }
  const notifierNames = new Set(parsed.data.notifiers.map((n) => n.name))
  if (notifierNames.size !== parsed.data.notifiers.length) problems.push('notifiers: names must be unique')
  parsed.data.rules.forEach((rule) => {
    for (const name of rule.notifiers ?? []) if (!notifierNames.has(name)) problems.push(`rule "${rule.name}": notifiers: no notifier named "${name}"`)
  })
  if (problems.length > 0) throw new RuleFileError(`Invalid alert rules file ${path}: ${problems.join('; ')}`)
  return parsed.data
}

export class RuleSource {
  private fileRules: AlertRule[] = []
  private notifiers: Notifier[] = []
  private fileError = ''
  private fileStamp = ''

  constructor(private readonly repository: AlertRepository, private readonly file: string | undefined) {}

  /** First load: an invalid file is an error the caller reports at start-up. */
  init(): void {
    if (!this.file) return
    const data = readAlertsFile(this.file)
    this.fileRules = data.rules
    this.notifiers = data.notifiers
    this.fileStamp = stampOf(this.file)
  }

  private refreshFile(): void {
    if (!this.file) return
    const stamp = stampOf(this.file)
    if (stamp === this.fileStamp) return
    this.fileStamp = stamp
    try {
      const data = readAlertsFile(this.file)
      this.fileRules = data.rules
      this.notifiers = data.notifiers
      this.fileError = ''
    } catch (error) {
      this.fileError = `${(error as Error).message} (the previous version stays in effect)`
    }
  }

  isFileRule(name: string): boolean {
    return this.fileRules.some((rule) => rule.name === name)
  }

  notifierNames(): string[] {
    return this.notifiers.map((notifier) => notifier.name)
  }

  async load(): Promise<RuleSet> {
    this.refreshFile()
    const errors = this.fileError ? [this.fileError] : []
    const rules: SourcedRule[] = this.fileRules.map((rule) => ({ rule, source: 'file' }))
    for (const stored of await this.repository.storedRules()) {
      let raw: unknown
      try {
        raw = JSON.parse(stored.spec)
      } catch {
        continue
      }
      const parsed = AlertRuleSchema.safeParse(raw)
      if (!parsed.success) {
        errors.push(`stored ${describeRuleIssues(parsed.error, raw).join('; ')}`)
        continue
      }
      // A file rule of the same name wins: provisioning is the source of truth for its names.
      if (!this.isFileRule(parsed.data.name)) rules.push({ rule: parsed.data, source: 'api' })
    }
    return { rules, notifiers: this.notifiers, errors }
  }
}

function stampOf(path: string): string {
  try {
    const stat = statSync(path)
    return `${stat.mtimeMs}:${stat.size}`
  } catch {
    return 'missing'
  }
}

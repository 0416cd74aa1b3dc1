import { AlertRuleSchema, AlertsFileSchema, describeRuleIssues, type AlertRule, type Notifier } from '@claimcheck/shared'
import { createDataFileReloader, loadDataFile, type DataFileKind, type DataFileReloader } from '@claimcheck/shared/node'
import type { AlertRepository } from './repository.ts'

/**
 * Where rules come from: the provisioning file (read-only through the API, re-read on every load
 * and used again when its content changed and validates) and rules stored through the API in
 * `alert_rules`.
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

type AlertsFile = { rules: AlertRule[]; notifiers: Notifier[] }

/** The provisioning file's format: the schema, unique rule and notifier names, known notifiers. */
export const ALERTS_FILE: DataFileKind<AlertsFile> = {
  what: 'alert rules file',
  validate(data) {
    const parsed = AlertsFileSchema.safeParse(data)
    if (!parsed.success) return { problems: describeRuleIssues(parsed.error, data) }
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
    return problems.length > 0 ? { problems } : { value: parsed.data }
  },
}

/** Reads and validates the provisioning file; throws DataFileError, every problem naming the rule and the field. */
export function readAlertsFile(path: string): AlertsFile {
  return loadDataFile(path, ALERTS_FILE)
}

export class RuleSource {
  private fileRules: AlertRule[] = []
  private notifiers: Notifier[] = []
  private fileError = ''
  private readonly reloader: DataFileReloader<AlertsFile> | undefined

  constructor(private readonly repository: AlertRepository, file: string | undefined) {
    this.reloader = file ? createDataFileReloader(file, ALERTS_FILE) : undefined
  }

  /** First load: an invalid file is a DataFileError (a StartupError) for the caller to report at start-up. */
  init(): void {
    if (!this.reloader) return
    const data = this.reloader.load()
    this.fileRules = data.rules
    this.notifiers = data.notifiers
  }

  private refreshFile(): void {
    const result = this.reloader?.reload()
    if (!result?.changed) return
    if ('error' in result) {
      this.fileError = `${result.error.message} (the previous version stays in effect)`
      return
    }
    this.fileRules = result.value.rules
    this.notifiers = result.value.notifiers
    this.fileError = ''
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

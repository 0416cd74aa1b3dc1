import { RuleFileSchema, type CauseRule } from '@claimcheck/shared'
import {
  createDataFileReloader, loadDataFile, parseDataFile, watchDataFile, type DataFileError, type DataFileKind, type WatchOptions,
} from '@claimcheck/shared/node'
import type { z } from 'zod'

/**
 * Users' rules files (YAML or JSON, one schema with the built-in packs), through the one data-file
 * loader: errors name the rule and field, and a file that fails validation never replaces rules
 * already accepted.
 */

function describePath(path: readonly PropertyKey[], raw: unknown): string {
  if (path[0] === 'rules' && typeof path[1] === 'number') {
    const index = path[1]
    const rules = raw && typeof raw === 'object' ? (raw as { rules?: unknown }).rules : undefined
    const rule = Array.isArray(rules) ? rules[index] : undefined
    const id = rule && typeof rule === 'object' && typeof (rule as { id?: unknown }).id === 'string' ? ` (id "${(rule as { id: string }).id}")` : ''
    const field = path.slice(2).map(String).join('.')
    return `rule #${index + 1}${id}${field ? ` ${field}` : ''}`
  }
  return path.length ? path.map(String).join('.') : '(file)'
}

/** One line per problem: `rule #3 (id "acme.x") match.message.regex: invalid regular expression: …`. */
export function formatRuleIssues(error: z.ZodError, raw: unknown): string[] {
  return error.issues.map((issue) => `${describePath(issue.path, raw)}: ${issue.message}`)
}

/** The rules-file format: the schema, plus duplicate ids reported even when other rules are invalid. */
export const RULES_FILE: DataFileKind<CauseRule[]> = {
  what: 'rules file',
  validate(raw) {
    const result = RuleFileSchema.safeParse(raw)
    if (result.success) return { value: result.data.rules }
    // The schema's duplicate-id check only runs on otherwise valid files; report them regardless.
    const problems = formatRuleIssues(result.error, raw)
    for (const dup of duplicateIds(raw)) if (!problems.includes(dup)) problems.push(dup)
    return { problems }
  },
}

/** Parses and validates rules-file text; throws DataFileError naming each bad rule and field. */
export function parseRulesText(text: string, file = '(rules)'): CauseRule[] {
  return parseDataFile(text, file, RULES_FILE)
}

function duplicateIds(raw: unknown): string[] {
  const rules = raw && typeof raw === 'object' ? (raw as { rules?: unknown }).rules : undefined
  if (!Array.isArray(rules)) return []
  const seen = new Map<string, number>()
  const out: string[] = []
  rules.forEach((rule: unknown, index) => {
    const id = rule && typeof rule === 'object' ? (rule as { id?: unknown }).id : undefined
    if (typeof id !== 'string') return
    const first = seen.get(id)
    if (first === undefined) seen.set(id, index)
    else out.push(`rule #${index + 1} (id "${id}") id: duplicate id "${id}" (also rule #${first + 1})`)
  })
  return out
}

export function loadRulesFile(file: string): CauseRule[] {
  return loadDataFile(file, RULES_FILE)
}

export type RulesWatcherOptions = WatchOptions

export interface RulesWatcher {
  /** Re-reads the file now; the callback runs only if the content changed. */
  check(): void
  close(): void
}

/**
 * Calls `onRules` with the new rules whenever the file's content changes and validates, or
 * `onError` when it does not (the one reload rule of data files: content compared, last valid kept).
 */
export function watchRulesFile(
  file: string,
  onRules: (rules: CauseRule[]) => void,
  onError: (error: DataFileError) => void,
  options: RulesWatcherOptions = {},
): RulesWatcher {
  const reloader = createDataFileReloader(file, RULES_FILE)
  // What is on disk now is what the caller loaded: only later changes are reported.
  reloader.reload()
  const check = (): void => {
    const result = reloader.reload()
    if (!result.changed) return
    if ('error' in result) onError(result.error)
    else onRules(result.value)
  }
  const watcher = watchDataFile(file, check, options)
  return { check, close: () => watcher.close() }
}

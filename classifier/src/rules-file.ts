import { watch, watchFile, unwatchFile, readFileSync, type FSWatcher } from 'node:fs'
import { basename, dirname, resolve } from 'node:path'
import { RuleFileSchema, type CauseRule } from '@claimcheck/shared'
import { parse as parseYaml } from 'yaml'
import type { z } from 'zod'

/**
 * Users' rules files (YAML or JSON, one schema with the built-in packs): load, validate with
 * errors that name the rule and field, and reload on change. A file that fails validation never
 * replaces rules already accepted.
 */

export class RulesFileError extends Error {
  readonly file: string
  readonly problems: readonly string[]

  constructor(file: string, problems: readonly string[]) {
    super(`rules file ${file} is invalid:\n  - ${problems.join('\n  - ')}`)
    this.name = 'RulesFileError'
    this.file = file
    this.problems = problems
  }
}

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

/** Parses and validates rules-file text; throws RulesFileError naming each bad rule and field. */
export function parseRulesText(text: string, file = '(rules)'): CauseRule[] {
  let raw: unknown
  try {
    // YAML 1.2 is a superset of JSON, so one parser reads both.
    raw = text.trim() === '' ? {} : parseYaml(text, { prettyErrors: true })
  } catch (err) {
    throw new RulesFileError(file, [`not valid YAML/JSON: ${err instanceof Error ? err.message : String(err)}`])
  }
  if (raw === null || raw === undefined) raw = {}
  const result = RuleFileSchema.safeParse(raw)
  if (!result.success) {
    // The schema's duplicate-id check only runs on otherwise valid files; report them regardless.
    const problems = formatRuleIssues(result.error, raw)
    for (const dup of duplicateIds(raw)) if (!problems.includes(dup)) problems.push(dup)
    throw new RulesFileError(file, problems)
  }
  return result.data.rules
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
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new RulesFileError(file, [`cannot read: ${err instanceof Error ? err.message : String(err)}`])
  }
  return parseRulesText(text, file)
}

export interface RulesWatcherOptions {
  /** Debounce for bursts of change events (editors write in several steps). Default 100 ms. */
  debounceMs?: number
  /** Polling interval backing up fs.watch (network file systems, some containers). Default 1,000 ms. */
  pollIntervalMs?: number
}

export interface RulesWatcher {
  /** Re-reads the file now; resolves after the callback ran (or the content was unchanged). */
  check(): void
  close(): void
}

/**
 * Calls `onRules` with the new rules whenever the file's content changes and validates, or
 * `onError` when it does not. Watches the directory, not the file: editors and config-map
 * updates replace the file, which would silently end a watch on the old inode.
 */
export function watchRulesFile(
  file: string,
  onRules: (rules: CauseRule[]) => void,
  onError: (error: RulesFileError) => void,
  options: RulesWatcherOptions = {},
): RulesWatcher {
  const path = resolve(file)
  const debounceMs = options.debounceMs ?? 100
  const pollIntervalMs = options.pollIntervalMs ?? 1000
  let lastText: string | undefined
  try {
    lastText = readFileSync(path, 'utf8')
  } catch {
    lastText = undefined
  }
  let timer: NodeJS.Timeout | undefined
  let closed = false

  const check = (): void => {
    if (closed) return
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch (err) {
      // A replace-by-rename leaves a short gap; the next event or poll picks the new file up.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return
      onError(new RulesFileError(path, [`cannot read: ${err instanceof Error ? err.message : String(err)}`]))
      return
    }
    if (text === lastText) return
    lastText = text
    try {
      onRules(parseRulesText(text, path))
    } catch (err) {
      onError(err instanceof RulesFileError ? err : new RulesFileError(path, [String(err)]))
    }
  }
  const schedule = (): void => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(check, debounceMs)
    timer.unref()
  }

  let watcher: FSWatcher | undefined
  try {
    const name = basename(path)
    watcher = watch(dirname(path), { persistent: false }, (_event, changed) => {
      if (!changed || changed.toString() === name) schedule()
    })
    watcher.on('error', () => undefined)
  } catch {
    watcher = undefined
  }
  watchFile(path, { interval: pollIntervalMs, persistent: false }, schedule)

  return {
    check,
    close() {
      closed = true
      if (timer) clearTimeout(timer)
      watcher?.close()
      unwatchFile(path, schedule)
    },
  }
}

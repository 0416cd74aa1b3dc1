import type { CauseRule, TextCondition } from '@claimcheck/shared'
import { resolverFor, safeSnippet, type CallView } from './call-view.ts'
import type { RuleHit } from './rule-engine.ts'

/**
 * Compiles one rule's conditions into checks (closures built once, regexes compiled once). A check
 * returns null when its condition fails, else the evidence it contributes ('' for none).
 */

export type Check = (view: CallView) => string | null

export interface CompiledRule {
  rule: CauseRule
  statuses: readonly number[] | undefined
  checks: Check[]
}

const MAX_VALUE_EVIDENCE = 80

function textTester(cond: TextCondition): (text: string) => string | null {
  if (cond.equals !== undefined) {
    const expected = cond.equals
    return (t) => (t === expected ? t : null)
  }
  if (cond.contains !== undefined) {
    const needle = cond.caseSensitive ? cond.contains : cond.contains.toLowerCase()
    return cond.caseSensitive
      ? (t) => (t.includes(needle) ? needle : null)
      : (t) => (t.toLowerCase().includes(needle) ? needle : null)
  }
  if (cond.regex !== undefined) {
    const re = new RegExp(cond.regex, cond.caseSensitive ? '' : 'i')
    return (t) => re.exec(t)?.[0] ?? null
  }
  const wanted = cond.exists !== false
  // Resolvers return undefined for empty values, so "exists" is decided by the caller.
  return () => (wanted ? '' : null)
}

function attributeCheck(key: string, cond: TextCondition): Check {
  const resolve = resolverFor(key)
  if (cond.exists === false) return (view) => (resolve(view) === undefined ? '' : null)
  if (cond.exists === true) return (view) => (resolve(view) === undefined ? null : `${key} present`)
  const test = textTester(cond)
  // Challenge parameters come only from a challenge; other keys also match the same value found
  // in a JSON body field or another error attribute (a `code` nested in `errors[].extensions`).
  const elsewhere = !key.startsWith('www_authenticate.')
  return (view) => {
    const v = resolve(view)
    if (v === undefined) {
      if (!elsewhere) return null
      for (const code of view.codes()) if (test(code) !== null) return `${key}=${safeSnippet(code, MAX_VALUE_EVIDENCE)} (found in the error body)`
      return null
    }
    return test(v) === null ? null : `${key}=${safeSnippet(v, MAX_VALUE_EVIDENCE)}`
  }
}

/**
 * Lowercases a regex's literal characters but not its escapes (`\\S` must stay `\\S`), so a
 * case-insensitive message pattern can run without the `i` flag on the already-lowercased text.
 */
export function lowercasePattern(source: string): string {
  let out = ''
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!
    if (ch === '\\' && i + 1 < source.length) {
      out += ch + source[i + 1]
      i++
    } else {
      out += ch.toLowerCase()
    }
  }
  return out
}

function messageCheck(cond: TextCondition): Check {
  if (cond.exists !== undefined) {
    const wanted = cond.exists
    return (view) => ((view.texts().length > 0) === wanted ? (wanted ? 'message present' : '') : null)
  }
  if (cond.equals !== undefined || cond.caseSensitive) {
    const test = textTester(cond)
    return (view) => {
      for (const text of view.texts()) {
        const hit = test(text)
        if (hit !== null) return `message~"${safeSnippet(hit)}"`
      }
      return null
    }
  }
  // Case-insensitive contains/regex: run on the lowercased texts, quote the original wording.
  const re = cond.regex !== undefined ? new RegExp(lowercasePattern(cond.regex)) : undefined
  const needle = (cond.contains ?? '').toLowerCase()
  return (view) => {
    const lowers = view.lowerTexts()
    for (let t = 0; t < lowers.length; t++) {
      const lower = lowers[t]!
      let at: number
      let length: number
      if (re) {
        const m = re.exec(lower)
        if (!m) continue
        at = m.index
        length = m[0].length
      } else {
        at = lower.indexOf(needle)
        if (at < 0) continue
        length = needle.length
      }
      const original = view.texts()[t]!
      const hit = original.length === lower.length ? original.slice(at, at + length) : lower.slice(at, at + length)
      return `message~"${safeSnippet(hit)}"`
    }
    return null
  }
}

function fieldCheck(name: 'service' | 'route', cond: TextCondition): Check {
  const get = name === 'service' ? (v: CallView) => v.facts.serviceName : (v: CallView) => v.facts.route || v.facts.path
  if (cond.exists !== undefined) {
    const wanted = cond.exists
    return (view) => ((get(view) !== '') === wanted ? '' : null)
  }
  const test = textTester(cond)
  return (view) => {
    const v = get(view)
    return v !== '' && test(v) !== null ? `${name}=${safeSnippet(v, MAX_VALUE_EVIDENCE)}` : null
  }
}

export function compileChecks(rule: CauseRule): Check[] {
  const m = rule.match
  const checks: Check[] = []
  // Cheap checks first so most non-matching rules fail fast (status is checked before these).
  if (m.token) {
    const { present, malformed } = m.token
    checks.push((view) => {
      const t = view.facts.token
      if (present !== undefined && t.present !== present) return null
      if (malformed !== undefined && t.malformed !== malformed) return null
      return present === false ? 'no bearer token' : malformed ? 'token not a JWT' : ''
    })
  }
  if (m.service) checks.push(fieldCheck('service', m.service))
  if (m.route) checks.push(fieldCheck('route', m.route))
  for (const [key, cond] of Object.entries(m.attributes ?? {})) checks.push(attributeCheck(key, cond))
  if (m.message) checks.push(messageCheck(m.message))
  return checks
}

export function evaluate(compiled: CompiledRule, view: CallView): RuleHit | undefined {
  const statusCode = view.facts.statusCode
  if (compiled.statuses && !compiled.statuses.includes(statusCode)) return undefined
  let primary = ''
  for (const check of compiled.checks) {
    const ev = check(view)
    if (ev === null) return undefined
    if (ev) primary = primary ? `${primary}, ${ev}` : ev
  }
  const status = compiled.statuses ? `status=${statusCode}` : ''
  const { rule } = compiled
  return {
    ruleId: rule.id,
    cause: rule.set.cause,
    detail: rule.set.detail,
    evidence: primary && status ? `${primary}, ${status}` : primary || status,
    generic: rule.generic,
  }
}

import { CauseRuleSchema, type CauseRule } from '@claimcheck/shared'
import { tokenize, WILDCARD } from './drain.ts'
import { PLACEHOLDERS } from './masks.ts'

/** From a mined template to a user rule whose message regex matches every message of it. */

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

// A wildcard stands for one token of the masked text, which may be a quoted value with spaces.
const WILDCARD_PATTERN = `(?:"[^"]*"|'[^']*'|\\S+)`

function tokenPattern(token: string): string {
  if (token === WILDCARD) return WILDCARD_PATTERN
  let out = ''
  let at = 0
  while (at < token.length) {
    const mask = PLACEHOLDERS.find((m) => token.startsWith(m.placeholder, at))
    if (mask) {
      out += mask.stands
      at += mask.placeholder.length
    } else {
      out += escapeRegex(token[at]!.toLowerCase())
      at++
    }
  }
  return out
}

/**
 * Regex over the lowercased error text (how the rule engine runs message regexes): the template's
 * tokens in order, any whitespace between them, placeholders as what they stand for. Anchored at
 * both ends, so a longer message (another template) does not match.
 */
export function templateRegex(template: string): string {
  return `^\\s*${tokenize(template).map(tokenPattern).join('\\s+')}\\s*$`
}

const SENTINEL = 'qq0qq'

/**
 * Words the rule engine can use to skip the regex: whole words of the template's literal text
 * (a word touching a placeholder is not whole in the real message). The longest three.
 */
export function templateKeywords(template: string): string[] {
  let text = template.split(WILDCARD).join(` ${SENTINEL} `)
  for (const mask of PLACEHOLDERS) text = text.split(mask.placeholder).join(SENTINEL)
  const words = new Set(text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length >= 2 && !w.includes(SENTINEL)))
  return [...words].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).slice(0, 3)
}

/** FNV-1a of the template text: a stable id for URLs and rule ids. */
export function templateId(template: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < template.length; i++) {
    hash ^= template.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0).toString(16).padStart(8, '0')
}

export interface TemplateRuleInput {
  template: string
  cause: CauseRule['set']['cause']
  detail?: string | undefined
  /** Only calls of these services; empty or absent: any service. */
  services?: readonly string[] | undefined
  id?: string | undefined
  description?: string | undefined
}


/** The user rule for a template, validated with the rule-file schema. */
export function ruleFromTemplate(input: TemplateRuleInput): CauseRule {
  const keywords = templateKeywords(input.template)
  const services = [...new Set(input.services ?? [])].sort()
  return CauseRuleSchema.parse({
    id: input.id ?? `template.${templateId(input.template)}`,
    description: input.description ?? `From the unclassified template: ${input.template}`,
    match: {
      message: { regex: templateRegex(input.template), ...(keywords.length > 0 ? { keywords } : {}) },
      ...(services.length === 1 ? { service: services[0] } : {}),
      ...(services.length > 1 ? { service: { regex: `^(?:${services.map((s) => escapeRegex(s)).join('|')})$`, caseSensitive: true } } : {}),
    },
    set: { cause: input.cause, detail: input.detail ?? '' },
  })
}


import { z } from 'zod'
import { CAUSES } from './taxonomy.ts'

/**
 * The cause-rule format: built-in gateway packs and users' rules files share it.
 * docs/classification.md documents the fields, the virtual attributes and the precedence.
 */

const WORD = /^[a-z0-9]{2,}$/

/** Whether `source` compiles as a JavaScript regular expression; the error text otherwise. */
export function checkRegex(source: string): string | undefined {
  try {
    new RegExp(source)
    return undefined
  } catch (err) {
    return err instanceof Error ? err.message : String(err)
  }
}

const TextConditionObjectSchema = z
  .strictObject({
    /** Exact, case-sensitive equality. */
    equals: z.string().optional(),
    /** Case-insensitive substring. */
    contains: z.string().min(1).optional(),
    /** Regular expression, case-insensitive unless `caseSensitive`. */
    regex: z.string().min(1).optional(),
    /** true: the field is present and non-empty; false: it is absent or empty. */
    exists: z.boolean().optional(),
    caseSensitive: z.boolean().optional(),
    /**
     * Speed hint for message conditions: lowercase words ([a-z0-9]+) of which at least one must
     * occur in the text for the regex to be tried at all. Words are split at any other character.
     */
    keywords: z.array(z.string().regex(WORD, 'a lowercase word of two or more letters and digits')).min(1).optional(),
  })
  .superRefine((value, ctx) => {
    const set = ['equals', 'contains', 'regex', 'exists'].filter((k) => value[k as keyof typeof value] !== undefined)
    if (set.length !== 1) {
      ctx.addIssue({ code: 'custom', message: `exactly one of equals, contains, regex, exists is required (got ${set.length === 0 ? 'none' : set.join(', ')})` })
    }
    if (value.regex !== undefined) {
      const error = checkRegex(value.regex)
      if (error) ctx.addIssue({ code: 'custom', path: ['regex'], message: error })
    }
  })

/**
 * A condition on one text field; a bare string means `{ equals: string }`. Either form ends in the
 * object schema, so the output is exactly that schema (also in the OpenAPI document, where a bare
 * transform's output would be an empty, match-anything branch).
 */
export const TextConditionSchema = z
  .union([z.string(), TextConditionObjectSchema])
  .transform((condition) => (typeof condition === 'string' ? { equals: condition } : condition))
  .pipe(TextConditionObjectSchema)
export type TextCondition = z.output<typeof TextConditionSchema>

const StatusConditionSchema = z.union([
  z.number().int().min(0).max(999),
  z.array(z.number().int().min(0).max(999)).min(1),
])

const MatchObjectSchema = z
  .strictObject({
    /** HTTP response status (one or any of a list). It only narrows: combine it with another condition. */
    status: StatusConditionSchema.optional(),
    service: TextConditionSchema.optional(),
    route: TextConditionSchema.optional(),
    /** The call's error text (log body, exception or response body); `body` is accepted as an alias. */
    message: TextConditionSchema.optional(),
    /** Attribute name → condition; includes the virtual `body.*`, `www_authenticate.*` and alias keys. */
    attributes: z.record(z.string().min(1), TextConditionSchema).optional(),
    /** Whether a bearer credential was seen / could not be decoded. */
    token: z.strictObject({ present: z.boolean().optional(), malformed: z.boolean().optional() }).optional(),
  })
  .refine((m) => m.service || m.route || m.message || m.token || (m.attributes && Object.keys(m.attributes).length > 0), {
    message: 'a rule must match on at least one of message, attributes, service, route or token (status alone only narrows)',
  })

/** What a rule matches on; every condition given must hold. */
export const RuleMatchSchema = z.preprocess((input) => {
  // The issue text calls the error text "body"; accept it as a synonym of `message`.
  if (input && typeof input === 'object' && !Array.isArray(input) && 'body' in input && !('message' in input)) {
    const { body, ...rest } = input as Record<string, unknown>
    return { ...rest, message: body }
  }
  return input
}, MatchObjectSchema)
export type RuleMatch = z.output<typeof RuleMatchSchema>

export const CauseRuleSchema = z.strictObject({
  /** Stable id, shown as the evidence rule (e.g. `acme.legacy-gw.expired`). */
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:{}-]*$/, 'letters, digits and . _ : - { } only'),
  description: z.string().optional(),
  /** Higher runs first within its layer; ties keep file order. Default 0. */
  priority: z.number().int().default(0),
  /**
   * A generic rule recognises an auth failure without a specific reason ("invalid token",
   * "Unauthorized"): it decides only when no specific rule and no token fact does. Default false.
   */
  generic: z.boolean().default(false),
  match: RuleMatchSchema,
  set: z.strictObject({
    /** '' declares matching calls not to be auth failures. An enum (not StoredCauseSchema's union) so errors list the options. */
    cause: z.enum([...CAUSES, '']),
    detail: z.string().regex(/^[a-z0-9_]*$/, 'snake_case').default(''),
  }),
})
export type CauseRule = z.output<typeof CauseRuleSchema>
export type CauseRuleInput = z.input<typeof CauseRuleSchema>

export const RuleFileSchema = z
  .strictObject({
    version: z.literal(1).default(1),
    rules: z.array(CauseRuleSchema).default([]),
  })
  .superRefine((file, ctx) => {
    const seen = new Map<string, number>()
    file.rules.forEach((rule, index) => {
      const first = seen.get(rule.id)
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['rules', index, 'id'], message: `duplicate id "${rule.id}" (also rule #${first + 1})` })
      } else {
        seen.set(rule.id, index)
      }
    })
  })
export type RuleFile = z.output<typeof RuleFileSchema>

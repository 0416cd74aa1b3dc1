import { z } from 'zod'
import { CauseRuleSchema } from './rules.ts'
import { isTimeExpression } from './api/time-range.ts'
import { CAUSES } from './taxonomy.ts'

/**
 * Stored user rules: the rule (the rule-file format, validated by CauseRuleSchema), the template it
 * was made from, and its version history. docs/classification.md "Templates and user rules".
 */

export const USER_RULE_ACTIONS = ['create', 'update', 'disable', 'enable', 'delete', 'restore'] as const
export const UserRuleActionSchema = z.enum(USER_RULE_ACTIONS)
export type UserRuleAction = z.infer<typeof UserRuleActionSchema>

const epochMs = z.number().int()
const comment = z.string().trim().max(500).default('')

/** One version of a stored rule: what it was, who made it, when, and why. */
export const UserRuleVersionSchema = z.object({
  ruleId: z.string(),
  version: z.number().int().positive(),
  action: UserRuleActionSchema,
  rule: CauseRuleSchema,
  template: z.string(),
  enabled: z.boolean(),
  deleted: z.boolean(),
  author: z.string(),
  comment: z.string(),
  changedAt: epochMs,
})
export type UserRuleVersion = z.infer<typeof UserRuleVersionSchema>

/** A stored rule as it is now (its newest version) and who created it. */
export const UserRuleSchema = UserRuleVersionSchema.extend({ createdAt: epochMs, createdBy: z.string() })
export type UserRule = z.infer<typeof UserRuleSchema>

export const UserRuleListSchema = z.object({ rules: z.array(UserRuleSchema) })
export const UserRuleHistorySchema = z.object({ ruleId: z.string(), versions: z.array(UserRuleVersionSchema) })
export type UserRuleHistory = z.infer<typeof UserRuleHistorySchema>

export const UserRuleParamsSchema = z.object({ id: z.string().min(1).max(200) })
/** `GET /user-rules/export?download`: present (any value) makes the file an attachment. */
export const UserRulesExportQuerySchema = z.object({ download: z.string().optional() })
export const UserRuleVersionParamsSchema = UserRuleParamsSchema.extend({ version: z.coerce.number().int().positive() })

const cause = z.enum([...CAUSES, ''])
const detail = z.string().regex(/^[a-z0-9_]*$/, 'snake_case')
const causeSet = { cause, detail: detail.default('') }

/**
 * Create a rule from a mined template (cause/detail for the template's messages, optionally only
 * for some services), or from a full rule in the rule-file format.
 */
export const UserRuleCreateSchema = z.union([
  z.strictObject({
    template: z.string().max(4_000),
    ...causeSet,
    services: z.array(z.string().min(1)).max(20).default([]),
    comment,
  }),
  z.strictObject({ rule: CauseRuleSchema, template: z.string().max(4_000).default(''), comment }),
])
export type UserRuleCreate = z.infer<typeof UserRuleCreateSchema>

/**
 * A change to a stored rule. `baseVersion` is the version the editor saw: a change based on an
 * older one is refused (409), so two editors never overwrite each other unseen.
 */
export const UserRuleUpdateSchema = z.strictObject({
  baseVersion: z.number().int().positive(),
  rule: CauseRuleSchema.optional(),
  cause: cause.optional(),
  detail: detail.optional(),
  enabled: z.boolean().optional(),
  comment,
})
export type UserRuleUpdate = z.infer<typeof UserRuleUpdateSchema>

export const UserRuleRestoreSchema = z.strictObject({ version: z.number().int().positive(), baseVersion: z.number().int().positive(), comment })
export type UserRuleRestore = z.infer<typeof UserRuleRestoreSchema>

export const UserRuleDeleteSchema = z.strictObject({ baseVersion: z.number().int().positive(), comment })

/** A re-classification of stored calls running in the dashboard server. */
export const RECLASSIFY_JOB_STATES = ['running', 'done', 'failed', 'cancelled'] as const
export const ReclassifyJobSchema = z.object({
  id: z.string(),
  state: z.enum(RECLASSIFY_JOB_STATES),
  from: epochMs,
  /** End of the range actually rewritten: the request's, but never the last minutes still being written. */
  to: epochMs,
  service: z.string().nullable(),
  dryRun: z.boolean(),
  scope: z.enum(['all', 'unclassified']),
  startedBy: z.string(),
  startedAt: epochMs,
  finishedAt: epochMs.nullable(),
  /** Calls in the range when the job started. */
  totalCalls: z.number().int().nonnegative(),
  /** Calls read and re-classified so far. */
  rowsDone: z.number().int().nonnegative(),
  changed: z.number().int().nonnegative(),
  /** 0–100. */
  percent: z.number().min(0).max(100),
  transitions: z.record(z.string(), z.number().int().nonnegative()),
  error: z.string().nullable(),
})
export type ReclassifyJob = z.infer<typeof ReclassifyJobSchema>
export const ReclassifyJobListSchema = z.object({ jobs: z.array(ReclassifyJobSchema) })
export const ReclassifyJobParamsSchema = z.object({ id: z.string().min(1).max(100) })

const timeExpression = z.string().refine(isTimeExpression, 'a time: now, now-15m (s m h d w), an ISO 8601 date-time, or epoch milliseconds')

/** Start a re-classification: a time range like the views' (`now-1h`), optionally one service. */
export const ReclassifyJobCreateSchema = z.strictObject({
  from: timeExpression,
  to: timeExpression.default('now'),
  service: z.string().min(1).max(500).optional(),
  dryRun: z.boolean().default(false),
  /**
   * `all` re-applies the rules to every call (what `claimcheck reclassify` does); `unclassified`
   * only to calls now classified `other`, leaving every other verdict as it is. Default `all`.
   */
  scope: z.enum(['all', 'unclassified']).default('all'),
})
export type ReclassifyJobCreate = z.infer<typeof ReclassifyJobCreateSchema>

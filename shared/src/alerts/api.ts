import { z } from 'zod'
import { AlertRuleSchema, DurationSchema, GROUP_BY_FIELDS, SilenceMatcherSchema, SilenceSchema, safeRegex } from '../alerts.ts'

/** Request and response bodies of `/api/v1/alerts/*`: the server validates with them, the web parses with them. */

/** States of an alert instance; the server's state machine (alerts/engine/state-machine.ts) moves between them. */
export const ALERT_STATES = ['inactive', 'pending', 'firing', 'resolved', 'no_data', 'error'] as const
export type AlertState = (typeof ALERT_STATES)[number]
export const AlertStateSchema = z.enum(ALERT_STATES)
const isoOrNull = z.iso.datetime().nullable()
const groupLabels = z.partialRecord(z.enum(GROUP_BY_FIELDS), z.string())

export const AlertInstanceSchema = z.object({
  rule: z.string(),
  groupKey: z.string(),
  labels: groupLabels,
  state: AlertStateSchema,
  activeAt: isoOrNull,
  firedAt: isoOrNull,
  resolvedAt: isoOrNull,
  lastEvalAt: isoOrNull,
  value: z.number(),
  baseline: z.number().nullable(),
  threshold: z.number().nullable(),
  error: z.string(),
  silenced: z.boolean(),
})
export type AlertInstance = z.infer<typeof AlertInstanceSchema>

export const RuleSourceSchema = z.enum(['file', 'api'])

export const AlertRuleViewSchema = z.object({
  rule: AlertRuleSchema,
  source: RuleSourceSchema,
  /** File rules cannot be changed through the API. */
  readOnly: z.boolean(),
  /** The worst state among the instances (firing > pending > error > no_data > resolved > inactive). */
  state: AlertStateSchema,
  instances: z.array(AlertInstanceSchema),
  /** Matching failures per minute over the last hour, oldest first. */
  sparkline: z.array(z.number()),
  lastError: z.string(),
})
export type AlertRuleView = z.infer<typeof AlertRuleViewSchema>

export const AlertRuleListSchema = z.object({ rules: z.array(AlertRuleViewSchema), fileErrors: z.array(z.string()) })
export type AlertRuleList = z.infer<typeof AlertRuleListSchema>

export const AlertRuleParamsSchema = z.object({ name: z.string().min(1) })
export const SilenceParamsSchema = z.object({ id: z.string().min(1) })

export const AlertHistoryEntrySchema = z.object({
  at: z.iso.datetime(),
  rule: z.string(),
  groupKey: z.string(),
  labels: z.record(z.string(), z.string()),
  from: AlertStateSchema,
  to: AlertStateSchema,
  value: z.number(),
  baseline: z.number().nullable(),
  threshold: z.number().nullable(),
  error: z.string(),
})
export type AlertHistoryEntry = z.infer<typeof AlertHistoryEntrySchema>

export const AlertHistoryListSchema = z.object({ entries: z.array(AlertHistoryEntrySchema) })

export const AlertHistoryQuerySchema = z.object({
  rule: z.string().optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
})

export const DeliveryRecordSchema = z.object({
  at: z.iso.datetime(),
  rule: z.string(),
  groupKey: z.string(),
  notifier: z.string(),
  kind: z.string(),
  status: z.enum(['firing', 'resolved']),
  outcome: z.enum(['sent', 'failed', 'silenced']),
  attempts: z.number(),
  httpStatus: z.number(),
  error: z.string(),
})
export type DeliveryRecord = z.infer<typeof DeliveryRecordSchema>

export const DeliveryListSchema = z.object({ deliveries: z.array(DeliveryRecordSchema) })

export const DeliveryQuerySchema = z.object({
  rule: z.string().optional(),
  notifier: z.string().optional(),
  outcome: z.enum(['sent', 'failed', 'silenced']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
})

/** A notifier as the API shows it: URL reduced to its origin, header values masked. */
export const NotifierViewSchema = z.object({
  name: z.string(),
  kind: z.enum(['webhook', 'alertmanager', 'slack']),
  /** The first URL's origin (`urls` has them all). */
  url: z.string(),
  urls: z.array(z.string()),
  headers: z.array(z.string()),
  sendResolved: z.boolean(),
  repeatInterval: z.string(),
})
export type NotifierView = z.infer<typeof NotifierViewSchema>
export const NotifierListSchema = z.object({ notifiers: z.array(NotifierViewSchema) })

export const SilenceCreateSchema = z
  .strictObject({
    matchers: z.array(SilenceMatcherSchema).min(1),
    startsAt: z.iso.datetime().optional(),
    /** An end time, or `duration` from now (or from `startsAt`). */
    endsAt: z.iso.datetime().optional(),
    duration: DurationSchema.optional(),
    createdBy: z.string().default(''),
    comment: z.string().default(''),
  })
  .superRefine((body, ctx) => {
    if (!body.endsAt && body.duration === undefined) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'endsAt or duration is required' })
    body.matchers.forEach((matcher, i) => {
      if ((matcher.op === '=~' || matcher.op === '!~') && !safeRegex(matcher.value)) {
        ctx.addIssue({ code: 'custom', path: ['matchers', i, 'value'], message: 'not a valid regular expression' })
      }
    })
  })
export type SilenceCreate = z.input<typeof SilenceCreateSchema>

export const SilenceViewSchema = SilenceSchema.extend({ active: z.boolean() })
export const SilenceListSchema = z.object({ silences: z.array(SilenceViewSchema) })

export const BACKTEST_RANGES = { '1h': 3600, '6h': 21_600, '24h': 86_400, '7d': 604_800 } as const

export const BacktestRequestSchema = z.strictObject({
  /** The rule as edited (not yet saved); validated like a saved rule. */
  rule: z.unknown(),
  range: z.enum(Object.keys(BACKTEST_RANGES) as [keyof typeof BACKTEST_RANGES]).default('24h'),
  /** End of the range; default now. */
  to: z.iso.datetime().optional(),
  /** Group keys with the most failures are replayed; at most this many. Default 10. */
  maxGroups: z.number().int().min(1).max(50).default(10),
})
export type BacktestRequest = z.input<typeof BacktestRequestSchema>

const BacktestPointSchema = z.object({
  t: z.number(), value: z.number(), count: z.number(), total: z.number(), baseline: z.number().nullable(),
  threshold: z.number(), zscore: z.number().nullable(), kind: z.enum(['ok', 'breach', 'nodata']), state: AlertStateSchema,
})

export const BacktestResponseSchema = z.object({
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  intervalSeconds: z.number(),
  groups: z.array(z.object({
    key: z.string(),
    labels: groupLabels,
    points: z.array(BacktestPointSchema),
    timeline: z.array(z.object({ state: AlertStateSchema, from: z.number(), to: z.number() })),
    /** Times it would have started firing. */
    firings: z.array(z.number()),
  })),
  /** Groups with failures beyond `maxGroups`, not replayed. */
  omittedGroups: z.number(),
})
export type BacktestResponse = z.infer<typeof BacktestResponseSchema>

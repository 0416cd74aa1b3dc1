import { z } from 'zod'
import { CAUSES } from './taxonomy.ts'

/**
 * The alert rule format (docs/alerts.md): zod schemas shared by the provisioning file loader,
 * the API and the web editor. Browser-safe: no I/O.
 */

const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 }

/** `90s`, `5m`, `1h`, `1d` (or a number of seconds) → seconds. */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined
  const match = /^(\d+)(s|m|h|d)$/.exec(value.trim())
  return match ? Number(match[1]) * DURATION_UNITS[match[2]!]! : undefined
}

/** Seconds → the shortest exact `5m`-style duration. */
export function formatDuration(seconds: number): string {
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60]] as const) {
    if (seconds > 0 && seconds % size === 0) return `${seconds / size}${unit}`
  }
  return `${seconds}s`
}

export const DurationSchema = z.union([z.string(), z.number()]).refine((v) => parseDuration(v) !== undefined, {
  message: 'a duration like 30s, 5m, 1h or 1d',
})
export type Duration = z.infer<typeof DurationSchema>

const nonEmpty = z.string().min(1)
// A single value is accepted where a list is expected, so files read naturally (`route: /orders`).
const stringList = z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(nonEmpty).min(1))
const statusList = z.preprocess((v) => (typeof v === 'number' ? [v] : v), z.array(z.number().int().min(100).max(599)).min(1))

/** Fields an alert can be grouped by: one alert instance per distinct value combination. */
export const GROUP_BY_FIELDS = ['service', 'route', 'issuer', 'client', 'tenant'] as const
export const GroupByFieldSchema = z.enum(GROUP_BY_FIELDS)
export type GroupByField = z.infer<typeof GroupByFieldSchema>

/** Which failures a rule counts: a cause (or `any` failure), optionally a detail, plus API filters. */
export const AlertTargetSchema = z.strictObject({
  cause: z.enum([...CAUSES, 'any'], { error: `must be one of: ${[...CAUSES, 'any'].join(', ')}` }),
  detail: nonEmpty.optional(),
  service: stringList.optional(),
  route: stringList.optional(),
  issuer: stringList.optional(),
  client: stringList.optional(),
  tenant: stringList.optional(),
  status: statusList.optional(),
})
export type AlertTarget = z.infer<typeof AlertTargetSchema>

export const ThresholdConditionSchema = z.strictObject({
  type: z.literal('threshold'),
  /** `count` of matching failures in the window, or `rate` = matching failures / all calls (0–1). */
  metric: z.enum(['count', 'rate']).default('count'),
  op: z.enum(['>', '>=', '<', '<=']).default('>'),
  value: z.number().min(0),
  /** Whole minutes (the rollups are per minute). Default 5m. */
  window: DurationSchema.default('5m'),
  /** Hysteresis: once firing, the condition holds while the value stays past this instead. */
  resolveValue: z.number().min(0).optional(),
  /** `rate` only: fewer calls than this in the window never breach. Default 20. */
  minCalls: z.number().int().min(0).default(20),
})

export const SpikeConditionSchema = z.strictObject({
  type: z.literal('spike'),
  /** Whole minutes. Default 5m. */
  window: DurationSchema.default('5m'),
  /** How many preceding windows form the baseline. Default 12 (one hour of 5m windows). */
  history: z.number().int().min(1).max(288).default(12),
  /** Also compare with the same window on this many previous days. Default 0. */
  days: z.number().int().min(0).max(7).default(0),
  /** Standard scores above the baseline mean that count as a spike. Default 3. */
  zScore: z.number().positive().default(3),
  /** Hysteresis: once firing, stays breached while the z-score is at least this. */
  resolveZScore: z.number().min(0).optional(),
  /** Windows with fewer matching failures than this never breach, whatever the z-score. Default 10. */
  minCount: z.number().int().min(1).default(10),
})

export const AlertConditionSchema = z.discriminatedUnion('type', [ThresholdConditionSchema, SpikeConditionSchema])
export type AlertCondition = z.infer<typeof AlertConditionSchema>
export type ThresholdCondition = z.infer<typeof ThresholdConditionSchema>
export type SpikeCondition = z.infer<typeof SpikeConditionSchema>

export const SEVERITIES = ['critical', 'warning', 'info'] as const

/** Variables usable in annotation templates as `{{name}}`. */
export const TEMPLATE_VARIABLES = [
  'rule', 'value', 'baseline', 'threshold', 'zscore', 'count', 'total', 'group', 'link', 'cause', 'window', 'severity', 'state',
] as const
const TEMPLATE_PATTERN = /\{\{\s*([A-Za-z_][\w.]*)\s*\}\}/g

export const AlertRuleSchema = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, 'letters, digits, _ . : - (up to 128)'),
    description: z.string().default(''),
    enabled: z.boolean().default(true),
    target: AlertTargetSchema,
    groupBy: z.array(GroupByFieldSchema).default([]),
    condition: AlertConditionSchema,
    /** Evaluation interval; unset uses `alerts.evaluationInterval`. */
    interval: DurationSchema.optional(),
    /** How long the condition must hold before firing (pending meanwhile); unset uses `alerts.defaultFor`. */
    for: DurationSchema.optional(),
    /** Keeps firing this long after the condition clears, so a value hovering at the threshold does not flap. */
    keepFiringFor: DurationSchema.optional(),
    /** What a window without any call means: its own `no_data` state, normal (`ok`), or a breach (`alerting`). */
    noData: z.enum(['no_data', 'ok', 'alerting']).default('no_data'),
    severity: z.enum(SEVERITIES).default('warning'),
    labels: z.record(z.string().regex(/^[A-Za-z_]\w*$/), z.string()).default({}),
    annotations: z.record(z.string().regex(/^[A-Za-z_]\w*$/), z.string()).default({}),
    /** Notifier names; unset notifies every notifier. */
    notifiers: z.array(nonEmpty).optional(),
  })
  .superRefine((rule, ctx) => {
    const window = parseDuration(rule.condition.window)
    if (window !== undefined && (window < 60 || window % 60 !== 0)) {
      ctx.addIssue({ code: 'custom', path: ['condition', 'window'], message: 'must be whole minutes (the rollups are per minute)' })
    }
    const interval = rule.interval === undefined ? undefined : parseDuration(rule.interval)
    if (interval !== undefined && interval < 10) ctx.addIssue({ code: 'custom', path: ['interval'], message: 'at least 10s' })
    const byPrincipal = usesPrincipals(rule)
    for (const field of ['route', 'status'] as const) {
      if (byPrincipal && (rule.target[field] || (field === 'route' && rule.groupBy.includes('route')))) {
        ctx.addIssue({
          code: 'custom', path: ['target', field],
          message: `${field} cannot be combined with issuer, client or tenant (gateway_principals_1m has no ${field})`,
        })
      }
    }
    if (rule.condition.type === 'threshold' && rule.condition.metric === 'rate' && rule.condition.value > 1) {
      ctx.addIssue({ code: 'custom', path: ['condition', 'value'], message: 'a rate is a fraction between 0 and 1' })
    }
    const groupLabels = new Set<string>(rule.groupBy)
    for (const [key, text] of Object.entries(rule.annotations)) {
      for (const match of text.matchAll(TEMPLATE_PATTERN)) {
        const name = match[1]!
        const known = (TEMPLATE_VARIABLES as readonly string[]).includes(name) ||
          (name.startsWith('labels.') && (groupLabels.has(name.slice(7)) || name.slice(7) in rule.labels || ['alertname', 'severity', 'cause'].includes(name.slice(7))))
        if (!known) ctx.addIssue({ code: 'custom', path: ['annotations', key], message: `unknown template variable {{${name}}}` })
      }
    }
  })
export type AlertRule = z.infer<typeof AlertRuleSchema>
export type AlertRuleInput = z.input<typeof AlertRuleSchema>

/** Rules filtering or grouping by issuer, client or tenant read `gateway_principals_1m`. */
export function usesPrincipals(rule: Pick<AlertRule, 'target' | 'groupBy'>): boolean {
  return (['issuer', 'client', 'tenant'] as const).some((field) => rule.target[field] !== undefined || rule.groupBy.includes(field))
}

const notifierBase = {
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'letters, digits, _ . : - (up to 64)'),
  /** Where to send; one URL, or `urls` for several (both instances of an Alertmanager HA pair). */
  url: z.url().optional(),
  /** Several URLs, all sent to (like Prometheus, which sends to every Alertmanager); delivered when one accepts. */
  urls: z.array(z.url()).min(1).optional(),
  /** Extra request headers (e.g. Authorization); masked in the API. */
  headers: z.record(z.string(), z.string()).default({}),
  /** Send a notification when the alert resolves. Default true. */
  sendResolved: z.boolean().default(true),
  /** Re-send a still-firing alert this often; unset uses `alerts.notifier.repeatInterval` (Alertmanager: 1m). */
  repeatInterval: DurationSchema.optional(),
}

export const NotifierSchema = z.discriminatedUnion('kind', [
  /** Generic JSON webhook: the Alertmanager webhook v4 payload. */
  z.strictObject({ kind: z.literal('webhook'), ...notifierBase }),
  /** An Alertmanager: `url` is its base URL; claimcheck POSTs to `/api/v2/alerts`. */
  z.strictObject({ kind: z.literal('alertmanager'), ...notifierBase }),
  /** A Slack incoming webhook URL. */
  z.strictObject({ kind: z.literal('slack'), ...notifierBase }),
]).superRefine((notifier, ctx) => {
  if ((notifier.url === undefined) === (notifier.urls === undefined)) ctx.addIssue({ code: 'custom', path: ['url'], message: 'set url (one) or urls (several), not both' })
})
export type Notifier = z.infer<typeof NotifierSchema>

/** Every URL a notifier sends to. */
export function notifierUrls(notifier: Pick<Notifier, 'url' | 'urls'>): string[] {
  return notifier.urls ?? (notifier.url ? [notifier.url] : [])
}

/** The provisioning file (`alerts.rulesFile`, YAML or JSON): read-only in the UI. */
export const AlertsFileSchema = z.strictObject({
  notifiers: z.array(NotifierSchema).default([]),
  rules: z.array(AlertRuleSchema).default([]),
})
export type AlertsFile = z.infer<typeof AlertsFileSchema>

export const SilenceMatcherSchema = z.strictObject({
  name: z.string().min(1),
  value: z.string(),
  op: z.enum(['=', '!=', '=~', '!~']).default('='),
})
export type SilenceMatcher = z.infer<typeof SilenceMatcherSchema>

/** A matcher's `=~` / `!~` pattern, anchored as in Alertmanager; undefined when it does not compile. */
export function safeRegex(pattern: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${pattern})$`)
  } catch {
    return undefined
  }
}

export const SilenceSchema = z.strictObject({
  id: z.string(),
  matchers: z.array(SilenceMatcherSchema).min(1),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  createdBy: z.string().default(''),
  comment: z.string().default(''),
})
export type Silence = z.infer<typeof SilenceSchema>

/**
 * `rules[2] "api-unknown-sub": condition.zScore: expected number` — names the rule and the field,
 * for file loading and API validation alike.
 */
export function describeRuleIssues(error: z.ZodError, input: unknown): string[] {
  return error.issues.map((issue) => {
    const path = [...issue.path]
    let prefix = ''
    if ((path[0] === 'rules' || path[0] === 'notifiers') && typeof path[1] === 'number') {
      const item = (input as Record<string, unknown[]> | null)?.[path[0]]?.[path[1]] as { name?: unknown } | undefined
      const name = typeof item?.name === 'string' ? ` "${item.name}"` : ''
      prefix = `${path[0]}[${path[1]}]${name}: `
      path.splice(0, 2)
    } else {
      const name = (input as { name?: unknown } | null)?.name
      if (typeof name === 'string') prefix = `rule "${name}": `
    }
    return `${prefix}${path.map(String).join('.') || '(root)'}: ${issue.message}`
  })
}

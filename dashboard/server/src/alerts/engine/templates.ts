import { formatDuration, type AlertRule, type GroupLabels } from '@claimcheck/shared'
import { windowSeconds } from './condition.ts'
import type { InstanceState } from './state-machine.ts'

/** The labels an alert instance carries to notifiers and silences. */
export function alertLabels(rule: AlertRule, group: GroupLabels): Record<string, string> {
  return {
    ...rule.labels,
    alertname: rule.name,
    severity: rule.severity,
    cause: rule.target.cause,
    ...(rule.target.detail ? { cause_detail: rule.target.detail } : {}),
    // An empty value is no label (as in Prometheus and Alertmanager): no `route=""`.
    ...Object.fromEntries(Object.entries(group).filter(([, v]) => v !== undefined && v !== '')),
  } as Record<string, string>
}

/** How a group value reads in text: an empty one (calls without a route, say) as `(no route)`. */
function groupValueText(field: string, value: string): string {
  return value === '' ? `(no ${field})` : value
}

const FILTER_PARAMS = ['service', 'route', 'issuer', 'client', 'tenant'] as const

/**
 * Dashboard link at the alert's time range and filters: `/causes/unknown_sub?from=…&to=…&route=…`.
 * `from`/`to` are ISO timestamps; the range shows an hour before the window up to its end.
 */
export function dashboardLink(externalUrl: string, rule: AlertRule, group: GroupLabels, windowEndMs: number): string {
  const base = externalUrl.replace(/\/+$/, '')
  // Any failure: the overview, filtered; one cause: its page.
  const path = rule.target.cause === 'any' ? '/' : `/causes/${rule.target.cause}`
  const params = new URLSearchParams()
  const from = windowEndMs - Math.max(windowSeconds(rule.condition) * 1000, 3_600_000)
  params.set('from', new Date(from).toISOString())
  params.set('to', new Date(windowEndMs).toISOString())
  for (const field of FILTER_PARAMS) {
    const value = group[field]
    if (value !== undefined) params.append(field, value)
    else for (const item of rule.target[field] ?? []) params.append(field, item)
  }
  for (const status of rule.target.status ?? []) params.append('status', String(status))
  if (rule.target.detail) params.set('causeDetail', rule.target.detail)
  return `${base}${path}?${params.toString()}`
}

export interface TemplateContext {
  rule: AlertRule
  group: GroupLabels
  instance: Pick<InstanceState, 'state' | 'value' | 'baseline' | 'threshold'>
  count?: number
  total?: number
  zscore?: number | null
  link: string
}

function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return ''
  return Number.isInteger(value) ? String(value) : value.toFixed(Math.abs(value) < 1 ? 3 : 1)
}

/** Replaces `{{value}}`, `{{labels.route}}`, … ; unknown names render empty (the schema rejects them). */
export function renderTemplate(text: string, context: TemplateContext): string {
  const labels = alertLabels(context.rule, context.group)
  const group = Object.entries(context.group).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${groupValueText(k, v!)}`).join(', ')
  const values: Record<string, string> = {
    rule: context.rule.name,
    value: formatNumber(context.instance.value),
    baseline: formatNumber(context.instance.baseline),
    threshold: formatNumber(context.instance.threshold),
    zscore: formatNumber(context.zscore),
    count: formatNumber(context.count),
    total: formatNumber(context.total),
    group: group || 'all',
    link: context.link,
    cause: context.rule.target.cause,
    window: formatDuration(windowSeconds(context.rule.condition)),
    severity: context.rule.severity,
    state: context.instance.state,
  }
  const groupValues = context.group as Record<string, string | undefined>
  const labelText = (label: string) => (groupValues[label] === '' ? groupValueText(label, '') : (labels[label] ?? ''))
  return text.replace(/\{\{\s*([A-Za-z_][\w.]*)\s*\}\}/g, (_, name: string) =>
    name.startsWith('labels.') ? labelText(name.slice(7)) : (values[name] ?? ''))
}

/** Rendered annotations, with a default `summary` and the dashboard link when the rule sets none. */
export function renderAnnotations(context: TemplateContext): Record<string, string> {
  const rendered = Object.fromEntries(Object.entries(context.rule.annotations).map(([k, v]) => [k, renderTemplate(v, context)]))
  rendered.summary ??= renderTemplate(`{{rule}}: {{cause}} {{value}} in {{window}} ({{group}})`, context)
  rendered.dashboard_url ??= context.link
  return rendered
}

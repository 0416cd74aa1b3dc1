import type { NotificationStatus } from './notify.ts'

/**
 * Notification bodies, pure. Shapes follow the published formats: Alertmanager API v2
 * `postableAlert` (an array of them is POSTed to `/api/v2/alerts`), the Alertmanager webhook
 * payload version 4, and a Slack incoming-webhook message (`text` fallback + Block Kit `blocks`).
 */

export interface AlertNotice {
  status: NotificationStatus
  labels: Record<string, string>
  annotations: Record<string, string>
  /** Epoch ms the episode started firing. */
  startsAt: number
  /** Epoch ms it resolved; null while firing. */
  endsAt: number | null
  /** Link back to claimcheck (the dashboard at the alert's range and filters). */
  generatorURL: string
  /** Stable id of the instance (rule + group). */
  fingerprint: string
}

/** Alertmanager's zero time: what it sends as `endsAt` for an alert still firing. */
export const ZERO_TIME = '0001-01-01T00:00:00Z'

const FNV_OFFSET = 0xcbf29ce484222325n
const FNV_PRIME = 0x100000001b3n
const MASK_64 = 0xffffffffffffffffn
/** prometheus/common `model.SeparatorByte`. */
const SEPARATOR = 0xff
const utf8 = new TextEncoder()

/**
 * An alert's fingerprint exactly as Alertmanager computes it (prometheus/common
 * `labelSetToFingerprint`): FNV-1a 64 over the label names in byte order, each name and value
 * followed by the 0xff separator, as 16 hex digits. The same alert has one id here and there.
 */
export function fingerprintOf(labels: Record<string, string>): string {
  let hash = FNV_OFFSET
  const add = (byte: number) => (hash = ((hash ^ BigInt(byte)) * FNV_PRIME) & MASK_64)
  // Label names are ASCII ([a-zA-Z_][a-zA-Z0-9_]*): code-unit order is byte order.
  for (const name of Object.keys(labels).sort()) {
    for (const byte of utf8.encode(name)) add(byte)
    add(SEPARATOR)
    for (const byte of utf8.encode(labels[name]!)) add(byte)
    add(SEPARATOR)
  }
  return hash.toString(16).padStart(16, '0')
}

/** `postableAlert` list. A firing alert carries an `endsAt` in the future (`firingEndsAt`), refreshed on every resend. */
export function toAlertmanagerAlerts(notice: AlertNotice, firingEndsAt: number): Record<string, unknown>[] {
  return [{
    labels: notice.labels,
    annotations: notice.annotations,
    startsAt: new Date(notice.startsAt).toISOString(),
    endsAt: new Date(notice.status === 'resolved' && notice.endsAt !== null ? notice.endsAt : firingEndsAt).toISOString(),
    generatorURL: notice.generatorURL,
  }]
}

function labelSetText(labels: Record<string, string>): string {
  return `{${Object.keys(labels).sort().map((key) => `${key}=${JSON.stringify(labels[key])}`).join(', ')}}`
}

/** Alertmanager webhook v4 body: one alert per notification, grouped by alertname and the group labels. */
export function toWebhookV4(notice: AlertNotice, receiver: string, externalURL: string, groupLabelNames: readonly string[]): Record<string, unknown> {
  const groupLabels = Object.fromEntries(
    ['alertname', ...groupLabelNames].filter((name) => notice.labels[name] !== undefined).map((name) => [name, notice.labels[name]!]),
  )
  return {
    version: '4',
    groupKey: `{}:${labelSetText(groupLabels)}`,
    truncatedAlerts: 0,
    status: notice.status,
    receiver,
    groupLabels,
    commonLabels: notice.labels,
    commonAnnotations: notice.annotations,
    externalURL,
    alerts: [{
      status: notice.status,
      labels: notice.labels,
      annotations: notice.annotations,
      startsAt: new Date(notice.startsAt).toISOString(),
      endsAt: notice.status === 'resolved' && notice.endsAt !== null ? new Date(notice.endsAt).toISOString() : ZERO_TIME,
      generatorURL: notice.generatorURL,
      fingerprint: notice.fingerprint,
    }],
  }
}

/** Slack treats `&`, `<`, `>` as markup (`<!channel>` would ping everyone): escape them in content. */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

export function toSlackMessage(notice: AlertNotice): { text: string; blocks: Record<string, unknown>[] } {
  const marker = notice.status === 'firing' ? (notice.labels.severity === 'critical' ? ':red_circle:' : ':large_orange_circle:') : ':white_check_mark:'
  const title = `${notice.status === 'firing' ? 'FIRING' : 'RESOLVED'}: ${notice.labels.alertname ?? 'alert'}`
  const summary = notice.annotations.summary ?? ''
  const fields = Object.entries(notice.labels)
    .filter(([key]) => key !== 'alertname')
    .map(([key, value]) => `*${slackEscape(key)}*: ${slackEscape(value)}`)
    .join('  ·  ')
  const link = notice.generatorURL ? ` <${slackEscape(notice.generatorURL)}|Open in claimcheck>` : ''
  return {
    text: `${title} ${summary}`.trim(),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `${marker} *${slackEscape(title)}*\n${slackEscape(summary)}${link}`.slice(0, 3000) } },
      ...(notice.annotations.description ? [{ type: 'section', text: { type: 'mrkdwn', text: slackEscape(notice.annotations.description).slice(0, 3000) } }] : []),
      { type: 'context', elements: [{ type: 'mrkdwn', text: (fields || ' ').slice(0, 3000) }] },
    ],
  }
}

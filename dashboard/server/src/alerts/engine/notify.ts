import { safeRegex, type Silence, type SilenceMatcher } from '@claimcheck/shared'
import type { InstanceState } from './state-machine.ts'

/** Pure notification decisions: which notifier gets what, given the instance and what was sent. */

/** Matchers are anchored regular expressions for `=~` / `!~`, as in Alertmanager. */
export function matcherMatches(matcher: SilenceMatcher, labels: Record<string, string>): boolean {
  const value = labels[matcher.name] ?? ''
  switch (matcher.op) {
    case '=': return value === matcher.value
    case '!=': return value !== matcher.value
    case '=~': return safeRegex(matcher.value)?.test(value) ?? false
    case '!~': return !(safeRegex(matcher.value)?.test(value) ?? false)
  }
}

/** The silences active at `now` that match every one of their matchers against `labels`. */
export function matchingSilences(silences: readonly Silence[], labels: Record<string, string>, now: number): Silence[] {
  return silences.filter((silence) =>
    Date.parse(silence.startsAt) <= now && Date.parse(silence.endsAt) > now &&
    silence.matchers.every((matcher) => matcherMatches(matcher, labels)))
}

export type NotificationStatus = 'firing' | 'resolved'
export type DeliveryOutcome = 'sent' | 'failed' | 'silenced'

/** What is known of the deliveries for one (rule, group, notifier), rebuilt from `alert_notifications`. */
export interface DeliveryLog {
  /** Last successful delivery. */
  lastSent: { episode: number; status: NotificationStatus; at: number } | null
  /** Last attempt of any outcome. */
  lastAttempt: { episode: number; status: NotificationStatus; outcome: DeliveryOutcome; at: number } | null
}

export interface NotifierPolicy {
  sendResolved: boolean
  repeatIntervalMs: number
  /** A delivery that failed after all its retries is tried again this long after. */
  failedRetryMs: number
}

export type NotificationDecision = { action: 'send' | 'silence'; status: NotificationStatus; episode: number } | null

/**
 * At most one decision per evaluation. Firing is sent once per episode, then every repeat
 * interval; resolved only if that episode's firing was delivered. Silenced firing is recorded
 * once per episode and not sent; a resolved is sent even under a silence.
 */
export function decideNotification(
  instance: Pick<InstanceState, 'state' | 'firedAt'>,
  log: DeliveryLog,
  policy: NotifierPolicy,
  silenced: boolean,
  now: number,
): NotificationDecision {
  const episode = instance.firedAt
  if (episode === null) return null
  const { lastSent, lastAttempt } = log
  let status: NotificationStatus
  if (instance.state === 'firing') status = 'firing'
  else if (lastSent?.episode === episode && lastSent.status === 'firing') status = 'resolved'
  else return null
  if (status === 'resolved' && !policy.sendResolved) return null
  if (status === 'firing' && silenced) {
    const recorded = lastAttempt?.episode === episode && lastAttempt.outcome === 'silenced'
    return recorded ? null : { action: 'silence', status, episode }
  }
  if (lastSent?.episode === episode && lastSent.status === status) {
    return status === 'firing' && now - lastSent.at >= policy.repeatIntervalMs ? { action: 'send', status, episode } : null
  }
  const failedRecently = lastAttempt?.episode === episode && lastAttempt.status === status &&
    lastAttempt.outcome === 'failed' && now - lastAttempt.at < policy.failedRetryMs
  return failedRecently ? null : { action: 'send', status, episode }
}

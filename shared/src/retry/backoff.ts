/**
 * The one retry delay (alert delivery, the dashboard's reconnect probes): exponential, capped,
 * with full jitter — a uniform wait in [0, ceiling] — so clients that failed together (a server
 * restart, a notifier outage) do not retry together ("Exponential Backoff And Jitter", AWS
 * Architecture Blog). Browser-safe.
 */

export interface BackoffPolicy {
  /** Ceiling of the first retry's wait, ms; it doubles per attempt. */
  initialMs: number
  /** Largest ceiling, ms. */
  maxMs: number
}

/** The most attempt `attempt` (1 = first retry) may wait: `initialMs · 2^(attempt−1)`, capped at `maxMs`. */
export function backoffCeiling(attempt: number, policy: BackoffPolicy): number {
  return Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, attempt - 1))
}

/** A wait for attempt `attempt`, drawn uniformly from [0, backoffCeiling]; `random` as Math.random. */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  return Math.round(random() * backoffCeiling(attempt, policy))
}

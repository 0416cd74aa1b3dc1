/**
 * Slows down password guessing: after `maxFailures` failed sign-ins for one address and user name
 * within `windowMs`, further attempts are refused until the window has passed. In memory, per process.
 */
export function createLoginThrottle(maxFailures = 10, windowMs = 15 * 60_000, now: () => number = Date.now) {
  const failures = new Map<string, { count: number; since: number }>()
  const current = (key: string) => {
    const entry = failures.get(key)
    if (entry && now() - entry.since > windowMs) failures.delete(key)
    return failures.get(key)
  }
  return {
    /** Milliseconds until `key` may try again; 0 when it may now. */
    blockedFor(key: string): number {
      const entry = current(key)
      return entry && entry.count >= maxFailures ? entry.since + windowMs - now() : 0
    },
    failed(key: string): void {
      const entry = current(key)
      if (entry) entry.count++
      else failures.set(key, { count: 1, since: now() })
      if (failures.size > 100_000) failures.clear()
    },
    succeeded(key: string): void {
      failures.delete(key)
    },
  }
}

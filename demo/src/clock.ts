/** Where the demo reads the time: the system clock, or a test's controllable one. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }

/** A clock that moves only when told to, for tests of expiry and scenario windows. */
export class ManualClock implements Clock {
  constructor(private current: number = Date.UTC(2026, 0, 15, 12, 0, 0)) {}

  now(): number {
    return this.current
  }

  advance(ms: number): void {
    this.current += ms
  }

  set(ms: number): void {
    this.current = ms
  }
}

/** Epoch seconds (RFC 7519 NumericDate) of a clock reading. */
export function epochSeconds(ms: number): number {
  return Math.floor(ms / 1000)
}

import type { Cause } from '@claimcheck/shared'
import type { ClientEffect } from '../world.ts'

/**
 * The trickle of failures every production gateway sees even on a good day: a laptop that woke
 * up with yesterday's token, a user deleted last month whose browser still holds a session, a
 * script without a token. The demo mixes them into its baseline so every cause shows up within
 * the first minute, and scenarios then stand out as spikes above this floor.
 */
export interface NoiseKind {
  /** Ground-truth label, sent like a scenario name (`noise:expired`). */
  name: string
  expected: { cause: Cause; detail?: string }
  effect: ClientEffect
}

export const NOISE_KINDS: readonly NoiseKind[] = [
  { name: 'noise:expired', expected: { cause: 'expired' }, effect: { issuedSecondsAgo: 2 * 3600 } },
  { name: 'noise:unknown_sub', expected: { cause: 'unknown_sub' }, effect: { formerUser: true } },
  { name: 'noise:missing_token', expected: { cause: 'missing_token' }, effect: { omitToken: true } },
  { name: 'noise:insufficient_scope', expected: { cause: 'insufficient_scope' }, effect: { scopes: ['profile'] } },
  { name: 'noise:malformed', expected: { cause: 'malformed' }, effect: { malformed: true } },
  { name: 'noise:misconfig', expected: { cause: 'misconfig', detail: 'audience' }, effect: { audience: ['https://legacy-api.demo.claimcheck.test'] } },
  { name: 'noise:revoked', expected: { cause: 'revoked' }, effect: { revokedSession: true } },
  { name: 'noise:not_yet_valid', expected: { cause: 'not_yet_valid' }, effect: { clockOffsetSeconds: 300 } },
]

/**
 * Picks which requests carry background noise: every `1/rate`-th request not shaped by a
 * scenario, the kinds in turn, so each kind appears within the first `kinds/rate` requests
 * (at 10 requests/s and the default 4 %, all eight within 20 s) rather than by chance.
 */
export class NoiseSchedule {
  private credit = 0
  private turn = 0

  constructor(
    private readonly rate: number,
    private readonly kinds: readonly NoiseKind[] = NOISE_KINDS,
  ) {}

  /** The noise for the next baseline request, or undefined for a healthy one. */
  next(): NoiseKind | undefined {
    if (this.rate <= 0 || this.kinds.length === 0) return undefined
    this.credit += this.rate
    if (this.credit < 1) return undefined
    this.credit -= 1
    return this.kinds[this.turn++ % this.kinds.length]
  }
}

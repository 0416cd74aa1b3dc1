import { describe, expect, it } from 'vitest'
import { NOISE_KINDS, NoiseSchedule } from './noise.ts'

describe('NoiseSchedule', () => {
  it('gives every kind in turn at the configured share', () => {
    const schedule = new NoiseSchedule(0.25)
    const picks = Array.from({ length: 4 * NOISE_KINDS.length }, () => schedule.next())
    const noisy = picks.filter((pick) => pick !== undefined)
    expect(noisy).toHaveLength(NOISE_KINDS.length)
    expect(noisy.map((kind) => kind!.name)).toEqual(NOISE_KINDS.map((kind) => kind.name))
    expect(picks.slice(0, 3)).toEqual([undefined, undefined, undefined])
  })

  it('covers every cause but other within 1/rate × kinds requests', () => {
    const schedule = new NoiseSchedule(0.04)
    const causes = new Set<string>()
    for (let i = 0; i < 200; i++) {
      const kind = schedule.next()
      if (kind) causes.add(kind.expected.cause)
    }
    expect([...causes].sort()).toEqual(['expired', 'insufficient_scope', 'malformed', 'misconfig', 'missing_token', 'not_yet_valid', 'revoked', 'unknown_sub'])
  })

  it('is silent at rate 0', () => {
    const schedule = new NoiseSchedule(0)
    expect(Array.from({ length: 100 }, () => schedule.next()).every((pick) => pick === undefined)).toBe(true)
  })
})

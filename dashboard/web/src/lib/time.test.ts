import { describe, expect, it } from 'vitest'
import { parseTimeExpression, resolveTimeRange } from '@claimcheck/shared'
import { formatTimestamp, isTimeExpr, parseRangeInput, rangeError, resolveRange, resolveTimeExpr, timeTicks, valueTicks } from './time.ts'

const NOW = Date.UTC(2025, 5, 1, 11, 7, 30)
const MIN = 60_000

describe('resolveTimeExpr', () => {
  // The cases where the dashboard's old parser and the API's disagreed: now they are one function.
  it('agrees with the API on every expression', () => {
    for (const text of ['now+5m', 'NOW-1h', 'now - 15m', '2025-06-01T10:00:00', '2025-06-01 10:00', 'now-2h', 'yesterday', '1748772000000']) {
      expect(resolveTimeExpr(text, NOW), text).toBe(parseTimeExpression(text, NOW))
    }
    expect(resolveTimeExpr('now+5m', NOW)).toBe(NOW + 5 * MIN)
    expect(resolveTimeExpr('NOW-1h', NOW)).toBe(NOW - 60 * MIN)
    expect(resolveTimeExpr('now - 15m', NOW)).toBe(NOW - 15 * MIN)
    // No offset: UTC, as the API reads it (not the browser's zone).
    expect(resolveTimeExpr('2025-06-01T10:00:00', NOW)).toBe(Date.UTC(2025, 5, 1, 10))
    expect(isTimeExpr('yesterday')).toBe(false)
  })
})

describe('resolveRange', () => {
  // Issue 18: with TZ=Europe/Berlin the API read 10:00 as 10:00Z and the dashboard as 08:00Z.
  it('resolves a range to the instants the API resolves, in any time zone (offset-less ISO is UTC)', () => {
    const saved = process.env.TZ
    process.env.TZ = 'Europe/Berlin'
    try {
      expect(new Date(Date.UTC(2025, 5, 1)).getTimezoneOffset()).toBe(-120)
      const range = { from: '2025-06-01T10:00', to: '2025-06-01T11:00' }
      expect(resolveRange(range, NOW)).toEqual({ fromMs: Date.UTC(2025, 5, 1, 10), toMs: Date.UTC(2025, 5, 1, 11) })
      expect(resolveTimeRange(range, NOW)).toEqual({ from: Date.UTC(2025, 5, 1, 10), to: Date.UTC(2025, 5, 1, 11) })
      for (const expr of ['now+5m', 'NOW-1h', 'now - 15m']) {
        expect(resolveRange({ from: 'now-2h', to: expr }, NOW).toMs, expr).toBe(parseTimeExpression(expr, NOW))
      }
    } finally {
      if (saved === undefined) delete process.env.TZ
      else process.env.TZ = saved
    }
  })

  it('refuses what the API refuses, with its words, instead of showing the last hour', () => {
    expect(rangeError({ from: 'now', to: 'now-1h' }, NOW)).toBe('to: must be after from')
    expect(rangeError({ from: '2020-01-01', to: 'now' }, NOW)).toBe('from: the range may span 400 days at most')
    expect(() => resolveTimeRange({ from: 'now', to: 'now-1h' }, NOW)).toThrow('to: must be after from')
    expect(rangeError({ from: 'now-1h', to: 'now+5m' }, NOW)).toBeUndefined()
  })
})

describe('parseRangeInput', () => {
  it('reads a relative start, a pair and an ISO start', () => {
    expect(parseRangeInput('now-2h', NOW)).toEqual({ range: { from: 'now-2h', to: 'now' } })
    expect(parseRangeInput(' now-15m..now-5m ', NOW)).toEqual({ range: { from: 'now-15m', to: 'now-5m' } })
    expect(parseRangeInput('2025-06-01T09:00Z to 2025-06-01T10:00Z', NOW)).toEqual({ range: { from: '2025-06-01T09:00Z', to: '2025-06-01T10:00Z' } })
  })

  it('names what is wrong', () => {
    expect(parseRangeInput('yesterday', NOW)).toEqual({ error: expect.stringContaining('“yesterday” is not a time') })
    expect(parseRangeInput('now-5m..now-15m', NOW)).toEqual({ error: 'to: must be after from' })
    expect(parseRangeInput('now - 15m..NOW+5m', NOW)).toEqual({ range: { from: 'now - 15m', to: 'NOW+5m' } })
    expect(parseRangeInput('', NOW)).toHaveProperty('error')
    expect(parseRangeInput('now-1h..now..now', NOW)).toHaveProperty('error')
  })
})

describe('timeTicks', () => {
  it('puts ticks on round minutes in UTC', () => {
    const ticks = timeTicks({ fromMs: Date.UTC(2025, 5, 1, 12, 23), toMs: Date.UTC(2025, 5, 1, 13, 23) }, 8, 'utc')
    expect(ticks.map((t) => new Date(t).toISOString().slice(11, 16))).toEqual(['12:30', '12:40', '12:50', '13:00', '13:10', '13:20'])
  })

  it('uses hours for a 6 h range and returns nothing for an empty one', () => {
    const ticks = timeTicks({ fromMs: Date.UTC(2025, 5, 1, 5, 7), toMs: Date.UTC(2025, 5, 1, 11, 7) }, 8, 'utc')
    expect(ticks.every((t) => t % 3_600_000 === 0)).toBe(true)
    expect(timeTicks({ fromMs: 5, toMs: 5 })).toEqual([])
  })
})

describe('valueTicks', () => {
  it('steps by 1, 2 or 5 × 10ⁿ', () => {
    expect(valueTicks(285)).toEqual([0, 100, 200, 300])
    expect(valueTicks(0.37)).toEqual([0, 0.1, 0.2, 0.3, 0.4])
    expect(valueTicks(0)).toEqual([0])
  })
})

describe('formatTimestamp', () => {
  it('formats in UTC when asked', () => {
    expect(formatTimestamp(Date.UTC(2025, 5, 1, 9, 5, 4, 7), 'utc')).toBe('2025-06-01 09:05:04.007')
  })
})

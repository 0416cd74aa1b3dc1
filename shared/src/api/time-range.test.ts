import { describe, expect, it } from 'vitest'
import { chooseBucket, parseTimeExpression, previousRange, resolveTimeRange, TimeRangeError } from './time-range.ts'

const NOW = Date.UTC(2025, 5, 1, 11, 7, 30, 500)
const MIN = 60_000
const HOUR = 60 * MIN

describe('parseTimeExpression', () => {
  it('reads now and relative offsets in s m h d w', () => {
    expect(parseTimeExpression('now', NOW)).toBe(NOW)
    expect(parseTimeExpression('now-15m', NOW)).toBe(NOW - 15 * MIN)
    expect(parseTimeExpression(' NOW - 2h ', NOW)).toBe(NOW - 2 * HOUR)
    expect(parseTimeExpression('now-7d', NOW)).toBe(NOW - 7 * 24 * HOUR)
    expect(parseTimeExpression('now-1w', NOW)).toBe(NOW - 7 * 24 * HOUR)
    expect(parseTimeExpression('now+30s', NOW)).toBe(NOW + 30_000)
  })

  it('reads ISO 8601 (UTC unless an offset is given) and epoch milliseconds', () => {
    expect(parseTimeExpression('2025-06-01T10:00:00Z', NOW)).toBe(Date.UTC(2025, 5, 1, 10))
    expect(parseTimeExpression('2025-06-01T10:00:00', NOW)).toBe(Date.UTC(2025, 5, 1, 10))
    expect(parseTimeExpression('2025-06-01 10:00', NOW)).toBe(Date.UTC(2025, 5, 1, 10))
    expect(parseTimeExpression('2025-06-01T12:00:00+02:00', NOW)).toBe(Date.UTC(2025, 5, 1, 10))
    expect(parseTimeExpression('2025-06-01T10:00:00.123456789Z', NOW)).toBe(Date.UTC(2025, 5, 1, 10, 0, 0, 123))
    expect(parseTimeExpression('2025-06-01', NOW)).toBe(Date.UTC(2025, 5, 1))
    expect(parseTimeExpression('1748772000000', NOW)).toBe(1748772000000)
  })

  it('reads an ISO time without an offset as UTC in any process time zone (issue 18: TZ=Europe/Berlin)', () => {
    const saved = process.env.TZ
    process.env.TZ = 'Europe/Berlin'
    try {
      expect(new Date(Date.UTC(2025, 5, 1)).getTimezoneOffset()).toBe(-120)
      expect(parseTimeExpression('2025-06-01T10:00', NOW)).toBe(Date.UTC(2025, 5, 1, 10))
      expect(parseTimeExpression('2025-06-01', NOW)).toBe(Date.UTC(2025, 5, 1))
    } finally {
      if (saved === undefined) delete process.env.TZ
      else process.env.TZ = saved
    }
  })

  it('reads now+5m, NOW-1h and now - 15m (the web resolves with this same function)', () => {
    expect(parseTimeExpression('now+5m', NOW)).toBe(NOW + 5 * MIN)
    expect(parseTimeExpression('NOW-1h', NOW)).toBe(NOW - HOUR)
    expect(parseTimeExpression('now - 15m', NOW)).toBe(NOW - 15 * MIN)
  })

  it('rejects anything else', () => {
    for (const text of ['', 'yesterday', 'now-', 'now-5y', 'now-1.5h', '2025-13-45T99:00', '1e12', '-5', '12345678901234567']) {
      expect(parseTimeExpression(text, NOW), text).toBeUndefined()
    }
  })
})

describe('resolveTimeRange', () => {
  it('defaults to the last hour, widened to whole minutes', () => {
    expect(resolveTimeRange({}, NOW)).toEqual({ from: Date.UTC(2025, 5, 1, 10, 7), to: Date.UTC(2025, 5, 1, 11, 8) })
  })

  it('keeps whole-minute bounds and gives an instant one minute', () => {
    expect(resolveTimeRange({ from: '2025-06-01T10:00:00Z', to: '2025-06-01T11:00:00Z' }, NOW)).toEqual({ from: Date.UTC(2025, 5, 1, 10), to: Date.UTC(2025, 5, 1, 11) })
    expect(resolveTimeRange({ from: '2025-06-01T10:00:00Z', to: '2025-06-01T10:00:00Z' }, NOW)).toEqual({ from: Date.UTC(2025, 5, 1, 10), to: Date.UTC(2025, 5, 1, 10, 1) })
  })

  it('names the parameter at fault', () => {
    const fault = (input: { from?: string; to?: string }) => {
      try {
        resolveTimeRange(input, NOW)
      } catch (error) {
        return error instanceof TimeRangeError ? error.field : 'other'
      }
      return 'none'
    }
    expect(fault({ from: 'soon' })).toBe('from')
    expect(fault({ to: 'later' })).toBe('to')
    expect(fault({ from: 'now', to: 'now-1h' })).toBe('to')
    expect(fault({ from: 'now-500d' })).toBe('from')
  })
})

describe('previousRange', () => {
  it('is the period of the same length just before', () => {
    expect(previousRange({ from: 10 * HOUR, to: 12 * HOUR })).toEqual({ from: 8 * HOUR, to: 10 * HOUR })
  })
})

describe('chooseBucket', () => {
  const span = (ms: number) => ({ from: 0, to: ms })
  it('aims at 60–200 points', () => {
    expect(chooseBucket(span(HOUR))).toBe(60)
    expect(chooseBucket(span(6 * HOUR))).toBe(300)
    expect(chooseBucket(span(24 * HOUR))).toBe(600)
    expect(chooseBucket(span(7 * 24 * HOUR))).toBe(3600)
    expect(chooseBucket(span(30 * 24 * HOUR))).toBe(21600)
    expect(chooseBucket(span(400 * 24 * HOUR))).toBe(604800)
    expect(chooseBucket(span(5 * MIN))).toBe(60)
  })

  it('takes a requested bucket unless it gives too many points', () => {
    expect(chooseBucket(span(24 * HOUR), '1h')).toBe(3600)
    expect(() => chooseBucket(span(30 * 24 * HOUR), '1m')).toThrow(TimeRangeError)
  })
})

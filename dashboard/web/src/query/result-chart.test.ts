import { describe, expect, it } from 'vitest'
import { isTimeType, parseTimeValue, toTimeChart } from './result-chart.ts'

describe('isTimeType', () => {
  it('recognises ClickHouse date and time types, wrapped or not', () => {
    expect(isTimeType('DateTime')).toBe(true)
    expect(isTimeType("DateTime64(9, 'UTC')")).toBe(true)
    expect(isTimeType('Nullable(Date)')).toBe(true)
    expect(isTimeType('String')).toBe(false)
  })
})

describe('parseTimeValue', () => {
  it('reads ClickHouse JSON time strings as UTC and epoch numbers', () => {
    expect(parseTimeValue('2024-06-03 09:12:00')).toBe(Date.UTC(2024, 5, 3, 9, 12))
    expect(parseTimeValue('2024-06-03')).toBe(Date.UTC(2024, 5, 3))
    expect(parseTimeValue(1717405920)).toBe(1717405920000)
    expect(parseTimeValue('nope')).toBeUndefined()
    expect(parseTimeValue(null)).toBeUndefined()
  })
})

describe('toTimeChart', () => {
  const cols = (...types: [string, string][]) => types.map(([name, type]) => ({ name, type }))

  it('draws each numeric column over the time column', () => {
    const chart = toTimeChart(cols(['m', 'DateTime'], ['calls', 'UInt64'], ['failures', 'UInt64']), [
      ['2024-06-03 09:01:00', '10', '2'],
      ['2024-06-03 09:00:00', '8', '1'],
    ])
    expect(chart?.timeColumn).toBe('m')
    expect(chart?.series).toEqual(['calls', 'failures'])
    expect(chart?.rows.map((r) => r.calls)).toEqual([8, 10])
  })

  it('pivots one text column into series', () => {
    const chart = toTimeChart(cols(['m', 'DateTime'], ['Cause', 'LowCardinality(String)'], ['n', 'UInt64']), [
      ['2024-06-03 09:00:00', 'expired', 1],
      ['2024-06-03 09:00:00', 'unknown_sub', 5],
      ['2024-06-03 09:01:00', 'unknown_sub', 7],
    ])
    expect(chart?.series).toEqual(['unknown_sub', 'expired'])
    expect(chart?.rows[1]).toEqual({ t: Date.UTC(2024, 5, 3, 9, 1), unknown_sub: 7, expired: 0 })
  })

  it('gives nothing without a time column, numbers, or enough rows', () => {
    expect(toTimeChart(cols(['a', 'String'], ['n', 'UInt64']), [['x', 1], ['y', 2]])).toBeUndefined()
    expect(toTimeChart(cols(['m', 'DateTime'], ['s', 'String']), [['2024-06-03 09:00:00', 'x'], ['2024-06-03 09:01:00', 'y']])).toBeUndefined()
    expect(toTimeChart(cols(['m', 'DateTime'], ['n', 'UInt64']), [['2024-06-03 09:00:00', 1]])).toBeUndefined()
    expect(toTimeChart([], [])).toBeUndefined()
  })
})

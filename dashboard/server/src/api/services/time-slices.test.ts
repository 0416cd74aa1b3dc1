import { describe, expect, it } from 'vitest'
import { timeSlices } from './time-slices.ts'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

describe('timeSlices', () => {
  it('covers a long range newest first with adjacent, growing slices', () => {
    const range = { from: 0, to: 7 * 24 * HOUR }
    const slices = timeSlices(range, 'time_desc')
    expect(slices[0]).toEqual({ from: range.to - 5 * MINUTE, to: range.to })
    for (let i = 1; i < slices.length; i++) expect(slices[i]!.to).toBe(slices[i - 1]!.from)
    expect(slices.at(-1)!.from).toBe(0)
    expect(slices.map((s) => s.to - s.from)).toEqual([5 * MINUTE, 25 * MINUTE, 150 * MINUTE, 21 * HOUR, 6 * 24 * HOUR])
  })

  it('covers oldest first when ascending', () => {
    const slices = timeSlices({ from: 0, to: 2 * HOUR }, 'time_asc')
    expect(slices).toEqual([{ from: 0, to: 5 * MINUTE }, { from: 5 * MINUTE, to: 30 * MINUTE }, { from: 30 * MINUTE, to: 2 * HOUR }])
  })

  it('gives one slice for a short range and none for an empty one', () => {
    expect(timeSlices({ from: 0, to: 3 * MINUTE }, 'time_desc')).toEqual([{ from: 0, to: 3 * MINUTE }])
    expect(timeSlices({ from: 5, to: 5 }, 'time_desc')).toEqual([])
  })

  it('starts at the cursor, keeping its millisecond for the exact comparison', () => {
    const range = { from: 0, to: 10 * HOUR }
    expect(timeSlices(range, 'time_desc', HOUR)[0]).toEqual({ from: HOUR + 1 - 5 * MINUTE, to: HOUR + 1 })
    expect(timeSlices(range, 'time_desc', HOUR).at(-1)!.from).toBe(0)
    expect(timeSlices(range, 'time_asc', 9 * HOUR)[0]).toEqual({ from: 9 * HOUR, to: 9 * HOUR + 5 * MINUTE })
    expect(timeSlices(range, 'time_desc', -5)).toEqual([])
  })
})

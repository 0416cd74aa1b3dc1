import { describe, expect, it } from 'vitest'
import { blockRanges, blockWindows, cursorAhead, EMPTY_CURSOR, NO_BLOCK, parseCursor } from './block-cursor.ts'

describe('the per-partition block cursor', () => {
  it('reads a new partition from its first block, as a ReplicatedMergeTree numbers it (from 0)', () => {
    // Yesterday's partition is derived up to block 41; today's restarted at 0 and holds 0..3.
    const mark = { '20261202': 41 }
    const now = { '20261202': 41, '20261203': 3 }
    expect(blockRanges(mark, now)).toEqual([{ partition: '20261203', from: NO_BLOCK, to: 3 }])
    expect(cursorAhead({ logs: now, traces: {} }, { logs: mark, traces: {} })).toBe(true)
    // One number per table (the old mark) would have read nothing: 3 < 41.
    expect(Math.max(...Object.values(now)) > Math.max(...Object.values(mark))).toBe(false)
  })

  it('is not ahead when every partition is reached, or when a partition was dropped by TTL', () => {
    const mark = { logs: { a: 5, b: 9 }, traces: { a: 2 } }
    expect(cursorAhead(mark, mark)).toBe(false)
    expect(cursorAhead({ logs: { b: 9 }, traces: { a: 2 } }, mark)).toBe(false)
    expect(cursorAhead({ logs: { b: 9 }, traces: { a: 3 } }, mark)).toBe(true)
    expect(cursorAhead(mark, EMPTY_CURSOR)).toBe(true)
  })

  it('covers only the blocks parts hold, in bounded windows', () => {
    // A MergeTree numbers the table's inserts in one sequence: this partition holds 1..4 and 40..45.
    const parts = [{ min: 40, max: 45 }, { min: 1, max: 4 }]
    expect(blockWindows({ partition: 'p', from: 2, to: 44 }, parts, 2)).toEqual([[2, 4], [39, 41], [41, 43], [43, 44]])
    expect(blockWindows({ partition: 'p', from: NO_BLOCK, to: 3 }, [{ min: 0, max: 3 }], 20)).toEqual([[NO_BLOCK, 3]])
    // Overlapping parts (a merge's inputs still listed) are read once.
    expect(blockWindows({ partition: 'p', from: 0, to: 10 }, [{ min: 1, max: 10 }, { min: 5, max: 6 }], 20)).toEqual([[0, 10]])
    expect(blockWindows({ partition: 'p', from: 10, to: 12 }, [{ min: 1, max: 10 }], 20)).toEqual([])
  })

  it('reads the one-number mark of earlier versions as that number in every present partition', () => {
    const current = { logs: { '20261202': 50, '20261203': 80 }, traces: { '20261203': 70 } }
    expect(parseCursor({ logs: 60, traces: 65 }, current)).toEqual({ logs: { '20261202': 60, '20261203': 60 }, traces: { '20261203': 65 } })
    expect(parseCursor({ logs: { '20261203': 7 }, traces: {} }, current)).toEqual({ logs: { '20261203': 7 }, traces: {} })
    expect(parseCursor(null, current)).toBeUndefined()
  })
})

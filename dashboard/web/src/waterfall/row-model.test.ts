import { describe, expect, it } from 'vitest'
import { clipBar, createViewedBoundsFunc, generateRows, orderSpans, timeTicks, traceBounds, type WaterfallSpan } from './row-model.ts'

const span = (spanId: string, parentSpanId: string, startMs: number, durationMs = 10): WaterfallSpan => ({ spanId, parentSpanId, startMs, durationMs })

// root ─┬─ a ── a1
//       └─ b
const TRACE = [span('b', 'root', 30), span('a1', 'a', 12), span('root', '', 0, 100), span('a', 'root', 10)]

describe('orderSpans', () => {
  it('orders spans in pre-order with depth, siblings by start time', () => {
    const rows = orderSpans(TRACE)
    expect(rows.map((r) => [r.span.spanId, r.depth, r.childCount])).toEqual([
      ['root', 0, 2], ['a', 1, 1], ['a1', 2, 0], ['b', 1, 0],
    ])
  })

  it('returns no rows for an empty trace', () => {
    expect(orderSpans([])).toEqual([])
  })

  it('makes spans with a missing parent roots marked orphan', () => {
    const rows = orderSpans([span('x', 'gone', 5), span('root', '', 0)])
    expect(rows.map((r) => [r.span.spanId, r.depth, r.orphan])).toEqual([['root', 0, false], ['x', 0, true]])
  })

  it('keeps the first of duplicate ids and survives parent cycles', () => {
    const rows = orderSpans([span('p', 'q', 0), span('q', 'p', 1), span('p', '', 2), span('self', 'self', 3)])
    expect(rows.map((r) => r.span.spanId).sort()).toEqual(['p', 'q', 'self'])
    expect(rows.find((r) => r.span.spanId === 'self')?.depth).toBe(0)
  })
})

describe('generateRows', () => {
  const ordered = orderSpans(TRACE)

  it('shows every row when nothing is collapsed', () => {
    expect(generateRows(ordered, new Set())).toHaveLength(4)
  })

  it('hides the descendants of a collapsed span but keeps the span', () => {
    expect(generateRows(ordered, new Set(['a'])).map((r) => r.span.spanId)).toEqual(['root', 'a', 'b'])
    expect(generateRows(ordered, new Set(['root'])).map((r) => r.span.spanId)).toEqual(['root'])
  })

  it('ignores collapsed ids of leaves and unknown spans', () => {
    expect(generateRows(ordered, new Set(['a1', 'nope']))).toHaveLength(4)
  })
})

describe('traceBounds', () => {
  it('spans the earliest start to the latest end', () => {
    expect(traceBounds(TRACE)).toEqual({ startMs: 0, endMs: 100 })
    expect(traceBounds([span('x', '', 50, 5), span('y', '', 40, 30)])).toEqual({ startMs: 40, endMs: 70 })
  })

  it('is undefined for no spans', () => {
    expect(traceBounds([])).toBeUndefined()
  })
})

describe('createViewedBoundsFunc', () => {
  it('maps the whole trace onto [0, 1]', () => {
    const viewed = createViewedBoundsFunc({ min: 1000, max: 1100, viewStart: 0, viewEnd: 1 })
    expect(viewed(1000, 1100)).toEqual({ start: 0, end: 1 })
    expect(viewed(1025, 1050)).toEqual({ start: 0.25, end: 0.5 })
  })

  it('maps a zoomed window so its edges are 0 and 1', () => {
    const viewed = createViewedBoundsFunc({ min: 0, max: 200, viewStart: 0.25, viewEnd: 0.75 })
    expect(viewed(50, 150)).toEqual({ start: 0, end: 1 })
    const outside = viewed(0, 40)
    expect(outside.start).toBeLessThan(0)
    expect(outside.end).toBeLessThan(0)
  })

  it('maps a zero-length trace to 0 instead of NaN', () => {
    expect(createViewedBoundsFunc({ min: 5, max: 5, viewStart: 0, viewEnd: 1 })(5, 5)).toEqual({ start: 0, end: 0 })
  })
})

describe('clipBar', () => {
  it('clips bars to the window and drops invisible ones', () => {
    expect(clipBar({ start: -0.5, end: 0.5 })).toEqual({ left: 0, width: 0.5 })
    expect(clipBar({ start: 1.2, end: 1.5 })).toBeUndefined()
    expect(clipBar({ start: -1, end: -0.1 })).toBeUndefined()
  })

  it('gives zero-duration spans a minimum width', () => {
    expect(clipBar({ start: 0.5, end: 0.5 }, 0.01)?.width).toBeCloseTo(0.01)
  })
})

describe('timeTicks', () => {
  it('spaces ticks over the visible window', () => {
    expect(timeTicks(100, 0.5, 1, 2)).toEqual([
      { fraction: 0, offsetMs: 50 }, { fraction: 0.5, offsetMs: 75 }, { fraction: 1, offsetMs: 100 },
    ])
  })
})

import { describe, expect, it } from 'vitest'
import type { SpanRow } from './row-model.ts'
import { treeKeyAction } from './tree-keys.ts'

const row = (spanId: string, depth: number, childCount: number): SpanRow => ({ span: { spanId, parentSpanId: '', startMs: 0, durationMs: 1 }, depth, childCount, orphan: false })
// root ─ a ─ a1
//      └ b
const ROWS = [row('root', 0, 2), row('a', 1, 1), row('a1', 2, 0), row('b', 1, 0)]
const none = new Set<string>()

describe('treeKeyAction', () => {
  it('moves up and down through the visible rows, and stops at the ends', () => {
    expect(treeKeyAction(ROWS, none, 'a', 'ArrowDown')).toEqual({ select: 'a1' })
    expect(treeKeyAction(ROWS, none, 'a', 'ArrowUp')).toEqual({ select: 'root' })
    expect(treeKeyAction(ROWS, none, 'b', 'ArrowDown')).toBeUndefined()
    expect(treeKeyAction(ROWS, none, 'root', 'ArrowUp')).toBeUndefined()
    expect(treeKeyAction(ROWS, none, 'a1', 'End')).toEqual({ select: 'b' })
  })

  it('closes an open span with ←, then steps out to its parent', () => {
    expect(treeKeyAction(ROWS, none, 'a', 'ArrowLeft')).toEqual({ toggle: 'a' })
    expect(treeKeyAction(ROWS, new Set(['a']), 'a', 'ArrowLeft')).toEqual({ select: 'root' })
    expect(treeKeyAction(ROWS, none, 'a1', 'ArrowLeft')).toEqual({ select: 'a' })
    expect(treeKeyAction(ROWS, none, 'root', 'ArrowLeft')).toEqual({ toggle: 'root' })
  })

  it('opens a closed span with →, then steps into its first child; a leaf ignores it', () => {
    const closed = [row('root', 0, 2), row('a', 1, 1), row('b', 1, 0)]
    expect(treeKeyAction(closed, new Set(['a']), 'a', 'ArrowRight')).toEqual({ toggle: 'a' })
    expect(treeKeyAction(ROWS, none, 'a', 'ArrowRight')).toEqual({ select: 'a1' })
    expect(treeKeyAction(ROWS, none, 'b', 'ArrowRight')).toBeUndefined()
  })

  it('starts at the first row when nothing is selected, and ignores other keys and empty trees', () => {
    expect(treeKeyAction(ROWS, none, undefined, 'ArrowDown')).toEqual({ select: 'root' })
    expect(treeKeyAction(ROWS, none, 'gone', 'ArrowRight')).toBeUndefined()
    expect(treeKeyAction(ROWS, none, 'a', 'x')).toBeUndefined()
    expect(treeKeyAction([], none, undefined, 'ArrowDown')).toBeUndefined()
  })
})

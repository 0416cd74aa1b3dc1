import type { SpanRow, WaterfallSpan } from './row-model.ts'

/** What a key press in the span tree does: select another span, or open/close the current one. */
export type TreeKeyAction = { select: string } | { toggle: string } | undefined

/**
 * The WAI-ARIA tree pattern over the visible rows: ↑/↓ move, → opens a closed span or steps into
 * its first child, ← closes an open span or steps out to its parent, Home/End jump to the ends.
 */
export function treeKeyAction(rows: readonly SpanRow<WaterfallSpan>[], collapsed: ReadonlySet<string>, selectedId: string | undefined, key: string): TreeKeyAction {
  if (rows.length === 0) return undefined
  const index = rows.findIndex((row) => row.span.spanId === selectedId)
  if (index < 0) return ['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(key) ? { select: rows[key === 'End' || key === 'ArrowUp' ? rows.length - 1 : 0]!.span.spanId } : undefined
  const row = rows[index]!
  const id = row.span.spanId
  switch (key) {
    case 'ArrowDown':
      return index + 1 < rows.length ? { select: rows[index + 1]!.span.spanId } : undefined
    case 'ArrowUp':
      return index > 0 ? { select: rows[index - 1]!.span.spanId } : undefined
    case 'Home':
      return { select: rows[0]!.span.spanId }
    case 'End':
      return { select: rows[rows.length - 1]!.span.spanId }
    case 'ArrowRight':
      if (row.childCount === 0) return undefined
      if (collapsed.has(id)) return { toggle: id }
      return index + 1 < rows.length && rows[index + 1]!.depth > row.depth ? { select: rows[index + 1]!.span.spanId } : undefined
    case 'ArrowLeft': {
      if (row.childCount > 0 && !collapsed.has(id)) return { toggle: id }
      for (let i = index - 1; i >= 0; i--) if (rows[i]!.depth < row.depth) return { select: rows[i]!.span.spanId }
      return undefined
    }
    default:
      return undefined
  }
}

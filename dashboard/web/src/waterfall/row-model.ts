/**
 * The trace waterfall's pure model (after Jaeger UI's `generateRowStates` and
 * `createViewedBoundsFunc`): spans → pre-order rows with depth, collapsing, and the geometry that
 * maps times onto [0, 1] of the visible window. Components only draw what this returns.
 */

export interface WaterfallSpan {
  spanId: string
  /** '' for a root span. */
  parentSpanId: string
  /** Milliseconds since the epoch (fractional). */
  startMs: number
  durationMs: number
}

export interface SpanRow<S extends WaterfallSpan = WaterfallSpan> {
  span: S
  depth: number
  /** Number of direct children. */
  childCount: number
  /** Whether the parent named by `parentSpanId` is missing from the trace. */
  orphan: boolean
}

/**
 * Spans in pre-order (parent before children, siblings by start time) with their depth. Spans
 * whose parent is absent become roots marked `orphan`; duplicate ids keep the first span; a
 * parent cycle cannot loop (each span is visited once).
 */
export function orderSpans<S extends WaterfallSpan>(spans: readonly S[]): SpanRow<S>[] {
  const byId = new Map<string, S>()
  for (const span of spans) if (!byId.has(span.spanId)) byId.set(span.spanId, span)
  const children = new Map<string, S[]>()
  const roots: S[] = []
  for (const span of byId.values()) {
    const parent = span.parentSpanId
    if (parent && parent !== span.spanId && byId.has(parent)) {
      const list = children.get(parent)
      if (list) list.push(span)
      else children.set(parent, [span])
    } else {
      roots.push(span)
    }
  }
  const byStart = (a: S, b: S) => a.startMs - b.startMs || a.spanId.localeCompare(b.spanId)
  roots.sort(byStart)
  for (const list of children.values()) list.sort(byStart)

  const rows: SpanRow<S>[] = []
  const visited = new Set<string>()
  const visit = (span: S, depth: number, orphan: boolean) => {
    if (visited.has(span.spanId)) return
    visited.add(span.spanId)
    const kids = children.get(span.spanId) ?? []
    rows.push({ span, depth, childCount: kids.length, orphan })
    for (const child of kids) visit(child, depth + 1, false)
  }
  for (const root of roots) visit(root, 0, root.parentSpanId !== '' && root.parentSpanId !== undefined)
  // Spans only reachable through a cycle: show them as roots rather than drop them.
  for (const span of byId.values()) if (!visited.has(span.spanId)) visit(span, 0, true)
  return rows
}

/** The visible rows: descendants of collapsed spans are hidden, the collapsed span itself stays. */
export function generateRows<S extends WaterfallSpan>(ordered: readonly SpanRow<S>[], collapsed: ReadonlySet<string>): SpanRow<S>[] {
  if (collapsed.size === 0) return [...ordered]
  const visible: SpanRow<S>[] = []
  let hideDeeperThan = Infinity
  for (const row of ordered) {
    if (row.depth > hideDeeperThan) continue
    hideDeeperThan = Infinity
    visible.push(row)
    if (collapsed.has(row.span.spanId) && row.childCount > 0) hideDeeperThan = row.depth
  }
  return visible
}

/** Earliest start and latest end over all spans; `undefined` for an empty trace. */
export function traceBounds(spans: readonly WaterfallSpan[]): { startMs: number; endMs: number } | undefined {
  if (spans.length === 0) return undefined
  let startMs = Infinity
  let endMs = -Infinity
  for (const span of spans) {
    startMs = Math.min(startMs, span.startMs)
    endMs = Math.max(endMs, span.startMs + Math.max(0, span.durationMs))
  }
  return { startMs, endMs }
}

export interface ViewedBoundsOptions {
  /** Trace start and end, milliseconds. */
  min: number
  max: number
  /** Visible window as fractions of the trace, 0 ≤ viewStart < viewEnd ≤ 1. */
  viewStart: number
  viewEnd: number
}

export type ViewedBounds = (startMs: number, endMs: number) => { start: number; end: number }

/**
 * Maps a time interval to fractions of the visible window: 0 is the window's left edge, 1 its
 * right. Values outside [0, 1] are off-screen (callers clip). A zero-length trace maps to 0.
 */
export function createViewedBoundsFunc({ min, max, viewStart, viewEnd }: ViewedBoundsOptions): ViewedBounds {
  const duration = max - min
  const viewMin = min + viewStart * duration
  const viewWindow = (viewEnd - viewStart) * duration
  if (!(viewWindow > 0)) return () => ({ start: 0, end: 0 })
  return (startMs, endMs) => ({ start: (startMs - viewMin) / viewWindow, end: (endMs - viewMin) / viewWindow })
}

/** A bar clipped to the window: left offset and width as fractions, with a minimum visible width. */
export function clipBar(bounds: { start: number; end: number }, minWidth = 0.002): { left: number; width: number } | undefined {
  if (bounds.end < 0 || bounds.start > 1) return undefined
  const left = Math.max(0, bounds.start)
  const right = Math.min(1, Math.max(bounds.end, bounds.start + minWidth))
  return { left, width: Math.max(minWidth, right - left) }
}

/** `count + 1` evenly spaced ticks over the visible window: fraction and offset from trace start. */
export function timeTicks(durationMs: number, viewStart: number, viewEnd: number, count = 4): { fraction: number; offsetMs: number }[] {
  return Array.from({ length: count + 1 }, (_, i) => {
    const fraction = i / count
    return { fraction, offsetMs: (viewStart + fraction * (viewEnd - viewStart)) * durationMs }
  })
}

import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent, type RefObject } from 'react'
import { formatDurationMs } from '../lib/format.ts'
import { IconChevron } from '../components/Icons.tsx'
import { clipBar, timeTicks, type SpanRow, type ViewedBounds, type WaterfallSpan } from './row-model.ts'
import { treeKeyAction } from './tree-keys.ts'

/** Pixels a tick label needs ("1.20 s" and its gap): fewer ticks on a narrow ruler, so labels never overlap. */
const TICK_SPACING_PX = 96

/** The ruler's width as it resizes (0 before layout). */
function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0)
  useEffect(() => {
    const element = ref.current
    // No ResizeObserver (jsdom): keep the default tick count.
    if (!element || typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(([entry]) => setWidth(entry?.contentRect.width ?? 0))
    observer.observe(element)
    return () => observer.disconnect()
  }, [ref])
  return width
}

export interface DisplaySpan extends WaterfallSpan {
  name: string
  service: string
  isError: boolean
  /** The gateway call's own span: highlighted. */
  isCall?: boolean
  /** Whether the service differs from the parent's: only then is it printed (as Jaeger does). */
  showService?: boolean
}

const SERVICE_COLORS = ['#3358d4', '#0d9488', '#8e4ec6', '#c2410c', '#0284c7', '#65a30d', '#b45309', '#be185d']

/** A stable colour per service name (bars of one service look alike across traces). */
export function serviceColor(service: string): string {
  let hash = 0
  for (let i = 0; i < service.length; i++) hash = (hash * 31 + service.charCodeAt(i)) | 0
  return SERVICE_COLORS[Math.abs(hash) % SERVICE_COLORS.length]!
}

/** Duration label after the bar, inside it when the bar reaches the right edge, else before it. */
export function durationPlacement(bar: { left: number; width: number }): 'after' | 'inside' | 'before' {
  if (bar.left + bar.width <= 0.85) return 'after'
  return bar.width >= 0.15 ? 'inside' : 'before'
}

export interface WaterfallProps {
  rows: readonly SpanRow<DisplaySpan>[]
  viewedBounds: ViewedBounds
  traceDurationMs: number
  viewStart: number
  viewEnd: number
  collapsed: ReadonlySet<string>
  selectedId: string | undefined
  onToggle(spanId: string): void
  onSelect(spanId: string): void
  /** Dragging on the ruler narrows the visible window (fractions of the trace). */
  onViewChange(viewStart: number, viewEnd: number): void
}

/** Spans on a time axis with nesting, durations and status. Pure drawing: geometry comes in. */
export function Waterfall({ rows, viewedBounds, traceDurationMs, viewStart, viewEnd, collapsed, selectedId, onToggle, onSelect, onViewChange }: WaterfallProps) {
  const rulerRef = useRef<HTMLDivElement>(null)
  const [drag, setDrag] = useState<{ a: number; b: number } | undefined>()
  const treeRef = useRef<HTMLDivElement>(null)
  const rulerWidth = useWidth(rulerRef)
  const ticks = timeTicks(traceDurationMs, viewStart, viewEnd, rulerWidth > 0 ? Math.max(1, Math.min(5, Math.floor(rulerWidth / TICK_SPACING_PX))) : 5)
  // Keyboard focus follows the selection while it is inside the tree (roving focus).
  useEffect(() => {
    const tree = treeRef.current
    if (!tree || !tree.contains(document.activeElement) || !selectedId) return
    tree.querySelector<HTMLElement>(`[data-span-id="${CSS.escape(selectedId)}"] .wf-name`)?.focus()
  }, [selectedId])
  const onKeyDown = (event: KeyboardEvent) => {
    const action = treeKeyAction(rows, collapsed, selectedId, event.key)
    if (!action) return
    event.preventDefault()
    if ('select' in action) onSelect(action.select)
    else onToggle(action.toggle)
  }
  const fractionAt = (event: PointerEvent) => {
    const box = rulerRef.current!.getBoundingClientRect()
    return Math.min(1, Math.max(0, (event.clientX - box.left) / box.width))
  }
  const toTrace = (f: number) => viewStart + f * (viewEnd - viewStart)

  return (
    <div className="waterfall" role="tree" aria-label="Trace waterfall" aria-description="Arrow keys move through the spans; left and right close and open them" ref={treeRef} onKeyDown={onKeyDown}>
      <div className="wf-header">
        <div className="wf-name-col wf-head-label">Span</div>
        <div
          className="wf-ruler"
          ref={rulerRef}
          title="Drag to zoom into a part of the trace"
          onPointerDown={(e) => {
            rulerRef.current?.setPointerCapture(e.pointerId)
            const f = fractionAt(e)
            setDrag({ a: f, b: f })
          }}
          onPointerMove={(e) => drag && setDrag({ a: drag.a, b: fractionAt(e) })}
          onPointerUp={() => {
            if (drag && Math.abs(drag.b - drag.a) > 0.01) onViewChange(toTrace(Math.min(drag.a, drag.b)), toTrace(Math.max(drag.a, drag.b)))
            setDrag(undefined)
          }}
        >
          {ticks.map((tick, i) => (
            <span key={tick.fraction} className={`wf-tick${i === ticks.length - 1 ? ' wf-tick-last' : ''}`} style={{ left: `${tick.fraction * 100}%` }}>
              <span className="wf-tick-label">{formatDurationMs(tick.offsetMs)}</span>
            </span>
          ))}
          {drag ? <span className="wf-drag" style={{ left: `${Math.min(drag.a, drag.b) * 100}%`, width: `${Math.abs(drag.b - drag.a) * 100}%` }} /> : null}
        </div>
      </div>
      <div className="wf-rows">
        {rows.map((row) => {
          const { span } = row
          const bar = clipBar(viewedBounds(span.startMs, span.startMs + span.durationMs))
          const isCollapsed = collapsed.has(span.spanId)
          const selected = span.spanId === selectedId
          const color = span.isError ? 'var(--danger)' : serviceColor(span.service)
          return (
            <div
              key={span.spanId}
              className={`wf-row${selected ? ' selected' : ''}${span.isCall ? ' is-call' : ''}`}
              role="treeitem"
              aria-level={row.depth + 1}
              aria-selected={selected}
              aria-expanded={row.childCount > 0 ? !isCollapsed : undefined}
              data-span-id={span.spanId}
            >
              <div className="wf-name-col" style={{ paddingLeft: 8 + row.depth * 14 }}>
                {row.childCount > 0 ? (
                  <button type="button" className="wf-toggle" onClick={() => onToggle(span.spanId)} aria-label={`${isCollapsed ? 'Expand' : 'Collapse'} ${span.name}`}>
                    <IconChevron open={!isCollapsed} width={12} height={12} />
                  </button>
                ) : (
                  <span className="wf-toggle-spacer" />
                )}
                <button type="button" className="wf-name" tabIndex={selected || (!selectedId && row === rows[0]) ? 0 : -1} onClick={() => onSelect(span.spanId)} title={`${span.service}: ${span.name}`}>
                  <span className="wf-service-dot" style={{ background: serviceColor(span.service) }} aria-hidden="true" />
                  {span.showService !== false ? <span className="wf-service">{span.service}</span> : null}
                  <span className="wf-span-name">{span.name}</span>
                  {span.isError ? <span className="wf-error-badge" aria-label="error">!</span> : null}
                </button>
              </div>
              <div className="wf-timeline" onClick={() => onSelect(span.spanId)}>
                {ticks.slice(1, -1).map((tick) => (
                  <span key={tick.fraction} className="wf-gridline" style={{ left: `${tick.fraction * 100}%` }} />
                ))}
                {bar ? (
                  <span className="wf-bar" style={{ left: `${bar.left * 100}%`, width: `${bar.width * 100}%`, background: color }}>
                    <span className={`wf-duration ${durationPlacement(bar)}`}>{formatDurationMs(span.durationMs)}</span>
                  </span>
                ) : null}
              </div>
            </div>
          )
        })}
      </div>
    </div>
  )
}

import { useEffect, useRef } from 'react'
import { Link, useLocation } from 'react-router'
import { useVirtualizer } from '@tanstack/react-virtual'
import type { CallSummary } from '@claimcheck/shared'
import { carryViewParams, FILTER_LABELS, type FilterKey } from '../lib/view-state.ts'
import type { CallColumn } from './columns.tsx'

const ROW_HEIGHT = 30

/**
 * Calls in a virtualized grid: only the visible rows are in the DOM, and scrolling near the end
 * asks for the next page. Each row links to its call.
 */
export function CallsTable({ calls, columns, hasMore, loadingMore, onLoadMore, height = 560, label = 'Calls', onFilter }: {
  calls: readonly CallSummary[]
  columns: readonly CallColumn[]
  hasMore: boolean
  loadingMore: boolean
  onLoadMore: () => void
  height?: number | string
  label?: string
  /** Click a cell to filter by its value (Shift+click excludes it). */
  onFilter?: (key: FilterKey, value: string, exclude: boolean) => void
}) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const location = useLocation()
  const carried = carryViewParams(new URLSearchParams(location.search))
  const virtualizer = useVirtualizer({
    count: calls.length + (hasMore ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  })
  const items = virtualizer.getVirtualItems()
  const last = items[items.length - 1]
  useEffect(() => {
    if (last && last.index >= calls.length - 20 && hasMore && !loadingMore) onLoadMore()
  }, [last, calls.length, hasMore, loadingMore, onLoadMore])

  const template = columns.map((c) => c.width).join(' ')
  return (
    <div className="calls-table" role="table" aria-label={label} aria-rowcount={calls.length + 1}>
      <div className="calls-head" role="rowgroup">
        <div className="calls-row calls-header-row" role="row" style={{ gridTemplateColumns: template }}>
          {columns.map((c) => (
            <div key={c.id} role="columnheader" className="calls-cell">
              {c.label}
            </div>
          ))}
        </div>
      </div>
      <div className="calls-scroll" ref={scrollRef} style={{ height }} role="rowgroup" tabIndex={0} aria-label={`${label}, scrollable`}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const call = calls[item.index]
            const style = { transform: `translateY(${item.start}px)`, height: ROW_HEIGHT, gridTemplateColumns: template }
            if (!call) {
              return (
                <div key="more" className="calls-row calls-more" role="row" style={style}>
                  <div role="cell" className="calls-cell">{loadingMore ? 'Loading more calls…' : 'Scroll for more'}</div>
                </div>
              )
            }
            const href = `/calls/${encodeURIComponent(call.TraceId)}/${encodeURIComponent(call.SpanId)}${carried}`
            return (
              <div key={`${call.TraceId}:${call.SpanId}:${item.index}`} className={`calls-row${call.Cause ? ' failed' : ''}`} role="row" aria-rowindex={item.index + 2} style={style}>
                {columns.map((c, i) => {
                  const filter = i > 0 && onFilter ? c.filter?.(call) : undefined
                  return (
                    <div key={c.id} role="cell" className={`calls-cell col-${c.id}`}>
                      {i === 0 ? (
                        <Link to={href} className="calls-link" aria-label={`Open call at ${c.text(call)}`}>
                          {c.render(call)}
                        </Link>
                      ) : filter ? (
                        <button
                          type="button"
                          className="cell-filter"
                          title={`Filter: ${FILTER_LABELS[filter.key]} = ${filter.value} (Shift+click: exclude)`}
                          onClick={(event) => onFilter?.(filter.key, filter.value, event.shiftKey)}
                        >
                          {c.render(call)}
                        </button>
                      ) : (
                        c.render(call)
                      )}
                    </div>
                  )
                })}
              </div>
            )
          })}
        </div>
      </div>
    </div>
  )
}

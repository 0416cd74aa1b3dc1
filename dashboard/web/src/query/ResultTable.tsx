import { useRef, useState } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { formatCellNumber } from '../lib/format.ts'
import { CellViewer } from './CellViewer.tsx'
import type { ResultColumn } from './result-chart.ts'

const ROW = 28
/** Characters a cell renders; longer values (a 1 MB JSON body) open whole in the viewer. */
const PREVIEW_CHARS = 240

export function cellText(value: unknown): string {
  if (value === null || value === undefined) return 'NULL'
  if (typeof value === 'number') return formatCellNumber(value)
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

/** Ad hoc results in a virtualized grid (up to the server's row limit). */
export function ResultTable({ columns, rows }: { columns: readonly ResultColumn[]; rows: readonly (readonly unknown[])[] }) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const [open, setOpen] = useState<{ column: string; text: string } | null>(null)
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW, overscan: 16 })
  const template = columns.map((c) => `minmax(${Math.min(320, Math.max(90, c.name.length * 9 + 24))}px, 1fr)`).join(' ')
  return (
    <div className="result-table" role="table" aria-label="Query results" aria-rowcount={rows.length + 1}>
      <div className="result-scroll" ref={scrollRef} tabIndex={0}>
        <div className="result-row result-head" role="row" style={{ gridTemplateColumns: template }}>
          {columns.map((c) => (
            <div key={c.name} role="columnheader" className="result-cell" title={c.type}>
              {c.name}
              <span className="result-type">{c.type}</span>
            </div>
          ))}
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth: 'max-content' }}>
          {virtualizer.getVirtualItems().map((item) => (
            <div key={item.index} className="result-row" role="row" style={{ transform: `translateY(${item.start}px)`, gridTemplateColumns: template, height: ROW }}>
              {columns.map((c, i) => {
                const value = rows[item.index]?.[i]
                const text = cellText(value)
                const long = text.length > PREVIEW_CHARS
                const raw = typeof value === 'number' && String(value) !== text ? String(value) : undefined
                return (
                  <div key={c.name} role="cell" className={`result-cell${value === null ? ' null' : ''}${long ? ' long' : ''}`} title={long ? undefined : raw ?? text}>
                    {long ? (
                      <>
                        <span className="result-preview">{text.slice(0, PREVIEW_CHARS)}…</span>
                        <button type="button" className="btn btn-xs" onClick={() => setOpen({ column: c.name, text })} aria-label={`Show all of ${c.name}`}>
                          Expand
                        </button>
                      </>
                    ) : (
                      text
                    )}
                  </div>
                )
              })}
            </div>
          ))}
        </div>
      </div>
      {open ? <CellViewer column={open.column} text={open.text} onClose={() => setOpen(null)} /> : null}
    </div>
  )
}

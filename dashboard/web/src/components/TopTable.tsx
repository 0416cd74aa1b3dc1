import { withBarFractions } from '../charts/shape.ts'
import { formatCount, formatPercent } from '../lib/format.ts'

export interface TopRow {
  value: string
  count: number
  /** Calls in total for this value, when known: shows a failure rate. */
  calls?: number
  /** Optional secondary line (e.g. the cause mix). */
  sub?: string
}

/** A ranked list with inline bars; pressing a row filters the page by it. */
export function TopTable({ title, rows, onSelect, color = 'var(--danger)', emptyText = 'No failures in this range', mono = false }: {
  title: string
  rows: readonly TopRow[]
  onSelect?: (value: string) => void
  color?: string
  emptyText?: string
  mono?: boolean
}) {
  if (rows.length === 0) return <div className="top-empty">{emptyText}</div>
  return (
    <table className="top-table" aria-label={title}>
      <thead className="top-head">
        <tr>
          <th scope="col"><span className="sr-only">{title}</span></th>
          <th scope="col">{rows.some((r) => r.calls) ? <>Failures · <abbr title="Share of this value's calls that failed">fail rate</abbr></> : 'Failures'}</th>
        </tr>
      </thead>
      <tbody>
        {withBarFractions(rows).map((row) => (
          <tr key={row.value}>
            <td className="top-label">
              <button type="button" className="top-button" onClick={() => onSelect?.(row.value)} disabled={!onSelect} title={onSelect ? `Filter by ${row.value || '(empty)'}` : row.value}>
                <span className="top-bar" style={{ width: `${Math.max(row.fraction * 100, 0.5)}%`, background: color }} aria-hidden="true" />
                <span className={`top-text${mono ? ' mono' : ''}`}>{row.value || <em>(empty)</em>}</span>
              </button>
            </td>
            <td className="top-count">
              {formatCount(row.count)}
              {row.calls ? (
                <span className="top-rate" title={`${formatPercent(row.count / row.calls)} of its ${row.calls.toLocaleString('en')} calls failed`}>
                  {formatPercent(row.count / row.calls)}
                </span>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

import { Link } from 'react-router'
import type { Cause, SummaryResponse } from '@claimcheck/shared'
import { CAUSE_COLORS, causeLabel } from '../lib/causes.ts'
import { computeChange, formatChangeRatio, formatCount, formatPercent } from '../lib/format.ts'

/** Failures per cause with share and change, each row opening its cause view. */
export function CauseTable({ causes, linkTo }: { causes: SummaryResponse['causes']; linkTo: (cause: Cause) => string }) {
  const rows = causes.filter((c) => c.failures.current > 0 || c.failures.previous > 0)
  if (rows.length === 0) return <div className="top-empty">No failures in this range or the one before.</div>
  return (
    <table className="cause-table">
      <thead>
        <tr>
          <th scope="col">Cause</th>
          <th scope="col" className="num">Failures</th>
          <th scope="col" className="num">Share</th>
          <th scope="col" className="num">Change</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const change = computeChange(row.failures.current, row.failures.previous)
          return (
            <tr key={row.cause}>
              <td>
                <Link to={linkTo(row.cause)} className="cause-link" title={`${formatCount(row.subjects)} subjects affected`}>
                  <span className="swatch" style={{ background: CAUSE_COLORS[row.cause] }} aria-hidden="true" />
                  {causeLabel(row.cause)}
                </Link>
                <span className="share-bar" aria-hidden="true">
                  <span style={{ width: `${row.share * 100}%`, background: CAUSE_COLORS[row.cause] }} />
                </span>
              </td>
              <td className="num strong">{formatCount(row.failures.current)}</td>
              <td className="num">{formatPercent(row.share)}</td>
              <td className={`num change ${change.direction === 'up' ? 'bad' : change.direction === 'down' ? 'good' : ''}`}>
                {change.direction === 'flat' ? '–' : `${change.direction === 'up' ? '▲' : '▼'} ${formatChangeRatio(change.ratio)}`}
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

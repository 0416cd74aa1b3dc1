import { Link } from 'react-router'
import type { Cause } from '@claimcheck/shared'
import { CAUSE_COLORS, causeLabel } from '../lib/causes.ts'
import { formatCount } from '../lib/format.ts'

/**
 * The legend filters: pressing a cause toggles it in the page's cause filter (every panel follows);
 * the arrow opens the cause's own view.
 */
export function CauseLegend({ causes, totals, active, onToggle, linkTo }: {
  causes: readonly Cause[]
  totals: Partial<Record<Cause, number>>
  active: readonly string[]
  onToggle: (cause: Cause) => void
  linkTo: (cause: Cause) => string
}) {
  return (
    <ul className="legend" aria-label="Causes">
      {causes.map((cause) => {
        const pressed = active.includes(cause)
        const dimmed = active.length > 0 && !pressed
        return (
          <li key={cause} className={`legend-item${dimmed ? ' dimmed' : ''}`}>
            <button type="button" className="legend-toggle" aria-pressed={pressed} onClick={() => onToggle(cause)} title={pressed ? 'Remove this cause filter' : 'Filter to this cause'}>
              <span className="swatch" style={{ background: CAUSE_COLORS[cause] }} aria-hidden="true" />
              <span className="legend-label">{causeLabel(cause)}</span>
              <span className="legend-count">{formatCount(totals[cause] ?? 0)}</span>
            </button>
            <Link className="legend-open" to={linkTo(cause)} aria-label={`Open ${causeLabel(cause)}`} title={`Open ${causeLabel(cause)}`} data-cause={cause}>
              →
            </Link>
          </li>
        )
      })}
    </ul>
  )
}

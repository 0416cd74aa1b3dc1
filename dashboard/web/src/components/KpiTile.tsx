import { computeChange, formatChangeRatio } from '../lib/format.ts'

/**
 * One number with its change against the previous period. `upIsBad` colours a rise red (failures)
 * or green (calls).
 */
export function KpiTile({ label, value, current, previous, upIsBad, accent, hint, onClick }: {
  label: string
  value: string
  current: number
  previous: number | undefined
  upIsBad: boolean
  accent?: string
  hint?: string
  onClick?: () => void
}) {
  const change = previous === undefined ? undefined : computeChange(current, previous)
  const tone = !change || change.direction === 'flat' ? 'flat' : (change.direction === 'up') === upIsBad ? 'bad' : 'good'
  const arrow = change?.direction === 'up' ? '▲' : change?.direction === 'down' ? '▼' : '■'
  const changeText = !change ? '' : formatChangeRatio(change.ratio)
  const content = (
    <>
      <div className="kpi-label">
        {accent ? <span className="swatch" style={{ background: accent }} aria-hidden="true" /> : null}
        {label}
      </div>
      <div className="kpi-value">{value}</div>
      <div className={`kpi-change ${tone}`}>
        {change ? (
          <>
            <span aria-hidden="true">{arrow}</span> {changeText}
            <span className="kpi-change-label"> vs previous period</span>
          </>
        ) : (
          <span className="kpi-change-label">{hint ?? '\u00a0'}</span>
        )}
      </div>
    </>
  )
  return onClick ? (
    <button type="button" className="kpi" onClick={onClick}>
      {content}
    </button>
  ) : (
    <div className="kpi">{content}</div>
  )
}

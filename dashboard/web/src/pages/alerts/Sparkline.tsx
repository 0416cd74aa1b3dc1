/** A tiny inline line of per-minute counts (no axes): presentational, takes precomputed values. */
export function Sparkline({ values, width = 120, height = 24, label }: { values: readonly number[]; width?: number; height?: number; label: string }) {
  const max = Math.max(1, ...values)
  const step = values.length > 1 ? width / (values.length - 1) : width
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(height - 1 - (v / max) * (height - 2)).toFixed(1)}`).join(' ')
  return (
    <svg width={width} height={height} role="img" aria-label={label}>
      <polyline points={points} fill="none" stroke="var(--accent)" strokeWidth="1.5" />
    </svg>
  )
}

export const STATE_COLORS: Record<string, string> = {
  firing: '#e5484d', pending: '#f76b15', error: '#8e4ec6', no_data: '#8b8d98', resolved: '#30a46c', inactive: '#d9d9e0',
}

export function StateBadge({ state }: { state: string }) {
  return <span className={`alert-state alert-state-${state}`}>{state.replace('_', ' ')}</span>
}

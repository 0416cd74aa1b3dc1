import { ReferenceLine } from 'recharts'
import type { ResolvedRange } from '../lib/time.ts'

/** A moment to mark on time charts: when an alert started firing. */
export interface ChartMarker {
  t: number
  label: string
}

/**
 * Vertical dashed lines at the markers inside the range. A function returning elements, not a
 * component: recharts only sees its own element types among a chart's direct children.
 */
export function AlertMarkers({ markers, range }: { markers: readonly ChartMarker[]; range: ResolvedRange }) {
  return markers
    .filter((m) => m.t >= range.fromMs && m.t <= range.toMs)
    .map((m) => (
      <ReferenceLine
        key={`${m.t}-${m.label}`}
        x={m.t}
        stroke="var(--danger)"
        strokeDasharray="4 3"
        strokeWidth={1.25}
        className="alert-marker"
        label={{ value: m.label, position: 'insideTopRight', fontSize: 10, fill: 'var(--danger)' }}
        ifOverflow="extendDomain"
      />
    ))
}

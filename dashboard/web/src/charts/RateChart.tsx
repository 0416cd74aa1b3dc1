import { useMemo } from 'react'
import { Area, AreaChart, CartesianGrid, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { formatExact, formatPercent } from '../lib/format.ts'
import { formatDateTime, valueTicks, type ResolvedRange } from '../lib/time.ts'
import { AlertMarkers, type ChartMarker } from './AlertMarkers.tsx'
import type { CauseRow } from './shape.ts'
import { isolatedPoints, timeAxisProps, Y_AXIS_WIDTH } from './time-axis.ts'
import { useBrush } from './useBrush.ts'

function RateTooltip({ active, payload }: { active?: boolean; payload?: readonly { payload?: CauseRow }[] }) {
  const row = payload?.[0]?.payload
  if (!active || !row) return null
  return (
    <div className="chart-tooltip">
      <div className="chart-tooltip-title">{formatDateTime(row.t)}</div>
      <div className="chart-tooltip-row">
        <span>Failure rate</span>
        <strong>{row.rate === null ? '–' : formatPercent(row.rate)}</strong>
      </div>
      <div className="chart-tooltip-foot">
        {formatExact(row.failures)} of {formatExact(row.calls)} calls
      </div>
    </div>
  )
}

/** The failure rate (failures / calls) per bucket; gaps where there were no calls. */
export function RateChart({ rows, range, stepMs, height = 120, onZoom, label, color = 'var(--danger)', syncId, markers = [] }: {
  rows: readonly CauseRow[]
  range: ResolvedRange
  stepMs: number
  height?: number
  onZoom?: (fromMs: number, toMs: number) => void
  label: string
  color?: string
  /** Charts with the same id share the hover crosshair. */
  syncId?: string
  markers?: readonly ChartMarker[]
}) {
  const brush = useBrush(rows, stepMs, onZoom)
  const isolated = useMemo(() => isolatedPoints(rows.map((r) => r.rate)), [rows])
  const ticks = useMemo(() => valueTicks(Math.max(0, ...rows.map((r) => r.rate ?? 0))), [rows])
  // A bucket with calls between two without any has no segment to draw: show it as a dot.
  const dot = (props: { cx?: number; cy?: number; index?: number }) =>
    props.index !== undefined && isolated.has(props.index) && props.cx !== undefined && props.cy !== undefined ? (
      <circle key={props.index} cx={props.cx} cy={props.cy} r={2.5} fill={color} stroke="none" className="rate-dot" />
    ) : (
      <g key={props.index} />
    )
  return (
    <div className="chart" style={{ height }} role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={rows as CauseRow[]} syncId={syncId} margin={{ top: 8, right: 12, bottom: 0, left: 0 }} {...brush.handlers} style={{ cursor: onZoom ? 'crosshair' : undefined }}>
          <CartesianGrid stroke="var(--grid)" vertical={false} />
          <XAxis {...timeAxisProps(range)} />
          <YAxis width={Y_AXIS_WIDTH} domain={[0, (max: number) => Math.max(max, ticks[ticks.length - 1] ?? 0)]} ticks={ticks} tickFormatter={(r: number) => formatPercent(r)} tick={{ fontSize: 11, fill: 'var(--text-muted)' }} tickLine={false} axisLine={false} />
          {AlertMarkers({ markers, range })}
          <Tooltip content={<RateTooltip />} isAnimationActive={false} cursor={{ stroke: 'var(--border-strong)' }} />
          <Area dataKey="rate" type="monotone" stroke={color} strokeWidth={1.5} fill={color} fillOpacity={0.08} connectNulls={false} isAnimationActive={false} dot={dot} activeDot={{ r: 3 }} />
          {brush.selection ? <ReferenceArea x1={brush.selection.x1} x2={brush.selection.x2} fill="var(--accent)" fillOpacity={0.12} /> : null}
        </AreaChart>
      </ResponsiveContainer>
    </div>
  )
}

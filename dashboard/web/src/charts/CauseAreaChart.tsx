import { Area, AreaChart, CartesianGrid, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { Cause } from '@claimcheck/shared'
import { CAUSE_COLORS, causeLabel } from '../lib/causes.ts'
import { formatCount, formatExact, formatPercent } from '../lib/format.ts'
import { useMemo } from 'react'
import { formatDateTime, valueTicks, type ResolvedRange } from '../lib/time.ts'
import { AlertMarkers, type ChartMarker } from './AlertMarkers.tsx'
import type { CauseRow } from './shape.ts'
import { timeAxisProps, Y_AXIS_WIDTH } from './time-axis.ts'
import { useBrush } from './useBrush.ts'

export interface CauseAreaChartProps {
  rows: readonly CauseRow[]
  causes: readonly Cause[]
  range: ResolvedRange
  stepMs: number
  height?: number
  /** Brushing a range zooms the page's time range. */
  onZoom?: (fromMs: number, toMs: number) => void
  /** Clicking a band opens its cause. */
  onSelectCause?: (cause: Cause) => void
  /** Accessible description of the chart. */
  label: string
  /** Charts with the same id share the hover crosshair. */
  syncId?: string
  /** Vertical lines where alerts started firing. */
  markers?: readonly ChartMarker[]
}

interface TooltipEntry {
  dataKey?: unknown
  value?: unknown
  color?: string
  payload?: CauseRow
}

function CauseTooltip({ active, payload }: { active?: boolean; payload?: readonly TooltipEntry[] }) {
  const row = payload?.[0]?.payload
  if (!active || !row) return null
  const entries = [...(payload ?? [])].filter((e) => Number(e.value) > 0).reverse()
  return (
    <div className="chart-tooltip">
      <div className="chart-tooltip-title">{formatDateTime(row.t)}</div>
      {entries.map((entry) => (
        <div key={String(entry.dataKey)} className="chart-tooltip-row">
          <span className="swatch" style={{ background: entry.color }} />
          <span>{causeLabel(entry.dataKey as Cause)}</span>
          <strong>{formatExact(Number(entry.value))}</strong>
        </div>
      ))}
      <div className="chart-tooltip-foot">
        {formatExact(row.failures)} failed of {formatExact(row.calls)} · {row.rate === null ? 'no calls' : formatPercent(row.rate)}
      </div>
    </div>
  )
}

/** Failures by cause over time, stacked; unknown_sub at the bottom. */
export function CauseAreaChart({ rows, causes, range, stepMs, height = 240, onZoom, onSelectCause, label, syncId, markers = [] }: CauseAreaChartProps) {
  const brush = useBrush(rows, stepMs, onZoom)
  const ticks = useMemo(() => valueTicks(Math.max(0, ...rows.map((r) => causes.reduce((sum, c) => sum + (r[c] ?? 0), 0)))), [rows, causes])
  return (
    <div className="chart" style={{ height }} role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={rows as CauseRow[]} syncId={syncId} margin={{ top: 8, right: 12, bottom: 0, left: 0 }} {...brush.handlers} style={{ cursor: onZoom ? 'crosshair' : undefined }}>
          <CartesianGrid stroke="var(--grid)" vertical={false} />
          <XAxis {...timeAxisProps(range)} stroke="var(--text-faint)" />
          <YAxis
            width={Y_AXIS_WIDTH}
            allowDecimals={false}
            ticks={ticks}
            domain={[0, (max: number) => Math.max(max, ticks[ticks.length - 1] ?? 0)]}
            tickFormatter={(n: number) => formatCount(n)}
            tick={{ fontSize: 11, fill: 'var(--text-muted)' }}
            tickLine={false}
            axisLine={false}
          />
          {/* The hover line must not take the click meant for the band under it. */}
          <Tooltip content={<CauseTooltip />} isAnimationActive={false} cursor={{ stroke: 'var(--border-strong)', pointerEvents: 'none' }} wrapperStyle={{ pointerEvents: 'none' }} />
          {causes.map((cause) => (
            <Area
              key={cause}
              className={`cause-area cause-area-${cause}`}
              dataKey={cause}
              name={causeLabel(cause)}
              stackId="causes"
              type="monotone"
              stroke={CAUSE_COLORS[cause]}
              strokeWidth={1.25}
              fill={CAUSE_COLORS[cause]}
              fillOpacity={0.55}
              isAnimationActive={false}
              activeDot={false}
              style={{ cursor: onSelectCause ? 'pointer' : undefined }}
              onClick={() => {
                if (!brush.wasDrag()) onSelectCause?.(cause)
              }}
            />
          ))}
          {AlertMarkers({ markers, range })}
          {brush.selection ? <ReferenceArea x1={brush.selection.x1} x2={brush.selection.x2} fill="var(--accent)" fillOpacity={0.12} stroke="var(--accent)" strokeOpacity={0.5} /> : null}
        </AreaChart>
      </ResponsiveContainer>
    </div>
  )
}

import { Bar, BarChart, CartesianGrid, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { TimeseriesResponse } from '@claimcheck/shared'
import { formatCount, formatExact } from '../lib/format.ts'
import { formatDateTime, valueTicks, type ResolvedRange } from '../lib/time.ts'
import { timeAxisProps, Y_AXIS_WIDTH } from '../charts/time-axis.ts'
import { useBrush } from '../charts/useBrush.ts'

interface Bucket {
  t: number
  ok: number
  failed: number
}

function HistogramTooltip({ active, payload, stepMs }: { active?: boolean; payload?: readonly { payload?: Bucket }[]; stepMs: number }) {
  const row = payload?.[0]?.payload
  if (!active || !row) return null
  return (
    <div className="chart-tooltip">
      <div className="chart-tooltip-title">
        {formatDateTime(row.t)} – {formatDateTime(row.t + stepMs)}
      </div>
      <div className="chart-tooltip-row">
        <span>Calls</span>
        <strong>{formatExact(row.ok + row.failed)}</strong>
      </div>
      <div className="chart-tooltip-row">
        <span>Failed</span>
        <strong>{formatExact(row.failed)}</strong>
      </div>
      <div className="chart-tooltip-foot">Click a bar to narrow to it · drag to zoom</div>
    </div>
  )
}

/** Matching calls per bucket (failed on top of successful): click a bar or drag to narrow the range. */
export function CallsHistogram({ data, onNarrow, height = 110 }: { data: TimeseriesResponse; onNarrow: (fromMs: number, toMs: number) => void; height?: number }) {
  const stepMs = data.bucketSeconds * 1000
  const rows: Bucket[] = data.points.map((p) => ({ t: p.t, ok: p.calls - p.failures, failed: p.failures }))
  const range: ResolvedRange = { fromMs: data.meta.from, toMs: data.meta.to }
  const brush = useBrush(rows, stepMs, onNarrow)
  const ticks = valueTicks(Math.max(0, ...rows.map((r) => r.ok + r.failed)), 3)
  const total = rows.reduce((s, r) => s + r.ok + r.failed, 0)
  return (
    <div className="chart calls-histogram" style={{ height }} role="img" aria-label={`Matching calls over time: ${formatExact(total)} in ${rows.length} buckets`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={rows}
          margin={{ top: 6, right: 12, bottom: 0, left: 0 }}
          barCategoryGap={1}
          {...brush.handlers}
          onClick={(state) => {
            const index = Number(state?.activeTooltipIndex)
            const row = Number.isInteger(index) ? rows[index] : undefined
            if (row && !brush.wasDrag()) onNarrow(row.t, row.t + stepMs)
          }}
          style={{ cursor: 'pointer' }}
        >
          <CartesianGrid stroke="var(--grid)" vertical={false} />
          <XAxis {...timeAxisProps(range, [range.fromMs - stepMs / 2, range.toMs])} />
          <YAxis width={Y_AXIS_WIDTH} ticks={ticks} domain={[0, (max: number) => Math.max(max, ticks[ticks.length - 1] ?? 0)]} allowDecimals={false} tickFormatter={(n: number) => formatCount(n)} tick={{ fontSize: 11, fill: 'var(--text-muted)' }} tickLine={false} axisLine={false} />
          <Tooltip content={<HistogramTooltip stepMs={stepMs} />} isAnimationActive={false} cursor={{ fill: 'var(--accent-soft)' }} />
          <Bar dataKey="ok" stackId="calls" fill="var(--border-strong)" isAnimationActive={false} name="Successful" />
          <Bar dataKey="failed" stackId="calls" fill="var(--danger)" isAnimationActive={false} name="Failed" className="histogram-failed" />
          {brush.selection ? <ReferenceArea x1={brush.selection.x1} x2={brush.selection.x2} fill="var(--accent)" fillOpacity={0.15} /> : null}
        </BarChart>
      </ResponsiveContainer>
    </div>
  )
}

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { causeColor, isCause } from '../lib/causes.ts'
import { formatCount } from '../lib/format.ts'
import { formatDateTime } from '../lib/time.ts'
import { timeAxisProps } from '../charts/time-axis.ts'
import type { TimeChart } from './result-chart.ts'

const PALETTE = ['#3358d4', '#e5243b', '#0d9488', '#f0a020', '#8e4ec6', '#0ea5e9', '#d6409f', '#65a30d', '#a18072', '#f76b15', '#8b8d98', '#be185d']

/** A line per series; cause names keep their cause colour. */
export function ResultChart({ chart }: { chart: TimeChart }) {
  const range = { fromMs: chart.rows[0]!.t, toMs: chart.rows[chart.rows.length - 1]!.t }
  return (
    <div className="chart" style={{ height: 240 }} role="img" aria-label={`${chart.series.join(', ')} over ${chart.timeColumn}`}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={chart.rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--grid)" vertical={false} />
          <XAxis {...timeAxisProps(range, ['dataMin', 'dataMax'])} />
          <YAxis width={48} tickFormatter={(n: number) => formatCount(n)} tick={{ fontSize: 11, fill: 'var(--text-muted)' }} tickLine={false} axisLine={false} />
          <Tooltip labelFormatter={(t) => formatDateTime(Number(t))} contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 6, fontSize: 12 }} />
          <Legend iconType="plainline" wrapperStyle={{ fontSize: 12 }} />
          {chart.series.map((name, i) => (
            <Line key={name} dataKey={name} type="monotone" dot={false} strokeWidth={1.6} stroke={isCause(name) ? causeColor(name) : PALETTE[i % PALETTE.length]} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  )
}

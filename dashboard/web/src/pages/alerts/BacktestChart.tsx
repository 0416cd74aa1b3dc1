import { CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { BacktestResponse } from '@claimcheck/shared'
import { formatDateTime, formatTick, timeTicks } from '../../lib/time.ts'
import { timelineFractions } from './model.ts'
import { STATE_COLORS } from './Sparkline.tsx'

type Group = BacktestResponse['groups'][number]
/** The rule's value over the range with its threshold band and baseline, and the state timeline below. */
export function BacktestChart({ group, fromMs, toMs, stepMs, rate }: { group: Group; fromMs: number; toMs: number; stepMs: number; rate: boolean }) {
  const format = (n: number) => (rate ? `${(n * 100).toFixed(0)}%` : String(Math.round(n * 10) / 10))
  return (
    <div>
      <div className="chart" style={{ height: 240 }} role="img" aria-label="Backtest: value, threshold and baseline over the range">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={group.points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="var(--grid)" vertical={false} />
            <XAxis dataKey="t" type="number" domain={[fromMs, toMs]} ticks={timeTicks({ fromMs, toMs }, 6)} tickFormatter={(t: number) => formatTick(t, { fromMs, toMs })} tick={{ fontSize: 11, fill: 'var(--text-muted)' }} tickLine={false} minTickGap={40} />
            <YAxis width={44} tickFormatter={format} tick={{ fontSize: 11, fill: 'var(--text-muted)' }} tickLine={false} axisLine={false} />
            <Tooltip
              labelFormatter={(t) => formatDateTime(Number(t))}
              formatter={(value, name) => [typeof value === 'number' ? format(value) : String(value), String(name)]}
              contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 6, fontSize: 12 }}
            />
            <Legend iconSize={9} wrapperStyle={{ fontSize: 12 }} />
            <Line dataKey="value" name="Value" stroke="#3358d4" dot={false} strokeWidth={1.5} isAnimationActive={false} />
            <Line dataKey="threshold" name="Threshold / band" stroke="#e5484d" strokeDasharray="4 3" dot={false} isAnimationActive={false} />
            <Line dataKey="baseline" name="Baseline" stroke="#8b8d98" strokeDasharray="1 3" dot={false} isAnimationActive={false} connectNulls />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <div className="alerts-timeline" aria-label="State over the range">
        {timelineFractions(group, fromMs, toMs, stepMs).map((s, i) => (
          <span key={i} title={s.state} style={{ width: `${s.width * 100}%`, background: STATE_COLORS[s.state] }} />
        ))}
      </div>
    </div>
  )
}

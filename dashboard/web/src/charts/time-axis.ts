import { formatTick, type ResolvedRange } from '../lib/time.ts'

/** Props of the time X axis every time chart shares: epoch-ms ticks formatted for the range. */
export function timeAxisProps(range: ResolvedRange, domain: [number | string, number | string] = [range.fromMs, range.toMs]) {
  return {
    dataKey: 't',
    type: 'number' as const,
    scale: 'time' as const,
    domain,
    tickFormatter: (t: number) => formatTick(t, range),
    tick: { fontSize: 11, fill: 'var(--text-muted)' },
    tickLine: false,
    axisLine: { stroke: 'var(--border)' },
    minTickGap: 40,
  }
}

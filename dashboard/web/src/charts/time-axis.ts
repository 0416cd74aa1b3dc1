import { formatTick, timeTicks, type ResolvedRange } from '../lib/time.ts'

/** Y axis width every time chart shares, so charts stacked on one page line up. */
export const Y_AXIS_WIDTH = 56

/** Props of the time X axis every time chart shares: round epoch-ms ticks formatted for the range. */
export function timeAxisProps(range: ResolvedRange, domain: [number | string, number | string] = [range.fromMs, range.toMs], maxTicks = 8) {
  return {
    dataKey: 't',
    type: 'number' as const,
    scale: 'time' as const,
    domain,
    ticks: timeTicks(range, maxTicks),
    tickFormatter: (t: number) => formatTick(t, range),
    tick: { fontSize: 11, fill: 'var(--text-muted)' },
    tickLine: false,
    axisLine: { stroke: 'var(--border)' },
    interval: 'preserveStartEnd' as const,
  }
}

/** Indexes of points with a value whose neighbours have none: a line cannot draw them, a dot must. */
export function isolatedPoints(values: readonly (number | null | undefined)[]): Set<number> {
  const out = new Set<number>()
  const has = (i: number) => values[i] !== null && values[i] !== undefined
  values.forEach((_, i) => {
    if (has(i) && !has(i - 1) && !has(i + 1)) out.add(i)
  })
  return out
}

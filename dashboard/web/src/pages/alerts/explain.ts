import { AlertConditionSchema, type AlertRuleInput, type BacktestResponse } from '@claimcheck/shared'
import { formatClock } from '../../lib/time.ts'

type Group = BacktestResponse['groups'][number]
type Point = Group['points'][number]

/**
 * Why a backtest fired or did not, in one sentence naming the condition and the value that
 * decided it: "count > 50 in 5m: highest 12 at 14:05:00, never met" or "fired at 14:05:00 when
 * 63 > 50". Pure, so it is unit-tested against hand-made points.
 */
export function explainBacktest(rule: AlertRuleInput, group: Pick<Group, 'points' | 'firings'>, format: (n: number) => string = String): string {
  const parsed = AlertConditionSchema.safeParse(rule.condition)
  if (!parsed.success) return ''
  const condition = parsed.data
  const at = (t: number) => formatClock(t, true)
  const points = group.points.filter((p) => p.kind !== 'nodata')
  const forText = rule.for ? ` for ${rule.for}` : ''
  const described = condition.type === 'threshold'
    ? `${condition.metric} ${condition.op} ${format(condition.value)} in ${condition.window}${forText}`
    : `a spike of ${condition.zScore} σ over the baseline (at least ${condition.minCount} failures) in ${condition.window}${forText}`
  if (points.length === 0) return `${described}: no data in the range, never met`

  const fired = group.firings[0]
  if (fired !== undefined) {
    const point = nearest(group.points, fired)
    const more = group.firings.length > 1 ? ` (and ${group.firings.length - 1} more ${group.firings.length === 2 ? 'time' : 'times'})` : ''
    if (!point) return `${described}: fired at ${at(fired)}${more}`
    const comparison = condition.type === 'threshold' ? `${format(point.value)} ${condition.op} ${format(condition.value)}` : `${format(point.value)} > band ${format(point.threshold)}`
    return `Fired at ${at(fired)} when ${comparison}${more}`
  }

  const breaches = points.filter((p) => p.kind === 'breach')
  if (breaches.length > 0) {
    const first = breaches[0]!
    return `${described}: met at ${at(first.t)} (${format(first.value)}) but never long enough to fire`
  }
  if (condition.type === 'threshold') {
    const below = condition.op === '<' || condition.op === '<='
    const best = points.reduce((a, b) => ((below ? b.value < a.value : b.value > a.value) ? b : a))
    return `${described}: ${below ? 'lowest' : 'highest'} ${format(best.value)} at ${at(best.t)}, never met`
  }
  // Spike: the window that came closest to its band, and whether it had enough failures to count.
  const best = points.reduce((a, b) => (b.value - b.threshold > a.value - a.threshold ? b : a))
  const few = best.value > best.threshold && best.count < condition.minCount ? ` (only ${best.count} failures, fewer than ${condition.minCount})` : ''
  return `${described}: closest ${format(best.value)} against a band of ${format(best.threshold)} at ${at(best.t)}${few}, never met`
}

function nearest(points: readonly Point[], t: number): Point | undefined {
  let best: Point | undefined
  for (const point of points) if (point.t <= t && (!best || point.t > best.t)) best = point
  return best ?? points[0]
}

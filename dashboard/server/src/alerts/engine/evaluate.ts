import { parseDuration, type AlertRule, type AlertState } from '@claimcheck/shared'
import { evaluateWindow, windowSeconds, type MinuteSeries, type Sample } from './condition.ts'
import { initialState, step, type InstanceState, type StateMachineRule, type Transition } from './state-machine.ts'

/** Evaluation defaults from the config (`alerts.*`), applied to rules that leave them unset. */
export interface EvaluationDefaults {
  /** Default `interval`, seconds. */
  intervalSeconds: number
  /** Default `for`, seconds. */
  forSeconds: number
  /** Default `keepFiringFor`, seconds. */
  keepFiringForSeconds: number
}

export interface CompiledRule extends StateMachineRule {
  rule: AlertRule
  intervalMs: number
  windowSeconds: number
}

export function compileRule(rule: AlertRule, defaults: EvaluationDefaults): CompiledRule {
  const seconds = (value: AlertRule['for'], fallback: number) => (value === undefined ? fallback : (parseDuration(value) ?? fallback))
  return {
    rule,
    intervalMs: seconds(rule.interval, defaults.intervalSeconds) * 1000,
    forMs: seconds(rule.for, defaults.forSeconds) * 1000,
    keepFiringForMs: seconds(rule.keepFiringFor, defaults.keepFiringForSeconds) * 1000,
    noData: rule.noData,
    windowSeconds: windowSeconds(rule.condition),
  }
}

/**
 * States that keep a grouped instance under evaluation when its group has no calls: a pending or
 * firing alert must see the silence (and end), an error must clear.
 */
export function isTracked(state: AlertState): boolean {
  return state === 'pending' || state === 'firing' || state === 'error'
}

/**
 * One evaluation of one instance: the sample of the window ending at `endSeconds`, folded into the
 * state machine at `nowMs`. A group of a grouped rule without calls in the window is skipped
 * (returns null) unless it is pending, firing or in error, so quiet routes do not churn.
 */
export function evaluateInstance(
  previous: InstanceState,
  series: MinuteSeries,
  compiled: CompiledRule,
  endSeconds: number,
  nowMs: number,
): { state: InstanceState; events: Transition[]; sample: Sample } | null {
  const sample = evaluateWindow(series, compiled.rule, endSeconds, previous.state === 'firing')
  if (compiled.rule.groupBy.length > 0 && sample.total === 0 && !isTracked(previous.state)) return null
  return { ...step(previous, sample, compiled, nowMs), sample }
}

/** Window end for an evaluation at `nowMs`: the last complete minute, `delaySeconds` late for stragglers. */
export function windowEndFor(nowMs: number, delaySeconds: number): number {
  const seconds = Math.floor(nowMs / 1000) - delaySeconds
  return seconds - (((seconds % 60) + 60) % 60)
}

/** A sample of the backtest and the state it left the instance in. */
export interface BacktestPoint extends Sample {
  /** Evaluation time, epoch ms (a Sample's window end is in seconds). */
  t: number
  state: AlertState
}

export interface BacktestSegment {
  state: AlertState
  /** Epoch ms. */
  from: number
  to: number
}

export interface BacktestResult {
  points: BacktestPoint[]
  timeline: BacktestSegment[]
  events: Transition[]
}

/**
 * Replays the evaluator over [fromMs, toMs] at the rule's interval with the same functions
 * (`evaluateInstance` → `step`); `maxPoints` thins the returned points, never the evaluation.
 */
export function runBacktest(
  series: MinuteSeries,
  compiled: CompiledRule,
  fromMs: number,
  toMs: number,
  delaySeconds: number,
  maxPoints = 1500,
): BacktestResult {
  let state = initialState()
  const all: BacktestPoint[] = []
  const events: Transition[] = []
  const timeline: BacktestSegment[] = []
  const stepMs = Math.max(compiled.intervalMs, 10_000)
  for (let now = fromMs; now <= toMs; now += stepMs) {
    const end = windowEndFor(now, delaySeconds)
    const result = evaluateInstance(state, series, compiled, end, now)
    if (result) {
      state = result.state
      events.push(...result.events)
      const { sample } = result
      all.push({ t: now, value: sample.value, count: sample.count, total: sample.total, baseline: sample.baseline, threshold: sample.threshold, zscore: sample.zscore, kind: sample.kind, state: state.state })
    } else {
      all.push({ t: now, value: 0, count: 0, total: 0, baseline: null, threshold: 0, zscore: null, kind: 'nodata', state: state.state })
    }
    const last = timeline.at(-1)
    if (last && last.state === state.state) last.to = now
    else timeline.push({ state: state.state, from: now, to: now })
  }
  const stride = Math.max(1, Math.ceil(all.length / maxPoints))
  const points = all.filter((point, i) => i % stride === 0 || point.state !== all[i - 1]?.state)
  return { points, timeline, events }
}

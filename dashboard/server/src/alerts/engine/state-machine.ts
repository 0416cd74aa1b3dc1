import type { AlertState } from '@claimcheck/shared'
import type { Sample } from './condition.ts'

/**
 * The alert instance state machine: a pure function of (state, sample, rule, now). The evaluator
 * persists what it returns; the backtest folds it over history. Times are epoch milliseconds.
 *
 *   inactive ──breach──▶ pending ──held `for`──▶ firing ──clear for `keepFiringFor`──▶ resolved
 *      ▲                    │ok                     │ no data                            │breach
 *      └────────────────────┘                       ▼                                    ▼
 *   no_data / error: a window without calls, or a failed evaluation; the next sample leaves them.
 */


export interface InstanceState {
  state: AlertState
  /** When the condition started holding (pending since); null when not active. */
  activeAt: number | null
  /** Start of the current or last firing episode: it identifies the episode for notifications. */
  firedAt: number | null
  /** Last time the condition held. */
  lastBreachAt: number | null
  resolvedAt: number | null
  lastEvalAt: number | null
  value: number
  baseline: number | null
  threshold: number | null
  error: string
}

export interface StateMachineRule {
  forMs: number
  keepFiringForMs: number
  noData: 'no_data' | 'ok' | 'alerting'
}

/** A sample, or the evaluation failed (query error). */
export type StepInput = Sample | { kind: 'error'; message: string }

export interface Transition {
  from: AlertState
  to: AlertState
  at: number
}

export function initialState(): InstanceState {
  return {
    state: 'inactive', activeAt: null, firedAt: null, lastBreachAt: null, resolvedAt: null, lastEvalAt: null,
    value: 0, baseline: null, threshold: null, error: '',
  }
}

export function step(previous: InstanceState, input: StepInput, rule: StateMachineRule, now: number): { state: InstanceState; events: Transition[] } {
  const next: InstanceState = { ...previous, lastEvalAt: now, error: '' }
  if (input.kind === 'error') {
    next.error = input.message
    // A failed query says nothing about the condition: a firing alert keeps firing (no flap on a
    // database hiccup); anything else shows the error.
    if (previous.state !== 'firing') Object.assign(next, { state: 'error', activeAt: null })
    return finish(previous, next, now)
  }
  Object.assign(next, { value: input.value, baseline: input.baseline, threshold: input.threshold })
  const kind = input.kind === 'nodata' && rule.noData !== 'no_data' ? (rule.noData === 'ok' ? 'ok' : 'breach') : input.kind
  if (kind === 'breach') {
    next.lastBreachAt = now
    if (previous.state === 'firing') return finish(previous, next, now)
    const activeAt = previous.state === 'pending' && previous.activeAt !== null ? previous.activeAt : now
    next.activeAt = activeAt
    if (now - activeAt >= rule.forMs) Object.assign(next, { state: 'firing', firedAt: now, resolvedAt: null })
    else next.state = 'pending'
    return finish(previous, next, now)
  }
  // ok or nodata: the condition does not hold.
  const quiet: AlertState = kind === 'nodata' ? 'no_data' : 'inactive'
  if (previous.state === 'firing') {
    const clearSince = previous.lastBreachAt ?? previous.firedAt ?? now
    if (now - clearSince >= rule.keepFiringForMs) {
      Object.assign(next, { state: kind === 'nodata' ? 'no_data' : 'resolved', resolvedAt: now, activeAt: null })
    }
    return finish(previous, next, now)
  }
  next.activeAt = null
  if (previous.state === 'resolved' && kind === 'ok') next.state = 'resolved'
  else next.state = quiet
  return finish(previous, next, now)
}

function finish(previous: InstanceState, next: InstanceState, now: number): { state: InstanceState; events: Transition[] } {
  const events = previous.state === next.state ? [] : [{ from: previous.state, to: next.state, at: now }]
  return { state: next, events }
}

/** Whether the transition ends a firing episode (a resolved notification is due). */
export function endsFiring(event: Transition): boolean {
  return event.from === 'firing' && event.to !== 'firing'
}

import { describe, expect, it } from 'vitest'
import type { Sample } from './condition.ts'
import { endsFiring, initialState, step, type InstanceState, type StateMachineRule, type StepInput } from './state-machine.ts'

const MIN = 60_000
const rule: StateMachineRule = { forMs: 5 * MIN, keepFiringForMs: 3 * MIN, noData: 'no_data' }
const sample = (kind: Sample['kind'], value = kind === 'breach' ? 50 : 1): Sample =>
  ({ t: 0, kind, value, count: value, total: kind === 'nodata' ? 0 : 100, baseline: 2, threshold: 20, zscore: null })

/** Folds inputs one minute apart from t = 0; returns the states and every transition. */
function run(inputs: StepInput[], r = rule, start: InstanceState = initialState()) {
  let state = start
  const states: string[] = []
  const events: string[] = []
  inputs.forEach((input, i) => {
    const result = step(state, input, r, i * MIN)
    state = result.state
    states.push(state.state)
    events.push(...result.events.map((e) => `${e.from}>${e.to}@${e.at / MIN}`))
  })
  return { state, states, events }
}

describe('step', () => {
  it('goes inactive → pending → firing after `for`, then resolves', () => {
    const { states, events, state } = run([
      sample('ok'), sample('breach'), sample('breach'), sample('breach'), sample('breach'), sample('breach'), sample('breach'),
      sample('ok'), sample('ok'), sample('ok'), sample('ok'),
    ])
    expect(states).toEqual(['inactive', 'pending', 'pending', 'pending', 'pending', 'pending', 'firing', 'firing', 'firing', 'resolved', 'resolved'])
    expect(events).toEqual(['inactive>pending@1', 'pending>firing@6', 'firing>resolved@9'])
    expect(state).toMatchObject({ firedAt: 6 * MIN, resolvedAt: 9 * MIN, activeAt: null })
  })

  it('fires at the first breach when `for` is 0', () => {
    expect(run([sample('breach')], { ...rule, forMs: 0 }).events).toEqual(['inactive>firing@0'])
  })

  it('cancels pending on a single clear sample', () => {
    expect(run([sample('breach'), sample('breach'), sample('ok')]).events).toEqual(['inactive>pending@0', 'pending>inactive@2'])
  })

  it('keeps firing through short dips (keepFiringFor) instead of flapping', () => {
    const firing = { ...initialState(), state: 'firing' as const, firedAt: 0, lastBreachAt: 0 }
    const { events, states } = run([sample('breach'), sample('ok'), sample('breach'), sample('ok'), sample('ok'), sample('breach')], rule, firing)
    expect(states.every((s) => s === 'firing')).toBe(true)
    expect(events).toEqual([])
  })

  it('enters no_data without calls, ends a firing episode there, and leaves it on data', () => {
    const firing = { ...initialState(), state: 'firing' as const, firedAt: 0, lastBreachAt: 0 }
    const result = run([sample('nodata'), sample('nodata'), sample('nodata'), sample('nodata'), sample('ok')], rule, firing)
    expect(result.events).toEqual(['firing>no_data@3', 'no_data>inactive@4'])
    expect(run([sample('nodata')]).states).toEqual(['no_data'])
  })

  it('maps no data to ok or to a breach per the rule', () => {
    expect(run([sample('nodata')], { ...rule, noData: 'ok' }).states).toEqual(['inactive'])
    expect(run([sample('nodata')], { ...rule, noData: 'alerting', forMs: 0 }).states).toEqual(['firing'])
  })

  it('shows evaluation errors without resolving a firing alert', () => {
    expect(run([{ kind: 'error', message: 'boom' }]).state).toMatchObject({ state: 'error', error: 'boom' })
    const firing = { ...initialState(), state: 'firing' as const, firedAt: 0, lastBreachAt: 0 }
    expect(run([{ kind: 'error', message: 'boom' }, { kind: 'error', message: 'boom' }, { kind: 'error', message: 'x' }, { kind: 'error', message: 'x' }], rule, firing).states)
      .toEqual(['firing', 'firing', 'firing', 'firing'])
  })

  it('keeps the pending start across steps (a restart resumes it)', () => {
    const pending = { ...initialState(), state: 'pending' as const, activeAt: -3 * MIN }
    const { events } = run([sample('breach'), sample('breach'), sample('breach')], rule, pending)
    expect(events).toEqual(['pending>firing@2'])
  })

  it('re-enters pending from resolved, starting a new episode', () => {
    const resolved = { ...initialState(), state: 'resolved' as const, firedAt: 0, resolvedAt: MIN }
    const { state } = run([sample('breach'), sample('breach'), sample('breach'), sample('breach'), sample('breach'), sample('breach')], rule, resolved)
    expect(state).toMatchObject({ state: 'firing', firedAt: 5 * MIN, resolvedAt: null })
  })
})

describe('endsFiring', () => {
  it('is true only when leaving firing', () => {
    expect(endsFiring({ from: 'firing', to: 'resolved', at: 0 })).toBe(true)
    expect(endsFiring({ from: 'firing', to: 'no_data', at: 0 })).toBe(true)
    expect(endsFiring({ from: 'pending', to: 'firing', at: 0 })).toBe(false)
  })
})

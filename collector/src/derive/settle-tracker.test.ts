import { describe, expect, it } from 'vitest'
import { SettleTracker } from './settle-tracker.ts'

describe('SettleTracker', () => {
  it('is at now when empty', () => {
    const clock = { t: 5 }
    const tracker = new SettleTracker(() => clock.t)
    expect(tracker.lowWater()).toBe(5)
  })

  it('holds the low water at the oldest unsettled entry until all its calls are settled', () => {
    const clock = { t: 10 }
    const tracker = new SettleTracker(() => clock.t)
    const a = tracker.open()
    clock.t = 20
    const b = tracker.open()
    tracker.add(a, 2)
    tracker.settle(a) // the insert itself
    clock.t = 30
    expect(tracker.lowWater()).toBe(10)
    tracker.settle(b)
    expect(tracker.lowWater()).toBe(10)
    tracker.settle(a, 2)
    expect(tracker.lowWater()).toBe(30)
    expect(tracker.size).toBe(0)
  })

  it('forgets cancelled work and ignores unknown ids', () => {
    const tracker = new SettleTracker(() => 1)
    const id = tracker.open()
    tracker.cancel(id)
    tracker.settle(id)
    tracker.add(99, 3)
    expect(tracker.size).toBe(0)
  })
})

import { describe, expect, it } from 'vitest'
import { IngestBudget } from './ingest-budget.ts'

describe('IngestBudget', () => {
  it('bounds rows, letting one oversized request into an empty budget', () => {
    const budget = new IngestBudget(100)
    expect(budget.tryReserve(0)).toBe(true)
    expect(budget.tryReserve(150)).toBe(true)
    expect(budget.tryReserve(1)).toBe(false)
    budget.release(150)
    expect(budget.tryReserve(60)).toBe(true)
    expect(budget.tryReserve(50)).toBe(false)
    expect(budget.depth).toBe(60)
  })

  it('refuses by time once the measured insert rate says the wait would pass maxWaitMs', () => {
    const budget = new IngestBudget(1_000_000, 5_000)
    expect(budget.estimatedWaitMs(10_000)).toBe(0)
    budget.noteInsert(1_000, 1) // 1,000 rows/s
    expect(budget.tryReserve(4_000)).toBe(true) // first request: nothing queued ahead of it
    expect(budget.estimatedWaitMs(500)).toBe(4_500)
    expect(budget.tryReserve(500)).toBe(true)
    expect(budget.tryReserve(600)).toBe(false) // 5.1 s behind the queue
    budget.release(4_500)
    expect(budget.tryReserve(600)).toBe(true)
  })

  it('ignores empty or instant inserts in the rate', () => {
    const budget = new IngestBudget(10, 1)
    budget.noteInsert(0, 1)
    budget.noteInsert(10, 0)
    expect(budget.estimatedWaitMs(5)).toBe(0)
  })
})

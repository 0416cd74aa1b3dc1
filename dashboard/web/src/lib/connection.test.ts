import { afterEach, describe, expect, it, vi } from 'vitest'
import { connectionState, probeDelay, reportReachable, reportUnreachable, watchRecovery } from './connection.ts'

afterEach(() => {
  reportReachable()
  vi.useRealTimers()
})

describe('probeDelay', () => {
  it('doubles from 1 s and stops at 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 9].map(probeDelay)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000])
  })
})

describe('watchRecovery', () => {
  it('probes with backoff while offline and recovers once the probe succeeds', async () => {
    vi.useFakeTimers()
    let answers = [false, false, true]
    const probe = vi.fn(async () => answers.shift() ?? true)
    const recovered = vi.fn()
    const stop = watchRecovery(probe, recovered)
    expect(probe).not.toHaveBeenCalled()
    reportUnreachable()
    expect(connectionState().online).toBe(false)
    await vi.advanceTimersByTimeAsync(1000)
    expect(probe).toHaveBeenCalledTimes(1)
    expect(connectionState().attempts).toBe(1)
    await vi.advanceTimersByTimeAsync(1999)
    expect(probe).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(probe).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(4000)
    expect(probe).toHaveBeenCalledTimes(3)
    expect(connectionState().online).toBe(true)
    expect(recovered).toHaveBeenCalledTimes(1)
    answers = []
    await vi.advanceTimersByTimeAsync(60_000)
    expect(probe).toHaveBeenCalledTimes(3)
    stop()
  })
})

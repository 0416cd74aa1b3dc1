import { afterEach, describe, expect, it, vi } from 'vitest'
import { connectionState, probeDelay, reportReachable, reportUnreachable, watchRecovery } from './connection.ts'

afterEach(() => {
  reportReachable()
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('probeDelay', () => {
  it('waits up to 1 s, 2 s, 4 s … 30 s, jittered', () => {
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.5)
    expect([0, 1, 2, 3, 4, 5, 9].map(probeDelay)).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000])
    random.mockRestore()
    expect(probeDelay(0)).toBeLessThanOrEqual(1_000)
    expect(probeDelay(9)).toBeLessThanOrEqual(30_000)
  })
})

describe('watchRecovery', () => {
  it('probes with backoff while offline and recovers once the probe succeeds', async () => {
    vi.useFakeTimers()
    vi.spyOn(Math, 'random').mockReturnValue(0.5)
    let answers = [false, false, true]
    const probe = vi.fn(async () => answers.shift() ?? true)
    const recovered = vi.fn()
    const stop = watchRecovery(probe, recovered)
    expect(probe).not.toHaveBeenCalled()
    reportUnreachable()
    expect(connectionState().online).toBe(false)
    await vi.advanceTimersByTimeAsync(500)
    expect(probe).toHaveBeenCalledTimes(1)
    expect(connectionState().attempts).toBe(1)
    await vi.advanceTimersByTimeAsync(999)
    expect(probe).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(probe).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(2000)
    expect(probe).toHaveBeenCalledTimes(3)
    expect(connectionState().online).toBe(true)
    expect(recovered).toHaveBeenCalledTimes(1)
    answers = []
    await vi.advanceTimersByTimeAsync(60_000)
    expect(probe).toHaveBeenCalledTimes(3)
    stop()
  })
})

import { describe, expect, it } from 'vitest'
import { RecentRequests, requestToken } from './recent-requests.ts'

describe('requestToken', () => {
  it('is the same for the same signal and bytes, and differs otherwise', () => {
    const body = new TextEncoder().encode('{"resourceLogs":[]}')
    expect(requestToken('logs', body)).toBe(requestToken('logs', Uint8Array.from(body)))
    expect(requestToken('traces', body)).not.toBe(requestToken('logs', body))
    expect(requestToken('logs', new Uint8Array())).toMatch(/^[0-9a-f]{32}$/)
  })
})

describe('RecentRequests', () => {
  it('answers a retry of a stored request, waits on one in progress, forgets a failed one', async () => {
    const clock = { t: 0 }
    const recent = new RecentRequests({ ttlMs: 1_000, now: () => clock.t })
    expect(recent.find('a')).toBeUndefined()
    let finish!: (r: { rejected: number; message: string }) => void
    recent.begin('a', new Promise((resolve) => (finish = resolve)))
    const waiting = recent.find('a')
    expect(waiting).toBeInstanceOf(Promise)
    finish({ rejected: 0, message: '' })
    recent.stored('a', { rejected: 0, message: '' })
    await expect(waiting).resolves.toEqual({ rejected: 0, message: '' })
    expect(recent.find('a')).toEqual({ rejected: 0, message: '' })
    recent.begin('b', Promise.resolve({ rejected: 0, message: '' }))
    recent.forget('b')
    expect(recent.find('b')).toBeUndefined()
    clock.t = 1_001
    expect(recent.find('a')).toBeUndefined()
  })

  it('keeps at most maxEntries, forgetting the oldest', () => {
    const recent = new RecentRequests({ maxEntries: 2 })
    for (const token of ['a', 'b', 'c']) recent.stored(token, { rejected: 0, message: '' })
    expect(recent.size).toBe(2)
    expect(recent.find('a')).toBeUndefined()
    expect(recent.find('c')).toBeDefined()
  })
})

import { describe, expect, it } from 'vitest'
import { PairingMemory } from './pairing-memory.ts'

const WINDOW = 5_000
const REMEMBER = 600_000

describe('PairingMemory', () => {
  it('holds a new service during its probation window, then lets an unpaired one through', () => {
    const memory = new PairingMemory({ windowMs: WINDOW, rememberMs: REMEMBER })
    expect(memory.shouldWait('logs-only', 0)).toBe(true)
    expect(memory.shouldWait('logs-only', WINDOW - 1)).toBe(true)
    expect(memory.shouldWait('logs-only', WINDOW)).toBe(false)
    expect(memory.shouldWait('logs-only', REMEMBER - 1)).toBe(false)
  })

  it('keeps holding a service that pairs, and forgets it once pairs stop for rememberMs', () => {
    const memory = new PairingMemory({ windowMs: WINDOW, rememberMs: REMEMBER })
    memory.shouldWait('both', 0)
    memory.notePaired('both', 1_000)
    expect(memory.shouldWait('both', 60_000)).toBe(true)
    expect(memory.shouldWait('both', 1_000 + REMEMBER - 1)).toBe(true)
    // Pairs stopped: a fresh probation starts, and without a pair it ends after the window.
    expect(memory.shouldWait('both', 1_000 + REMEMBER + 1)).toBe(true)
    expect(memory.shouldWait('both', 1_000 + REMEMBER + WINDOW + 1)).toBe(false)
  })

  it('caps the calls held on probation, so a burst from a new service stays bounded', () => {
    const memory = new PairingMemory({ windowMs: WINDOW, probationMax: 3 })
    expect([0, 1, 2, 3, 4].map((t) => memory.shouldWait('burst', t))).toEqual([true, true, true, false, false])
  })

  it('puts an unpaired service on probation again every rememberMs, to notice a second signal', () => {
    const memory = new PairingMemory({ windowMs: WINDOW, rememberMs: REMEMBER })
    memory.shouldWait('late-spans', 0)
    expect(memory.shouldWait('late-spans', WINDOW + 1)).toBe(false)
    expect(memory.shouldWait('late-spans', REMEMBER)).toBe(true)
    memory.notePaired('late-spans', REMEMBER + 10)
    expect(memory.shouldWait('late-spans', REMEMBER + WINDOW + 100)).toBe(true)
  })

  it('forgets the least recently seen service past maxServices', () => {
    const memory = new PairingMemory({ windowMs: WINDOW, maxServices: 2 })
    memory.notePaired('a', 0)
    memory.shouldWait('b', 0)
    memory.shouldWait('a', 1)
    memory.shouldWait('c', 2)
    expect(memory.shouldWait('a', WINDOW + 10)).toBe(true)
    // b was evicted: it starts a fresh probation.
    expect(memory.shouldWait('b', WINDOW + 10)).toBe(true)
  })
})

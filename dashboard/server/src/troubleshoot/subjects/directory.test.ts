import { describe, expect, it } from 'vitest'
import { createCachedDirectory } from './directory.ts'
import { NOT_FOUND, SourceUnavailableError, type SourceAnswer } from './record.ts'
import type { SubjectSource } from './source.ts'

const CACHE = { ttlSeconds: 300, negativeTtlSeconds: 60, maxEntries: 3 }

/** A source answering from a map, counting its lookups; `down` makes it unavailable. */
function fakeSource(users: Record<string, SourceAnswer>) {
  const state = { calls: 0, down: false, delayMs: 0 }
  const source: SubjectSource = {
    kind: 'file',
    target: 'users.csv',
    async lookup(subject) {
      state.calls++
      if (state.delayMs) await new Promise((resolve) => setTimeout(resolve, state.delayMs))
      if (state.down) throw new SourceUnavailableError('users.csv: file not found')
      return users[subject] ?? NOT_FOUND
    },
  }
  return { source, state }
}

const active: SourceAnswer = { found: true, state: 'active', deletedAt: null, tenant: 'acme' }

describe('createCachedDirectory', () => {
  it('answers from the source, then from the cache until the TTL passes', async () => {
    let now = 1_000_000
    const { source, state } = fakeSource({ u1: active })
    const directory = createCachedDirectory(source, CACHE, { clock: () => now })
    expect(await directory.lookup('u1')).toMatchObject({ state: 'active', tenant: 'acme', cached: false, checkedAt: 1_000_000 })
    now += 299_000
    expect(await directory.lookup('u1')).toMatchObject({ state: 'active', cached: true, checkedAt: 1_000_000 })
    expect(state.calls).toBe(1)
    now += 2_000
    expect(await directory.lookup('u1')).toMatchObject({ cached: false })
    expect(state.calls).toBe(2)
    expect(directory.info().cache).toMatchObject({ hits: 1, misses: 2, entries: 1 })
  })

  it('remembers "not found" for the shorter negative TTL', async () => {
    let now = 0
    const { source, state } = fakeSource({})
    const directory = createCachedDirectory(source, CACHE, { clock: () => now })
    expect((await directory.lookup('ghost')).state).toBe('not_found')
    now += 59_000
    expect(await directory.lookup('ghost')).toMatchObject({ state: 'not_found', cached: true })
    now += 2_000
    await directory.lookup('ghost')
    expect(state.calls).toBe(2)
  })

  it('answers unavailable when the source is down, never caches it, and recovers', async () => {
    const { source, state } = fakeSource({ u1: active })
    const directory = createCachedDirectory(source, CACHE)
    state.down = true
    const verdict = await directory.lookup('u1')
    expect(verdict).toMatchObject({ state: 'unavailable', error: 'users.csv: file not found', cached: false })
    expect(verdict.explanation).toMatch(/could not answer/)
    state.down = false
    expect((await directory.lookup('u1')).state).toBe('active')
    expect(state.calls).toBe(2)
  })

  it('keeps at most maxEntries, dropping the least recently used', async () => {
    const { source, state } = fakeSource({ a: active, b: active, c: active, d: active })
    const directory = createCachedDirectory(source, CACHE)
    for (const s of ['a', 'b', 'c']) await directory.lookup(s)
    await directory.lookup('a') // a is now the most recent
    await directory.lookup('d') // evicts b
    expect(directory.info().cache?.entries).toBe(3)
    const before = state.calls
    await directory.lookup('a')
    expect(state.calls).toBe(before)
    await directory.lookup('b')
    expect(state.calls).toBe(before + 1)
  })

  it('shares one source request between concurrent lookups of a subject', async () => {
    const { source, state } = fakeSource({ u1: active })
    state.delayMs = 20
    const directory = createCachedDirectory(source, CACHE)
    const verdicts = await Promise.all([directory.lookup('u1'), directory.lookup('u1'), directory.lookup('u1')])
    expect(verdicts.map((v) => v.state)).toEqual(['active', 'active', 'active'])
    expect(state.calls).toBe(1)
  })

  it('looks up a batch in order, duplicates once', async () => {
    const { source, state } = fakeSource({ u1: active })
    const directory = createCachedDirectory(source, CACHE)
    const verdicts = await directory.lookupMany([{ subject: 'u1' }, { subject: 'ghost' }, { subject: 'u1', tokenTenant: 'globex' }])
    expect(verdicts.map((v) => [v.subject, v.state])).toEqual([['u1', 'active'], ['ghost', 'not_found'], ['u1', 'active']])
    expect(state.calls).toBe(2)
    expect(verdicts[2]!.explanation).toMatch(/tenant acme while the token says globex/)
    expect(await directory.lookupMany([])).toEqual([])
  })

  it('tells a present subject of another tenant from the token\'s tenant', async () => {
    const { source } = fakeSource({ u1: active })
    const directory = createCachedDirectory(source, CACHE)
    expect((await directory.lookup('u1', { tokenTenant: 'globex' })).explanation).toMatch(/tenant acme while the token says globex/)
    expect((await directory.lookup('u1', { tokenTenant: 'acme' })).explanation).toMatch(/another tenant or environment/)
  })

  it('does not cache at all with TTLs of 0', async () => {
    const { source, state } = fakeSource({ u1: active })
    const directory = createCachedDirectory(source, { ttlSeconds: 0, negativeTtlSeconds: 0, maxEntries: 10 })
    await directory.lookup('u1')
    await directory.lookup('u1')
    expect(state.calls).toBe(2)
    expect(directory.info().cache?.entries).toBe(0)
  })
})

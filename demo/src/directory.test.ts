import { describe, expect, it } from 'vitest'
import { ManualClock } from './clock.ts'
import { demoUserId, seedDirectory, UserDirectory } from './directory.ts'

function seeded(clock = new ManualClock()): UserDirectory {
  const directory = new UserDirectory(clock)
  seedDirectory(directory, ['acme', 'globex'], 2)
  return directory
}

describe('UserDirectory', () => {
  it('forgets a deleted user for the gateway but remembers when it was deleted', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 15, 12))
    const directory = seeded(clock)
    const id = demoUserId('acme', 0)
    clock.advance(5_000)
    expect(directory.delete(id)?.tenant).toBe('acme')
    expect(directory.get(id)).toBeUndefined()
    expect(directory.list('acme').map((user) => user.id)).toEqual([demoUserId('acme', 1)])
    expect(directory.lookup(id)).toEqual({ user: expect.objectContaining({ id, tenant: 'acme' }), deletedAt: Date.UTC(2026, 0, 15, 12, 0, 5) })
  })

  it('deletes a whole tenant and restores it, tombstones gone', () => {
    const directory = seeded()
    const removed = directory.deleteTenant('globex')
    expect(removed).toHaveLength(2)
    expect(directory.tenants()).toEqual(['acme'])
    expect(directory.lookup(demoUserId('globex', 1))?.deletedAt).toEqual(expect.any(Number))
    directory.restore(removed)
    expect(directory.lookup(demoUserId('globex', 1))).toEqual({ user: expect.objectContaining({ status: 'active' }) })
    expect(directory.get(demoUserId('globex', 1))?.tenant).toBe('globex')
  })

  it('knows nothing of a sub it never had, and deleting one changes nothing', () => {
    const directory = seeded()
    expect(directory.lookup('nobody')).toBeUndefined()
    expect(directory.delete('nobody')).toBeUndefined()
    expect(directory.lookup('nobody')).toBeUndefined()
  })

  it('adding a user again clears its deletion', () => {
    const directory = seeded()
    const user = directory.delete(demoUserId('acme', 0))!
    directory.add(user)
    expect(directory.lookup(user.id)?.deletedAt).toBeUndefined()
  })
})

import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { FileSubjectSourceSchema } from '@claimcheck/shared'
import { createSubjectDirectory } from './index.ts'
import { createFileSource } from './file-source.ts'

const dir = mkdtempSync(join(tmpdir(), 'claimcheck-subjects-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const reader = undefined as never
const config = (path: string, extra: Record<string, unknown> = {}) => FileSubjectSourceSchema.parse({ kind: 'file', path, ...extra })

/** A clock the test moves, so the file's 2 s re-check is not waited for. */
function testClock() {
  const clock = { now: 1_000_000 }
  return { clock, tick: () => (clock.now += 5_000), read: () => clock.now }
}

describe('createFileSource (CSV)', () => {
  const path = join(dir, 'users.csv')
  writeFileSync(path, 'sub,status,deletedAt,tenant\nu-1,active,,acme\nu-2,disabled,,acme\nu-3,active,2025-03-01T10:00:00Z,globex\n"u,4",deleted,,\n')

  it('answers active, disabled, deleted (with when) and not found', async () => {
    const source = createFileSource(config(path))
    expect(await source.lookup('u-1')).toEqual({ found: true, state: 'active', deletedAt: null, tenant: 'acme' })
    expect(await source.lookup('u-2')).toMatchObject({ state: 'disabled' })
    expect(await source.lookup('u-3')).toMatchObject({ state: 'deleted', deletedAt: Date.UTC(2025, 2, 1, 10) })
    expect(await source.lookup('u,4')).toMatchObject({ state: 'deleted', deletedAt: null })
    expect(await source.lookup('nobody')).toEqual({ found: false })
  })

  it('answers lookups made while the file is still loading', async () => {
    const source = createFileSource(config(path))
    const answers = await Promise.all(['u-1', 'u-2', 'nobody'].map((s) => source.lookup(s)))
    expect(answers.map((a) => (a.found ? a.state : 'not found'))).toEqual(['active', 'disabled', 'not found'])
  })

  it('reads other column names through the field mapping', async () => {
    const mapped = join(dir, 'mapped.csv')
    writeFileSync(mapped, 'user_id,state,removed_at\n42,banned,\n43,ok,1700000000\n')
    const source = createFileSource(config(mapped, { fields: { sub: 'user_id', status: 'state', deletedAt: 'removed_at' } }))
    expect(await source.lookup('42')).toMatchObject({ state: 'disabled' })
    expect(await source.lookup('43')).toMatchObject({ state: 'deleted', deletedAt: 1_700_000_000_000 })
  })

  it('re-reads the file when it changes', async () => {
    const changing = join(dir, 'changing.csv')
    writeFileSync(changing, 'sub,status\nu-1,active\n')
    const { clock, tick, read } = testClock()
    const source = createFileSource(config(changing), read)
    expect(await source.lookup('u-9')).toEqual({ found: false })
    writeFileSync(changing, 'sub,status\nu-1,active\nu-9,disabled\n')
    utimesSync(changing, new Date(), new Date(clock.now + 60_000))
    tick()
    expect(await source.lookup('u-9')).toMatchObject({ state: 'disabled' })
  })

  it('keeps the last good content when the file turns invalid, and is unavailable when it never loaded', async () => {
    const flaky = join(dir, 'flaky.csv')
    writeFileSync(flaky, 'sub,status\nu-1,active\n')
    const { clock, tick, read } = testClock()
    const source = createFileSource(config(flaky), read)
    expect(await source.lookup('u-1')).toMatchObject({ state: 'active' })
    writeFileSync(flaky, 'sub,status\n"u-1,active\n')
    utimesSync(flaky, new Date(), new Date(clock.now + 60_000))
    tick()
    expect(await source.lookup('u-1')).toMatchObject({ state: 'active' })
    const missing = createFileSource(config(join(dir, 'missing.csv')))
    await expect(missing.lookup('u-1')).rejects.toThrow(/missing\.csv: file not found/)
  })
})

describe('createFileSource (JSON)', () => {
  it('reads an array of records, or an object holding one, with dotted fields', async () => {
    const array = join(dir, 'users.json')
    writeFileSync(array, JSON.stringify([{ sub: 'a', status: 'active', org: { id: 'acme' } }, { sub: 'b', status: 'deleted', deletedAt: 1_700_000_000 }]))
    const source = createFileSource(config(array, { fields: { tenant: 'org.id' } }))
    expect(await source.lookup('a')).toEqual({ found: true, state: 'active', deletedAt: null, tenant: 'acme' })
    expect(await source.lookup('b')).toMatchObject({ state: 'deleted', deletedAt: 1_700_000_000_000 })
    const wrapped = join(dir, 'wrapped.json')
    writeFileSync(wrapped, JSON.stringify({ users: [{ sub: 'c', status: 'suspended' }] }))
    expect(await createFileSource(config(wrapped)).lookup('c')).toMatchObject({ state: 'disabled' })
  })

  it('is unavailable with a clear reason for malformed JSON', async () => {
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, '{"users": [')
    await expect(createFileSource(config(bad)).lookup('a')).rejects.toThrow(/bad\.json: invalid JSON/)
    const scalar = join(dir, 'scalar.json')
    writeFileSync(scalar, '42')
    await expect(createFileSource(config(scalar)).lookup('a')).rejects.toThrow(/expected an array/)
  })
})

describe('file directory with caching', () => {
  it('serves cached answers and reports a missing file as unavailable, not as not found', async () => {
    const path = join(dir, 'cached.csv')
    writeFileSync(path, 'sub,status\nu-1,active\n')
    const directory = createSubjectDirectory(config(path), { reader })!
    expect(await directory.lookup('u-1')).toMatchObject({ state: 'active', cached: false, source: 'file' })
    expect(await directory.lookup('u-1')).toMatchObject({ state: 'active', cached: true })
    const gone = createSubjectDirectory(config(join(dir, 'nope.csv')), { reader })!
    expect(await gone.lookup('u-1')).toMatchObject({ state: 'unavailable', error: expect.stringContaining('file not found') })
    expect(gone.info()).toMatchObject({ configured: true, kind: 'file', target: join(dir, 'nope.csv') })
  })
})

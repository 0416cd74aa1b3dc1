import type { ClickHouseClient } from '@clickhouse/client'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { TableWriter, toJsonCompactEachRow } from './table-writer.ts'

/** A client whose inserts complete when the test says so; it records the rows of each insert. */
function fakeClient() {
  const inserts: { rows: number; done: () => void; fail: (error: Error) => void }[] = []
  const client = {
    command: ({ query }: { query: string }) =>
      new Promise<void>((resolve, reject) => {
        inserts.push({ rows: query.split('\n').length - 2, done: () => resolve(), fail: reject })
      }),
  } as unknown as ClickHouseClient
  return { client, inserts }
}

const rows = (n: number) => Array.from({ length: n }, (_, i) => [i, `r${i}`])
const tick = () => new Promise((resolve) => setImmediate(resolve))

afterEach(() => {
  vi.useRealTimers()
})

describe('TableWriter', () => {
  it('inserts at once when idle, and batches what arrives during an insert into the next one', async () => {
    const { client, inserts } = fakeClient()
    const writer = new TableWriter({ client, table: 't', columns: ['a', 'b'], maxRows: 1000, minIntervalMs: 0 })
    const first = writer.write(rows(3))
    expect(inserts.map((i) => i.rows)).toEqual([3])
    const second = writer.write(rows(4))
    const third = writer.write(rows(5))
    expect(inserts).toHaveLength(1)
    expect(writer.queuedRows).toBe(9)
    inserts[0]!.done()
    await first
    await tick()
    expect(inserts.map((i) => i.rows)).toEqual([3, 9])
    inserts[1]!.done()
    await Promise.all([second, third])
    expect(writer.queuedRows).toBe(0)
  })

  it('caps a batch at maxRows, whole requests only', async () => {
    const { client, inserts } = fakeClient()
    const writer = new TableWriter({ client, table: 't', columns: ['a', 'b'], maxRows: 10, minIntervalMs: 0 })
    void writer.write(rows(2))
    const pending = [writer.write(rows(6)), writer.write(rows(6)), writer.write(rows(12))]
    inserts[0]!.done()
    await tick()
    inserts[1]!.done()
    await tick()
    inserts[2]!.done()
    await tick()
    inserts[3]!.done()
    await Promise.all(pending)
    expect(inserts.map((i) => i.rows)).toEqual([2, 6, 6, 12])
  })

  it('spaces inserts minIntervalMs apart when requests trickle in', async () => {
    vi.useFakeTimers()
    let now = 0
    const { client, inserts } = fakeClient()
    const writer = new TableWriter({ client, table: 't', columns: ['a', 'b'], maxRows: 1000, minIntervalMs: 100, now: () => now })
    void writer.write(rows(1))
    inserts[0]!.done()
    await vi.advanceTimersByTimeAsync(0)
    now = 30
    void writer.write(rows(1))
    now = 60
    void writer.write(rows(1))
    expect(inserts).toHaveLength(1)
    now = 100
    await vi.advanceTimersByTimeAsync(70)
    expect(inserts.map((i) => i.rows)).toEqual([1, 2])
  })

  it('flush writes what is queued without waiting for the interval', async () => {
    const { client, inserts } = fakeClient()
    const writer = new TableWriter({ client, table: 't', columns: ['a', 'b'], maxRows: 1000, minIntervalMs: 60_000 })
    void writer.write(rows(1))
    void writer.write(rows(2))
    const flushed = writer.flush()
    inserts[0]!.done()
    await tick()
    expect(inserts.map((i) => i.rows)).toEqual([1, 2])
    inserts[1]!.done()
    await flushed
    expect(writer.queuedRows).toBe(0)
  })

  it('rejects the writes of a failed insert and goes on with the next batch', async () => {
    const { client, inserts } = fakeClient()
    const writer = new TableWriter({ client, table: 't', columns: ['a', 'b'], maxRows: 1000, minIntervalMs: 0 })
    const failed = writer.write(rows(1))
    const next = writer.write(rows(2))
    inserts[0]!.fail(new Error('boom'))
    await expect(failed).rejects.toThrow('boom')
    await tick()
    inserts[1]!.done()
    await expect(next).resolves.toBeUndefined()
  })

  it('ignores empty writes', async () => {
    const { client, inserts } = fakeClient()
    const writer = new TableWriter({ client, table: 't', columns: ['a'], maxRows: 10, minIntervalMs: 0 })
    await writer.write([])
    expect(inserts).toHaveLength(0)
  })
})

describe('toJsonCompactEachRow', () => {
  it('writes one JSON array per line', () => {
    expect(toJsonCompactEachRow([[1, 'a'], [2, { k: 'v' }]])).toBe('[1,"a"]\n[2,{"k":"v"}]\n')
    expect(toJsonCompactEachRow([])).toBe('')
  })
})

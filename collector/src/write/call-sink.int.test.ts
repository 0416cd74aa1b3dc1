import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backoffDelay, StoreConfigSchema } from '@claimcheck/shared'
import { openStore, type Store } from '@claimcheck/shared/node'
import { createCollectorMetrics } from '../metrics.ts'
import { createCallSink } from './call-sink.ts'
import { STORE_RETRY_BACKOFF } from './store-insert.ts'

// A failed gateway_calls insert is retried as the same batch until it is stored, waiting a
// full-jitter delay (shared/src/retry) between attempts: the engine refuses the insert for real
// (the table does not exist yet) until the test creates the table during the third wait.

let store: Store
const logger = pino({ level: 'silent' })

beforeAll(async () => {
  store = await openStore(StoreConfigSchema.parse({ dataDir: mkdtempSync(join(tmpdir(), 'claimcheck-call-sink-')) }))
})
afterAll(async () => {
  await store?.close()
})

async function runFailingTwice(table: string, random: () => number) {
  const waits: number[] = []
  const stored: number[] = []
  const outcomes: boolean[] = []
  const sink = createCallSink<number>({
    client: store.writer,
    table,
    columns: ['n'],
    maxRows: 100,
    minIntervalMs: 0,
    toRow: (n) => ({ row: [n], cause: '' }),
    onStored: (candidates) => stored.push(...candidates),
    metrics: createCollectorMetrics(),
    logger,
    onInsert: (error) => outcomes.push(error === undefined),
    random,
    sleep: async (ms) => {
      waits.push(ms)
      if (waits.length === 3) await store.writer.command({ query: `CREATE TABLE ${table} (n UInt32) ENGINE = MergeTree ORDER BY n` })
    },
  })
  sink.write([1, 2, 3])
  await sink.settled()
  const rows = await (await store.reader.query({ query: `SELECT n FROM ${table} ORDER BY n`, format: 'JSONEachRow' })).json<{ n: number }>()
  return { waits, stored, outcomes, rows: rows.map((row) => row.n), failing: sink.failing }
}

describe('createCallSink', () => {
  it('retries a refused insert with the shared full-jitter delays until the batch is stored once', async () => {
    const run = await runFailingTwice('sink_half', () => 0.5)
    expect(run.waits).toEqual([1, 2, 3].map((attempt) => backoffDelay(attempt, STORE_RETRY_BACKOFF, () => 0.5)))
    expect(run.waits).toEqual([125, 250, 500])
    expect(run.outcomes).toEqual([false, false, false, true])
    expect(run.stored).toEqual([1, 2, 3])
    expect(run.rows).toEqual([1, 2, 3])
    expect(run.failing).toBe(false)
  })

  it('draws each wait from the jitter source, not from a fixed schedule', async () => {
    // The old fixed schedule waited 250, 500, 1000 ms whatever the random source said.
    expect((await runFailingTwice('sink_zero', () => 0)).waits).toEqual([0, 0, 0])
    expect((await runFailingTwice('sink_top', () => 0.999_999)).waits).toEqual([250, 500, 1_000])
  })
})

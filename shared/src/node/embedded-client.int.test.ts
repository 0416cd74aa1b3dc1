import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient, type ClickHouseClient } from '@clickhouse/client'
import { createChdbConnection } from 'chdb/connection'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { StoreConfigSchema } from '../config.ts'
import { openStore, type Store } from './store.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'claimcheck-embedded-client-'))
let store: Store
/** A plain chDB client on the same engine: its parameters go through chDB's binding. */
let bound: ClickHouseClient

const rows = async <T>(client: ClickHouseClient, query: string, params: Record<string, unknown>) =>
  (await client.query({ query, query_params: params, format: 'JSONEachRow' })).json<T>()

beforeAll(async () => {
  store = await openStore(StoreConfigSchema.parse({ dataDir }))
  bound = createClient({ connection: createChdbConnection({ path: dataDir }) as never })
})
afterAll(async () => {
  await bound?.close()
  await store?.close()
})

describe('the embedded client', () => {
  it('gives the values and types the parameter binding gives', async () => {
    const cases: [unknown, string][] = [
      ["it's \\ a {p1:String} 'quote'\n\ttab é 😀", 'String'], ['', 'String'], [4_294_967_295, 'UInt32'], ['-9223372036854775808', 'Int64'],
      [18_446_744_073_709_551_615n, 'UInt64'], [7, 'UInt16'], [255, 'UInt8'], [0.125, 'Float64'], [['a', "b'c", ''], 'Array(String)'],
      [[], 'Array(String)'], [[1, 65_535], 'Array(UInt16)'], [[0, 9], 'Array(UInt8)'], [['2026-12-04 18:00:00', '1700000000'], 'Array(DateTime)'],
    ]
    for (const [value, type] of cases) {
      const query = `SELECT {p0:${type}} AS v, toTypeName({p0:${type}}) AS t, '{p0:${type}}' AS text`
      expect(await rows(store.reader, query, { p0: value }), `${type} ${String(value)}`).toEqual(await rows(bound, query, { p0: value }))
    }
  })

  it('answers a statement whose values are longer than the engine parses inline', async () => {
    const tokens = Array.from({ length: 8_000 }, (_, i) => `token-${i}`.padEnd(40, '0'))
    const [row] = await rows<{ n: string }>(store.reader, 'SELECT length({p0:Array(String)}) AS n', { p0: tokens })
    expect(Number(row?.n)).toBe(8_000)
  })

  it('runs parameterized reads side by side instead of one after the other', async () => {
    const marker = `side-by-side-${Date.now()}`
    const long = rows(store.reader, `SELECT /* ${marker} */ sleepEachRow(0.25) FROM numbers(10) WHERE {p0:String} != '' SETTINGS max_block_size = 1`, { p0: marker })
    let finished = false
    void long.then(() => (finished = true))
    let seenWhileRunning = false
    while (!finished && !seenWhileRunning) {
      const [row] = await rows<{ n: string }>(store.reader, `SELECT count() AS n FROM system.processes WHERE position(query, {p0:String}) > 0 AND position(query, 'system.processes') = 0`, { p0: marker })
      seenWhileRunning = Number(row?.n) > 0 && !finished
    }
    await long
    expect(seenWhileRunning).toBe(true)
  })

  it('keeps the primary key usable with inlined constants', async () => {
    await store.writer.command({ query: 'CREATE TABLE keyed (k String, n UInt32) ENGINE = MergeTree ORDER BY k SETTINGS index_granularity = 128' })
    await store.writer.command({ query: "INSERT INTO keyed SELECT concat('key-', toString(number % 100)), number FROM numbers(100000)" })
    const explain = async (client: ClickHouseClient) => (await client.query({
      query: 'EXPLAIN indexes = 1 SELECT sum(n) FROM keyed WHERE k = {p0:String}', query_params: { p0: 'key-42' }, format: 'TabSeparatedRaw',
    })).text()
    const granules = (plan: string) => /Granules: (\d+\/\d+)/.exec(plan.slice(plan.indexOf('PrimaryKey')))?.[1]
    const inlined = await explain(store.reader)
    expect(granules(inlined)).toBe(granules(await explain(bound)))
    const [selected, total] = granules(inlined)!.split('/').map(Number)
    expect(selected).toBeLessThan(total! / 10)
  })
})

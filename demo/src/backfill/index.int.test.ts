import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigSchema } from '@claimcheck/shared'
import { openStore, runMigrations, type Store } from '@claimcheck/shared/node'
import { SCENARIOS } from '../scenarios/catalog.ts'
import { backfill } from './index.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'claimcheck-backfill-'))
let store: Store

beforeAll(async () => {
  const config = ConfigSchema.parse({ store: { dataDir } })
  store = await openStore(config.store)
  await runMigrations(store.writer, { database: store.database }, config.retention)
})
afterAll(async () => {
  await store?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

async function rows<T>(query: string): Promise<T[]> {
  return (await store.reader.query({ query, format: 'JSONEachRow' })).json<T>()
}

describe('backfill', () => {
  it('writes nothing for zero days', async () => {
    expect((await backfill(store, { days: 0 })).rows).toBe(0)
  })

  it('writes seasonal history whose incidents come out with their scenario’s cause', async () => {
    // Recent history (rows older than the retention, 90 days, are dropped by the table's TTL), and
    // two weekdays of it: weekends run at 0.45 of a weekday, so a run on a Sunday wrote 46k rows.
    const endMs = lastThursdayMidnight(Date.now())
    const result = await backfill(store, { days: 2, ratePerSecond: 0.5, endMs, batchRows: 20_000 })
    expect(result.rows).toBeGreaterThan(50_000)
    expect(result.incidents.map((incident) => incident.name)).toEqual(expect.arrayContaining(['user-migration', 'stale-tokens']))
    const [stored] = await rows<{ n: string; first: string; last: string }>('SELECT count() AS n, min(Timestamp) AS first, max(Timestamp) AS last FROM gateway_calls')
    expect(Number(stored!.n)).toBe(result.rows)
    expect(new Date(`${stored!.first}Z`).getTime()).toBeGreaterThanOrEqual(result.fromMs)
    expect(new Date(`${stored!.last}Z`).getTime()).toBeLessThan(result.toMs)
    const verdicts = await rows<{ scenario: string; Cause: string; CauseDetail: string; n: string }>(`
      SELECT Attributes['demo.scenario'] AS scenario, Cause, CauseDetail, count() AS n FROM gateway_calls GROUP BY ALL`)
    for (const row of verdicts) {
      if (row.scenario === '') {
        expect(row.Cause).toBe('')
        continue
      }
      const expected = SCENARIOS.find((scenario) => scenario.name === row.scenario)!.expected
      expect({ scenario: row.scenario, cause: row.Cause }).toEqual({ scenario: row.scenario, cause: expected.cause })
      if (expected.detail) expect(row.CauseDetail).toBe(expected.detail)
    }
    expect(verdicts.reduce((sum, row) => sum + (row.Cause ? Number(row.n) : 0), 0)).toBe(result.failed)
    // The rollups are fed by materialized views, as for live calls.
    const [rollup] = await rows<{ n: string }>('SELECT sum(Calls) AS n FROM gateway_calls_1m')
    expect(Number(rollup!.n)).toBe(result.rows)
  })

  it('is reproducible for a seed', async () => {
    const endMs = Date.now() - 3 * 86_400_000
    const first = await backfill(store, { days: 0.1, endMs, seed: 9 })
    const second = await backfill(store, { days: 0.1, endMs, seed: 9 })
    expect(second.rows).toBe(first.rows)
    expect(second.failed).toBe(first.failed)
  })
})

/** 00:00 UTC of the latest Thursday at or before `ms`: the two days before it are Tuesday and Wednesday. */
function lastThursdayMidnight(ms: number): number {
  const day = 24 * 60 * 60_000
  let midnight = Math.floor(ms / day) * day
  while (new Date(midnight).getUTCDay() !== 4) midnight -= day
  return midnight
}

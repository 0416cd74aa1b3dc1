import type { ClickHouseClient } from '@clickhouse/client'
import { CALL_ROLLUPS, qualify, TABLES, type DdlContext } from '@claimcheck/shared'
import { CURSOR_KEY } from './cursor.ts'

/** Calls inserted this long before the mark's last move are checked too (clock and batching slack). */
const MARGIN_SECONDS = 120

const ROLLUP_VIEWS: Record<string, string> = {
  [TABLES.callsRollup]: TABLES.callsRollupMv,
  [TABLES.principalsRollup]: TABLES.principalsRollupMv,
  [TABLES.subjectFailuresRollup]: TABLES.subjectFailuresRollupMv,
}

async function rows<T>(client: ClickHouseClient, query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  return (await client.query({ query, query_params: params, format: 'JSONEachRow' })).json<T>()
}

/**
 * After an unclean stop: a kill between the commit of a `gateway_calls` part and the parts its
 * materialized views write leaves those calls stored but not counted. The minutes of the calls
 * inserted since the mark last moved are compared with each rollup, and a minute that differs is
 * rebuilt from `gateway_calls` with the view's own SELECT. Runs before anything else writes.
 * Returns the rebuilt minutes per rollup.
 */
export async function reconcileRollups(client: ClickHouseClient, ctx: DdlContext): Promise<Record<string, string[]>> {
  const calls = qualify(ctx, TABLES.calls)
  const [mark] = await rows<{ at: string }>(client, `SELECT toString(max(UpdatedAt)) AS at FROM ${qualify(ctx, TABLES.meta)} WHERE Key = {key:String}`, { key: CURSOR_KEY })
  const since = { since: mark?.at ?? '1970-01-01 00:00:00', margin: MARGIN_SECONDS }
  const minutes = (await rows<{ m: string }>(client, `SELECT DISTINCT toString(toStartOfMinute(Timestamp)) AS m FROM ${calls}
WHERE IngestedAt >= toDateTime64({since:String}, 3) - toIntervalSecond({margin:UInt32})`, since)).map((r) => r.m)
  const rebuilt: Record<string, string[]> = {}
  if (minutes.length === 0) return rebuilt
  const expected = new Map((await rows<{ m: string; calls: string; failures: string }>(client, `SELECT toString(toStartOfMinute(Timestamp)) AS m, count() AS calls, countIf(Cause != '') AS failures
FROM ${calls} WHERE toStartOfMinute(Timestamp) IN {minutes:Array(DateTime)} GROUP BY m`, { minutes })).map((r) => [r.m, r]))
  for (const rollup of CALL_ROLLUPS) {
    const counted = new Map((await rows<{ m: string; n: string }>(client, `SELECT toString(Minute) AS m, sum(Calls) AS n FROM ${qualify(ctx, rollup)} WHERE Minute IN {minutes:Array(DateTime)} GROUP BY m`, { minutes })).map((r) => [r.m, Number(r.n)]))
    const wrong = minutes.filter((m) => {
      const want = expected.get(m)
      const n = rollup === TABLES.subjectFailuresRollup ? Number(want?.failures ?? 0) : Number(want?.calls ?? 0)
      return (counted.get(m) ?? 0) !== n
    })
    if (wrong.length === 0) continue
    const [view] = await rows<{ as_select: string }>(client, `SELECT as_select FROM system.tables WHERE database = {db:String} AND name = {name:String}`, { db: ctx.database, name: ROLLUP_VIEWS[rollup] })
    const columns = (await rows<{ name: string }>(client, `SELECT name FROM system.columns WHERE database = {db:String} AND table = {table:String} ORDER BY position`, { db: ctx.database, table: rollup }))
      .map((c) => `\`${c.name}\``).join(', ')
    await client.command({ query: `ALTER TABLE ${qualify(ctx, rollup)} DELETE WHERE Minute IN {minutes:Array(DateTime)} SETTINGS mutations_sync = 2`, query_params: { minutes: wrong } })
    await client.command({
      query: `INSERT INTO ${qualify(ctx, rollup)} (${columns}) SELECT ${columns} FROM (${view!.as_select}) WHERE Minute IN {minutes:Array(DateTime)}`,
      query_params: { minutes: wrong },
    })
    rebuilt[rollup] = wrong
  }
  return rebuilt
}

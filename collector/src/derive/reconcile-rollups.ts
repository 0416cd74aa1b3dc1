import type { ClickHouseClient } from '@clickhouse/client'
import { CALL_ROLLUPS, TABLES, type DdlContext } from '@claimcheck/shared'
import { ident, join, param, qualifiedTable, readRows, runCommand, sql, storedViewSelect } from '@claimcheck/shared/node'
import { CURSOR_KEY } from './cursor.ts'

/** Calls inserted this long before the mark's last move are checked too (clock and batching slack). */
const MARGIN_SECONDS = 120

const ROLLUP_VIEWS: Record<string, string> = {
  [TABLES.callsRollup]: TABLES.callsRollupMv,
  [TABLES.principalsRollup]: TABLES.principalsRollupMv,
  [TABLES.subjectFailuresRollup]: TABLES.subjectFailuresRollupMv,
}

/**
 * After an unclean stop: a kill between the commit of a `gateway_calls` part and the parts its
 * materialized views write leaves those calls stored but not counted. The minutes of the calls
 * inserted since the mark last moved are compared with each rollup, and a minute that differs is
 * rebuilt from `gateway_calls` with the view's own SELECT. Runs before anything else writes.
 * Returns the rebuilt minutes per rollup.
 */
export async function reconcileRollups(client: ClickHouseClient, ctx: DdlContext): Promise<Record<string, string[]>> {
  const calls = qualifiedTable(ctx, TABLES.calls)
  const [mark] = await readRows<{ at: string }>(client, sql`SELECT toString(max(UpdatedAt)) AS at FROM ${qualifiedTable(ctx, TABLES.meta)} WHERE Key = ${param(CURSOR_KEY, 'String')}`)
  const since = param(mark?.at ?? '1970-01-01 00:00:00', 'String')
  const minutes = (await readRows<{ m: string }>(client, sql`SELECT DISTINCT toString(toStartOfMinute(Timestamp)) AS m FROM ${calls}
WHERE IngestedAt >= toDateTime64(${since}, 3) - toIntervalSecond(${param(MARGIN_SECONDS, 'UInt32')})`)).map((r) => r.m)
  const rebuilt: Record<string, string[]> = {}
  if (minutes.length === 0) return rebuilt
  const inMinutes = (list: string[]) => param(list, 'Array(DateTime)')
  const expected = new Map((await readRows<{ m: string; calls: string; failures: string }>(client, sql`SELECT toString(toStartOfMinute(Timestamp)) AS m, count() AS calls, countIf(Cause != '') AS failures
FROM ${calls} WHERE toStartOfMinute(Timestamp) IN ${inMinutes(minutes)} GROUP BY m`)).map((r) => [r.m, r]))
  for (const rollup of CALL_ROLLUPS) {
    const table = qualifiedTable(ctx, rollup)
    const counted = new Map((await readRows<{ m: string; n: string }>(client, sql`SELECT toString(Minute) AS m, sum(Calls) AS n FROM ${table} WHERE Minute IN ${inMinutes(minutes)} GROUP BY m`))
      .map((r) => [r.m, Number(r.n)]))
    const wrong = minutes.filter((m) => {
      const want = expected.get(m)
      const n = rollup === TABLES.subjectFailuresRollup ? Number(want?.failures ?? 0) : Number(want?.calls ?? 0)
      return (counted.get(m) ?? 0) !== n
    })
    if (wrong.length === 0) continue
    const db = param(ctx.database, 'String')
    const [view] = await readRows<{ as_select: string }>(client, sql`SELECT as_select FROM system.tables WHERE database = ${db} AND name = ${param(ROLLUP_VIEWS[rollup], 'String')}`)
    const names = await readRows<{ name: string }>(client, sql`SELECT name FROM system.columns WHERE database = ${db} AND table = ${param(rollup, 'String')} ORDER BY position`)
    const columns = join(names.map((c) => sql`${ident(c.name)}`), sql`, `)
    await runCommand(client, sql`ALTER TABLE ${table} DELETE WHERE Minute IN ${inMinutes(wrong)} SETTINGS mutations_sync = 2`)
    await runCommand(client, sql`INSERT INTO ${table} (${columns}) SELECT ${columns} FROM (${storedViewSelect(view!.as_select)}) WHERE Minute IN ${inMinutes(wrong)}`)
    rebuilt[rollup] = wrong
  }
  return rebuilt
}

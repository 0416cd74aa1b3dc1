import type { ClickHouseClient } from '@clickhouse/client'
import { qualify, TABLES, type DdlContext } from '@claimcheck/shared'
import type { RecentRequests } from './recent-requests.ts'

/** Insert column order of `claimcheck_ingest_requests`. */
export const INGEST_REQUEST_COLUMNS = ['Token', 'Signal', 'Rows'] as const

/** How far back a restarted collector remembers stored requests: senders stop retrying well before. */
const REMEMBER_MINUTES = 15

/**
 * Loads the tokens of requests stored in the last minutes, so a sender retrying across a restart
 * (its answer was lost in the crash) is answered without storing the rows twice.
 */
export async function loadRecentRequests(client: ClickHouseClient, ctx: DdlContext, recent: RecentRequests): Promise<number> {
  const result = await client.query({
    query: `SELECT Token, toUnixTimestamp(StoredAt) * 1000 AS at FROM ${qualify(ctx, TABLES.ingestRequests)}
WHERE StoredAt >= now() - toIntervalMinute(${REMEMBER_MINUTES}) ORDER BY StoredAt`,
    format: 'JSONEachRow',
  })
  const rows = await result.json<{ Token: string; at: string | number }>()
  for (const row of rows) recent.stored(row.Token, { rejected: 0, message: '' }, Number(row.at))
  return rows.length
}

import type { ClickHouseClient } from '@clickhouse/client'
import { TABLES, type DdlContext } from '@claimcheck/shared'
import { param, qualifiedTable, readRows, sql } from '@claimcheck/shared/node'
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
  const rows = await readRows<{ Token: string; at: string | number }>(client, sql`SELECT Token, toUnixTimestamp(StoredAt) * 1000 AS at
FROM ${qualifiedTable(ctx, TABLES.ingestRequests)} WHERE StoredAt >= now() - toIntervalMinute(${param(REMEMBER_MINUTES, 'UInt32')}) ORDER BY StoredAt`)
  for (const row of rows) recent.stored(row.Token, { rejected: 0, message: '' }, Number(row.at))
  return rows.length
}

import type { ClickHouseClient } from '@clickhouse/client'
import { randomUUID } from 'node:crypto'
import { checkAdhocSql, type AdhocQueryRequest, type AdhocQueryResponse, type SqlPosition } from '@claimcheck/shared'
import type { Store } from '@claimcheck/shared/node'
import { AppError, clickhouseClientStatus, isClickHouseError } from '../../errors.ts'
import type { QueryContext } from '../runner.ts'

/** Ad hoc SQL: guarded before execution, run on the read-only `adhoc` connection, errors with positions. */

/** 1-based position, line and column of a 0-based character offset. */
export function locate(sql: string, offset: number): SqlPosition {
  const before = sql.slice(0, Math.max(0, Math.min(offset, sql.length)))
  const lines = before.split('\n')
  return { position: before.length + 1, line: lines.length, column: lines[lines.length - 1]!.length + 1 }
}

/** Refuses what the guard refuses: 400 `sql_refused` with where. */
export function guardSql(sql: string): string {
  const check = checkAdhocSql(sql)
  if (!check.ok) throw new AppError(400, 'sql_refused', check.reason, true, locate(sql, check.offset))
  return check.sql
}

/**
 * Where a ClickHouse error points in the user's SQL. ClickHouse counts 1-based bytes of the text
 * it received, which the client trimmed: convert to characters of the original.
 */
export function positionOfError(message: string, original: string, sent: string): SqlPosition | undefined {
  const match = /failed at position (\d+)/.exec(message)
  if (!match) return undefined
  const bytes = Buffer.from(sent.trim(), 'utf8')
  const offset = bytes.subarray(0, Math.max(0, Number(match[1]) - 1)).toString('utf8').length
  const leading = sent.length - sent.trimStart().length
  return locate(original, Math.min(offset + leading, original.length))
}

const limits = new WeakMap<Store, Promise<number>>()

/** The ad hoc connection's `max_result_rows`, read from the connection itself. */
function resultLimit(store: Store): Promise<number> {
  let limit = limits.get(store)
  if (!limit) {
    limit = store.adhoc
      .query({ query: "SELECT getSetting('max_result_rows') AS limit", format: 'JSONEachRow' })
      .then((result) => result.json<{ limit: unknown }>())
      .then(([row]) => Number(row?.limit ?? 0))
    limit.catch(() => limits.delete(store))
    limits.set(store, limit)
  }
  return limit
}

/**
 * After a query fails part-way (time limit, memory limit), the embedded engine (chDB 3.4) hands
 * what the failed query had produced to the next query on the same connection. Reading a marker
 * query until it returns its own marker puts the connection back in step; over HTTP, and after
 * an error at parse time, the first read already matches.
 */
async function realign(client: ClickHouseClient): Promise<void> {
  const marker = randomUUID()
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const result = await client.query({ query: 'SELECT {m:String} AS m', query_params: { m: marker }, format: 'JSONEachRow' })
      const [row] = await result.json<{ m?: unknown }>()
      if (row?.m === marker) return
    } catch {
      // A leftover that is not valid JSONEachRow for this query: read again.
    }
  }
}

interface JsonCompactResult {
  meta: { name: string; type: string }[]
  data: unknown[][]
  statistics?: { elapsed?: number; rows_read?: number; bytes_read?: number }
}

export async function runAdhocQuery(context: QueryContext, request: AdhocQueryRequest): Promise<AdhocQueryResponse> {
  const sent = guardSql(request.sql)
  const limit = await resultLimit(context.store)
  const queryId = `${context.queryId}-adhoc-${randomUUID().slice(0, 8)}`
  let result: JsonCompactResult
  try {
    const response = await context.store.adhoc.query({
      query: sent,
      query_params: request.params,
      format: 'JSONCompact',
      query_id: queryId,
      abort_signal: context.signal,
    })
    result = (await response.json()) as unknown as JsonCompactResult
  } catch (error) {
    if (!isClickHouseError(error)) throw error
    await realign(context.store.adhoc)
    // The user's own SQL failed: ClickHouse's message is what they need, and is theirs to see.
    const status = clickhouseClientStatus(error.code) ?? 400
    const position = positionOfError(error.message, request.sql, sent)
    throw new AppError(status, `clickhouse_${error.code}`, error.message.trim(), true, position)
  }
  // `result_overflow_mode = 'break'` stops after the block that crossed the limit, so more than
  // `limit` rows back means the result was cut; exactly `limit` means it was complete.
  const truncated = limit > 0 && result.data.length > limit
  const rows = truncated ? result.data.slice(0, limit) : result.data
  const stats = result.statistics ?? {}
  return {
    queryId,
    columns: result.meta.map(({ name, type }) => ({ name, type })),
    rows,
    rowCount: rows.length,
    truncated,
    limit: limit > 0 ? limit : Math.max(1, rows.length),
    stats: { rowsRead: Number(stats.rows_read ?? 0), bytesRead: Number(stats.bytes_read ?? 0), elapsedMs: Number(stats.elapsed ?? 0) * 1000 },
  }
}

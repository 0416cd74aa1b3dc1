import { randomUUID } from 'node:crypto'
import { parseError } from '@clickhouse/client'
import type { AdhocQueryRequest, AdhocQueryResponse } from '@claimcheck/shared'
import { AdhocPoolBusyError, type AdhocConnection, type AdhocLimits } from '@claimcheck/shared/node'
import { AppError, clickhouseClientStatus, isClickHouseError } from '../../errors.ts'
import type { QueryContext } from '../runner.ts'
import { checkAdhocStatement, policyOf } from './adhoc-check.ts'

/**
 * Ad hoc SQL: checked by the engine's own parser (adhoc-check.ts), run on a connection of its own
 * from the ad hoc pool, read as a stream and cut at the row and byte limits while reading.
 */

/** Human size of a byte limit, in the binary units the SQL page shows sizes in: 16 MiB, 512 KiB, 100 bytes. */
export function formatLimit(bytes: number): string {
  if (bytes >= 1024 ** 2 && bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2} MiB`
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`
  return `${bytes} bytes`
}

/** What a cut result says to its reader. */
export function cutNotice(cutBy: 'rows' | 'bytes' | null, limits: Pick<AdhocLimits, 'maxResultRows' | 'maxResultBytes'>): string | null {
  if (cutBy === 'rows') return `Cut at ${limits.maxResultRows.toLocaleString('en-US')} rows: add a LIMIT or aggregate`
  if (cutBy === 'bytes') return `Cut at ${formatLimit(limits.maxResultBytes)} of results: select fewer or shorter columns, or add a LIMIT`
  return null
}

/** One line of JSONCompactEachRowWithProgress: the columns, a row, progress, totals, or an error. */
interface ProgressLine {
  meta?: { name: string; type: string }[]
  row?: unknown[]
  progress?: { read_rows?: string | number; read_bytes?: string | number }
  exception?: string
}

export interface StreamedResult {
  columns: { name: string; type: string }[]
  rows: unknown[][]
  bytes: number
  cutBy: 'rows' | 'bytes' | null
  rowsRead: number | null
  bytesRead: number | null
}

/** Reads `statement`'s rows until the end or a limit; leaving early stops the query. */
export async function readCapped(
  connection: AdhocConnection, statement: string, params: Record<string, unknown>, limits: Pick<AdhocLimits, 'maxResultRows' | 'maxResultBytes'>,
  options: { signal?: AbortSignal; queryId?: string; buffered?: boolean } = {},
): Promise<StreamedResult> {
  const result: StreamedResult = { columns: [], rows: [], bytes: 0, cutBy: null, rowsRead: null, bytesRead: null }
  for await (const text of connection.lines(statement, params, { format: 'JSONCompactEachRowWithProgress', ...options })) {
    if (!text) continue
    let line: ProgressLine
    try {
      line = JSON.parse(text) as ProgressLine
    } catch {
      throw new AppError(502, 'query_failed', 'ClickHouse answered with a line that is not JSON; the query stopped there', true)
    }
    if (line.exception) throw parseError(line.exception)
    if (line.meta && result.columns.length === 0) result.columns = line.meta.map(({ name, type }) => ({ name, type }))
    if (line.progress) {
      result.rowsRead = Math.max(result.rowsRead ?? 0, Number(line.progress.read_rows ?? 0))
      result.bytesRead = Math.max(result.bytesRead ?? 0, Number(line.progress.read_bytes ?? 0))
    }
    if (!line.row) continue
    // The row's own JSON, as it will travel in the answer.
    const size = Buffer.byteLength(text) - '{"row":}'.length
    if (result.rows.length >= limits.maxResultRows) {
      result.cutBy = 'rows'
      break
    }
    if (result.bytes + size > limits.maxResultBytes) {
      result.cutBy = 'bytes'
      break
    }
    result.rows.push(line.row)
    result.bytes += size
  }
  return result
}

function toAppError(error: unknown): unknown {
  if (error instanceof AdhocPoolBusyError) return new AppError(503, 'adhoc_busy', `${error.message}: try again shortly`, true)
  if (!isClickHouseError(error)) return error
  // The user's own SQL failed: ClickHouse's message is what they need, and is theirs to see.
  return new AppError(clickhouseClientStatus(error.code) ?? 400, `clickhouse_${error.code}`, error.message.trim(), true)
}

/** Checks the SQL on a connection of the ad hoc pool without running it (saved queries). */
export async function validateAdhocSql(context: QueryContext, sql: string, params: Record<string, unknown> = {}): Promise<void> {
  const { store } = context
  try {
    await store.adhoc.use(async (connection) => checkAdhocStatement(connection, sql, params, await policyOf(store, connection), context.signal), context.signal)
  } catch (error) {
    throw toAppError(error)
  }
}

export async function runAdhocQuery(context: QueryContext, request: AdhocQueryRequest): Promise<AdhocQueryResponse> {
  const { store } = context
  const limits = store.adhoc.limits
  const queryId = `${context.queryId}-adhoc-${randomUUID().slice(0, 8)}`
  const started = performance.now()
  let result: StreamedResult
  try {
    result = await store.adhoc.use(async (connection) => {
      const statement = await checkAdhocStatement(connection, request.sql, request.params, await policyOf(store, connection), context.signal)
      // Only a SELECT streams on chDB; SHOW, DESCRIBE and EXPLAIN answer small results at once.
      const buffered = statement.kind !== 'SelectWithUnionQuery'
      return readCapped(connection, statement.sql, request.params, limits, { signal: context.signal, queryId, buffered })
    }, context.signal)
  } catch (error) {
    throw toAppError(error)
  }
  return {
    queryId,
    columns: result.columns,
    rows: result.rows,
    rowCount: result.rows.length,
    truncated: result.cutBy !== null,
    cutBy: result.cutBy,
    notice: cutNotice(result.cutBy, limits),
    limit: limits.maxResultRows,
    byteLimit: limits.maxResultBytes,
    bytes: result.bytes,
    stats: { rowsRead: result.rowsRead, bytesRead: result.bytesRead, elapsedMs: Math.round((performance.now() - started) * 10) / 10 },
  }
}

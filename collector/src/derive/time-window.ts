import type { ClickHouseClient } from '@clickhouse/client'
import type { Logger } from 'pino'
import { GATEWAY_CALL_COLUMNS, qualify, tableName, TABLES, type DdlContext } from '@claimcheck/shared'
import { EMPTY, param, qualifiedTable, readRows, sql, type Fragment } from '@claimcheck/shared/node'
import { normalizeLogs, normalizeTraces, toGatewayCallRowFromCandidate, type CallCandidate } from '../normalize/index.ts'
import { toJsonCompactEachRow } from '../write/rows-text.ts'
import { deduplicatedInsert } from '../write/call-sink.ts'
import { readMeta, writeMeta } from './cursor.ts'
import { missingCalls, pairCandidates } from './derive-calls.ts'
import { logSelect, logsRequestFromRows, SERVER_SPANS, SPAN_SELECT, tracesRequestFromRows, type StoredLogRow, type StoredSpanRow } from './stored-rows.ts'

/**
 * The deriver of attach mode. The exporter's tables have the exporter's engine settings (no
 * `_block_number`), so progress is a time mark: every call of a row whose Timestamp is at or
 * before the mark is in gateway_calls. Each pass re-reads `overlapMs` before the mark (rows that
 * arrived late, halves that waited for their partner) and writes only calls gateway_calls lacks,
 * with an insert deduplication token of the batch: re-reading the overlap never duplicates.
 */
export const ATTACH_CURSOR_KEY = 'deriver.attach.cursor'

export interface TimeWindowOptions {
  client: ClickHouseClient
  ctx: DdlContext
  classify: (call: CallCandidate) => Parameters<typeof toGatewayCallRowFromCandidate>[1]
  logger: Logger
  /** The logs table has the exporter's current `EventName` column. */
  eventName: boolean
  /** Re-read before the mark each pass; also how long a half waits for its partner. Default 60 s. */
  overlapMs?: number
  /** Rows younger than this are left to the next pass (the exporter batches, senders lag). Default 10 s. */
  settleMs?: number
  /** Largest time range one pass reads (bounded memory). Default 5 minutes. */
  windowMs?: number
}

const NS_PER_MS = 1_000_000n
const ROWS_PER_INSERT = 5_000

/** Rows with Timestamp in (from, to] (ns), `extra` narrowing them. */
const rangeFilter = (from: bigint, to: bigint, extra: Fragment = EMPTY) =>
  sql`Timestamp > fromUnixTimestamp64Nano(toInt64(${param(from.toString(), 'String')})) AND Timestamp <= fromUnixTimestamp64Nano(toInt64(${param(to.toString(), 'String')}))${extra}`

export async function readTimeCursor(client: ClickHouseClient, ctx: DdlContext): Promise<bigint | undefined> {
  const mark = (await readMeta(client, ctx, ATTACH_CURSOR_KEY)) as { ns: string } | undefined
  return mark && BigInt(mark.ns)
}

const writeTimeCursor = (client: ClickHouseClient, ctx: DdlContext, ns: bigint) => writeMeta(client, ctx, ATTACH_CURSOR_KEY, { ns: ns.toString() })

/** The options' time spans in ns, defaults applied once. */
function spans(options: TimeWindowOptions): { overlap: bigint; settle: bigint; window: bigint } {
  return {
    overlap: BigInt(options.overlapMs ?? 60_000) * NS_PER_MS,
    settle: BigInt(options.settleMs ?? 10_000) * NS_PER_MS,
    window: BigInt(options.windowMs ?? 300_000) * NS_PER_MS,
  }
}

/** Rows (logs + SERVER spans) with Timestamp in (from, to]: the backfill's progress total. */
export async function countRows(options: TimeWindowOptions, from: bigint, to: bigint): Promise<number> {
  const { client, ctx } = options
  const one = async (table: string, extra: Fragment) => {
    const [row] = await readRows<{ n: string }>(client, sql`SELECT count() AS n FROM ${qualifiedTable(ctx, table)} WHERE ${rangeFilter(from, to, extra)}`)
    return Number(row?.n ?? 0)
  }
  return (await one(TABLES.logs, EMPTY)) + (await one(TABLES.traces, SERVER_SPANS))
}

async function readWindow(options: TimeWindowOptions, from: bigint, to: bigint): Promise<CallCandidate[]> {
  const { client, ctx } = options
  const logs = await readRows<StoredLogRow>(client,
    sql`SELECT ${logSelect(options.eventName)}, '0' AS Block FROM ${qualifiedTable(ctx, TABLES.logs)} WHERE ${rangeFilter(from, to)} ORDER BY Timestamp`)
  const spans = await readRows<StoredSpanRow>(client,
    sql`SELECT ${SPAN_SELECT}, '0' AS Block FROM ${qualifiedTable(ctx, TABLES.traces)} WHERE ${rangeFilter(from, to, SERVER_SPANS)} ORDER BY Timestamp`)
  return [...normalizeTraces(tracesRequestFromRows(spans)).calls, ...normalizeLogs(logsRequestFromRows(logs)).calls]
}

async function insertCalls(options: TimeWindowOptions, calls: readonly CallCandidate[]): Promise<void> {
  const insertQuery = deduplicatedInsert(qualify(options.ctx, TABLES.calls), GATEWAY_CALL_COLUMNS)
  for (let i = 0; i < calls.length; i += ROWS_PER_INSERT) {
    const text = toJsonCompactEachRow(calls.slice(i, i + ROWS_PER_INSERT).map((c) => toGatewayCallRowFromCandidate(c, options.classify(c))))
    await options.client.command({ query: insertQuery(text) })
  }
}

/**
 * One pass up to `to` (ns): derives the calls of rows in (mark − overlap, to], writes the missing
 * ones, then moves the mark to `to`. A half (span or log) younger than `to − overlap` waits:
 * the next pass reads it again, and by then its partner is stored or it is written alone.
 */
export async function derivePass(options: TimeWindowOptions, mark: bigint, to: bigint): Promise<{ written: number; waiting: number }> {
  const { overlap } = spans(options)
  const { complete, halves } = pairCandidates(await readWindow(options, mark - overlap, to))
  const ripe = halves.filter((c) => BigInt(c.timestampNs) <= to - overlap)
  const missing = await missingCalls(options.client, options.ctx, [...complete, ...ripe], overlap)
  await insertCalls(options, missing)
  await writeTimeCursor(options.client, options.ctx, to)
  return { written: missing.length, waiting: halves.length - ripe.length }
}

export interface BackfillProgress { rows: number; total: number; percent: number; written: number }

/**
 * Derives everything from `since` (ns; used when no mark exists yet) up to now − settle, one
 * window at a time, reporting progress after each window. Returns the mark reached.
 */
export async function backfill(options: TimeWindowOptions, since: bigint, nowMs: number, onProgress?: (p: BackfillProgress) => void): Promise<bigint> {
  const start = (await readTimeCursor(options.client, options.ctx)) ?? since
  const { settle, window } = spans(options)
  const end = BigInt(nowMs) * NS_PER_MS - settle
  const total = end > start ? await countRows(options, start, end) : 0
  let mark = start
  let rows = 0
  let written = 0
  while (mark < end) {
    const to = mark + window < end ? mark + window : end
    rows += await countRows(options, mark, to)
    written += (await derivePass(options, mark, to)).written
    mark = to
    onProgress?.({ rows, total, percent: total === 0 ? 100 : Math.round((rows / total) * 1000) / 10, written })
  }
  if (start >= end) await writeTimeCursor(options.client, options.ctx, start)
  return mark
}

/** Tails new rows: a pass every `intervalMs` up to now − settle, until `signal` aborts. */
export async function tail(options: TimeWindowOptions, signal: AbortSignal, intervalMs = 2_000, now: () => number = Date.now): Promise<void> {
  while (!signal.aborted) {
    const mark = await readTimeCursor(options.client, options.ctx)
    const { settle, window } = spans(options)
    const settled = BigInt(now()) * NS_PER_MS - settle
    // After a long stop, catch up one window per pass (bounded memory).
    const to = mark !== undefined && mark + window < settled ? mark + window : settled
    if (mark !== undefined && to > mark) {
      try {
        const { written, waiting } = await derivePass(options, mark, to)
        if (written > 0) options.logger.info({ written, waiting }, 'attach: derived gateway calls')
      } catch (error) {
        options.logger.warn({ err: error }, 'attach: derive pass failed; retrying')
      }
    }
    if (to === settled) await new Promise((resolve) => setTimeout(resolve, intervalMs).unref())
  }
}

/** Whether the attached logs table has the exporter's current `EventName`; fails when a raw table is missing. */
export async function inspectExporterTables(client: ClickHouseClient, ctx: DdlContext): Promise<{ eventName: boolean }> {
  const names = [TABLES.logs, TABLES.traces].map((table) => tableName(ctx, table))
  const rows = await readRows<{ table: string; columns: string[] }>(client,
    sql`SELECT table, groupArray(name) AS columns FROM system.columns WHERE database = ${param(ctx.database, 'String')} AND table IN ${param(names, 'Array(String)')} GROUP BY table`)
  const tables = new Map(rows.map((row) => [row.table, row.columns]))
  const missing = names.filter((table) => !tables.has(table))
  if (missing.length > 0) {
    throw new Error(`attach: ${missing.map((t) => `${ctx.database}.${t}`).join(' and ')} not found: point claimcheck at the database and tables the clickhouseexporter writes (store.database, store.logsTableName, store.tracesTableName)`)
  }
  return { eventName: tables.get(tableName(ctx, TABLES.logs))!.includes('EventName') }
}

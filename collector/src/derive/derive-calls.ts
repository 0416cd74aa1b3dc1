import type { ClickHouseClient } from '@clickhouse/client'
import { qualify, tableName, TABLES, type DdlContext } from '@claimcheck/shared'
import { mergeCallCandidates, normalizeLogs, normalizeTraces, type CallCandidate } from '../normalize/index.ts'
import { blockRanges, blockWindows, RAW_TABLE_OF, type BlockCursor, type RawTable } from './block-cursor.ts'
import { partsAfter } from './cursor.ts'
import { logSelect, logsRequestFromRows, SPAN_SELECT, tracesRequestFromRows, type StoredLogRow, type StoredSpanRow } from './stored-rows.ts'

/** Blocks read per query: bounded memory whatever the gap to cover. */
const BLOCKS_PER_READ = 20

/**
 * Visits the rows of a raw table stored after `from` up to `to`, partition by partition, at most
 * BLOCKS_PER_READ blocks per query; the `_part` filter skips whole parts below the window.
 */
export async function forEachBlockWindow(
  client: ClickHouseClient, ctx: DdlContext, table: RawTable, from: BlockCursor, to: BlockCursor,
  read: (where: string, params: Record<string, unknown>) => Promise<void>,
): Promise<void> {
  const name = tableName(ctx, RAW_TABLE_OF[table])
  for (const range of blockRanges(from[table], to[table])) {
    const parts = await partsAfter(client, ctx, table, range.partition, range.from)
    for (const [lo, hi] of blockWindows(range, parts, BLOCKS_PER_READ)) {
      await read(`_partition_id = {partition:String} AND _block_number > {lo:Int64} AND _block_number <= {hi:Int64}
  AND _part IN (SELECT name FROM system.parts WHERE database = {database:String} AND table = '${name}' AND partition_id = {partition:String} AND active AND max_block_number > {lo:Int64})`,
      { partition: range.partition, lo, hi, database: ctx.database })
    }
  }
}

async function readBlocks<T>(client: ClickHouseClient, ctx: DdlContext, table: RawTable, select: string, extra: string, from: BlockCursor, to: BlockCursor): Promise<T[]> {
  const rows: T[] = []
  await forEachBlockWindow(client, ctx, table, from, to, async (where, params) => {
    const result = await client.query({
      query: `SELECT ${select}, toString(_block_number) AS Block FROM ${qualify(ctx, RAW_TABLE_OF[table])} WHERE ${where}${extra} ORDER BY _block_number`,
      query_params: params,
      format: 'JSONEachRow',
    })
    rows.push(...(await result.json<T>()))
  })
  return rows
}

export interface DeriveOptions {
  /** The raw logs table has the exporter's current `EventName` column. Default true. */
  eventName?: boolean
}

/**
 * The gateway call candidates of the raw rows stored in blocks (from, to]: stored rows go through
 * the live path's normalize, so a call is described exactly as it was when it arrived.
 */
export async function deriveCandidates(client: ClickHouseClient, ctx: DdlContext, from: BlockCursor, to: BlockCursor, options: DeriveOptions = {}): Promise<CallCandidate[]> {
  const logs = await readBlocks<StoredLogRow>(client, ctx, 'logs', logSelect(options.eventName ?? true), '', from, to)
  const spans = await readBlocks<StoredSpanRow>(client, ctx, 'traces', SPAN_SELECT, ` AND SpanKind IN ('Server', 'SPAN_KIND_SERVER')`, from, to)
  return [...normalizeTraces(tracesRequestFromRows(spans)).calls, ...normalizeLogs(logsRequestFromRows(logs)).calls]
}

/** The identity of a call in gateway_calls: its ids, or what describes an id-less record. */
export function callKey(c: { traceId: string; spanId: string; timestampNs: string; facts: { serviceName: string; method: string; path: string; statusCode: number } }): string {
  if (c.traceId && c.spanId) return `${c.traceId}:${c.spanId}`
  return `-:${c.facts.serviceName}:${c.timestampNs}:${c.facts.method}:${c.facts.path}:${c.facts.statusCode}`
}

/**
 * Joins the halves found among derived candidates: `complete` are calls ready to store (pairs,
 * and calls that cannot have a partner); `halves` still wait for the other description, which
 * may yet arrive (a sender retrying after the restart). Repeated rows of one half count once.
 */
export function pairCandidates(candidates: readonly CallCandidate[]): { complete: CallCandidate[]; halves: CallCandidate[] } {
  const byKey = new Map<string, CallCandidate>()
  const complete: CallCandidate[] = []
  for (const candidate of candidates) {
    const key = callKey(candidate)
    const seen = byKey.get(key)
    if (!seen) {
      byKey.set(key, candidate)
      continue
    }
    if (seen.source !== 'span+log' && seen.source !== candidate.source) byKey.set(key, mergeCallCandidates(seen, candidate))
  }
  const halves: CallCandidate[] = []
  for (const candidate of byKey.values()) {
    if (candidate.source === 'span+log' || !candidate.traceId || !candidate.spanId) complete.push(candidate)
    else halves.push(candidate)
  }
  return { complete, halves }
}

const KEYS_PER_QUERY = 5_000

/**
 * The candidates whose call is not yet in gateway_calls (either half stored counts as stored).
 * `slackNs` widens the time range looked at: a stored pair carries its span's start, which may be
 * earlier than its log record's timestamp.
 */
export async function missingCalls(client: ClickHouseClient, ctx: DdlContext, candidates: readonly CallCandidate[], slackNs = 0n): Promise<CallCandidate[]> {
  if (candidates.length === 0) return []
  const stored = new Set<string>()
  const withIds = candidates.filter((c) => c.traceId && c.spanId)
  const idless = candidates.filter((c) => !(c.traceId && c.spanId))
  const range = (list: readonly CallCandidate[]) => {
    let min = list[0]!.timestampNs
    let max = min
    for (const c of list) {
      if (BigInt(c.timestampNs) < BigInt(min)) min = c.timestampNs
      if (BigInt(c.timestampNs) > BigInt(max)) max = c.timestampNs
    }
    return { min: (BigInt(min) - slackNs).toString(), max: (BigInt(max) + slackNs).toString() }
  }
  const timeFilter = 'Timestamp >= fromUnixTimestamp64Nano(toInt64({min:String})) AND Timestamp <= fromUnixTimestamp64Nano(toInt64({max:String}))'
  for (let i = 0; i < withIds.length; i += KEYS_PER_QUERY) {
    const chunk = withIds.slice(i, i + KEYS_PER_QUERY)
    const result = await client.query({
      query: `SELECT DISTINCT TraceId, SpanId FROM ${qualify(ctx, TABLES.calls)} WHERE TraceId IN {ids:Array(String)} AND ${timeFilter}`,
      query_params: { ids: [...new Set(chunk.map((c) => c.traceId))], ...range(chunk) },
      format: 'JSONEachRow',
    })
    for (const row of await result.json<{ TraceId: string; SpanId: string }>()) stored.add(`${row.TraceId}:${row.SpanId}`)
  }
  if (idless.length > 0) {
    const result = await client.query({
      query: `SELECT toString(toUnixTimestamp64Nano(Timestamp)) AS ts, ServiceName, Method, Path, StatusCode FROM ${qualify(ctx, TABLES.calls)} WHERE TraceId = '' AND ${timeFilter}`,
      query_params: range(idless),
      format: 'JSONEachRow',
    })
    for (const row of await result.json<{ ts: string; ServiceName: string; Method: string; Path: string; StatusCode: number }>()) {
      stored.add(`-:${row.ServiceName}:${row.ts}:${row.Method}:${row.Path}:${row.StatusCode}`)
    }
  }
  return candidates.filter((c) => !stored.has(callKey(c)))
}

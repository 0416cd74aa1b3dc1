import type { ClickHouseClient } from '@clickhouse/client'
import { tableName, TABLES, type DdlContext } from '@claimcheck/shared'
import { param, qualifiedTable, readRows, sql, type Fragment, type ReadOptions } from '@claimcheck/shared/node'
import { mergeCallCandidates, normalizeLogs, normalizeTraces, type CallCandidate } from '../normalize/index.ts'
import { blockRanges, blockWindows, RAW_TABLE_OF, type BlockCursor, type RawTable } from './block-cursor.ts'
import { partsAfter } from './cursor.ts'
import { logSelect, logsRequestFromRows, SERVER_SPANS, SPAN_SELECT, tracesRequestFromRows, type StoredLogRow, type StoredSpanRow } from './stored-rows.ts'

/** Blocks read per query: bounded memory whatever the gap to cover. */
const BLOCKS_PER_READ = 20

/**
 * Visits the rows of a raw table stored after `from` up to `to`, partition by partition, at most
 * BLOCKS_PER_READ blocks per query; the `_part` filter skips whole parts below the window.
 */
async function forEachBlockWindow(
  client: ClickHouseClient, ctx: DdlContext, table: RawTable, from: BlockCursor, to: BlockCursor,
  read: (where: Fragment) => Promise<void>,
): Promise<void> {
  const name = param(tableName(ctx, RAW_TABLE_OF[table]), 'String')
  const database = param(ctx.database, 'String')
  for (const range of blockRanges(from[table], to[table])) {
    const parts = await partsAfter(client, ctx, table, range.partition, range.from)
    const partition = param(range.partition, 'String')
    for (const [lo, hi] of blockWindows(range, parts, BLOCKS_PER_READ)) {
      await read(sql`_partition_id = ${partition} AND _block_number > ${param(lo, 'Int64')} AND _block_number <= ${param(hi, 'Int64')}
  AND _part IN (SELECT name FROM system.parts WHERE database = ${database} AND table = ${name} AND partition_id = ${partition} AND active AND max_block_number > ${param(lo, 'Int64')})`)
    }
  }
}

/** The rows `select` picks from a raw table's blocks (from, to], `extra` narrowing them (`sql\` AND …\``). */
async function readBlockRows<T>(
  client: ClickHouseClient, ctx: DdlContext, table: RawTable, select: Fragment, extra: Fragment, from: BlockCursor, to: BlockCursor, options: ReadOptions = {},
): Promise<T[]> {
  const rows: T[] = []
  await forEachBlockWindow(client, ctx, table, from, to, async (where) => {
    rows.push(...(await readRows<T>(client, sql`SELECT ${select} FROM ${qualifiedTable(ctx, RAW_TABLE_OF[table])} WHERE ${where}${extra}`, options)))
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
  const block = sql`, toString(_block_number) AS Block`
  const inOrder = sql` ORDER BY _block_number`
  const logs = await readBlockRows<StoredLogRow>(client, ctx, 'logs', sql`${logSelect(options.eventName ?? true)}${block}`, inOrder, from, to)
  const spans = await readBlockRows<StoredSpanRow>(client, ctx, 'traces', sql`${SPAN_SELECT}${block}`, sql`${SERVER_SPANS}${inOrder}`, from, to)
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
  const calls = qualifiedTable(ctx, TABLES.calls)
  const timeFilter = (list: readonly CallCandidate[]) => {
    const { min, max } = range(list)
    return sql`Timestamp >= fromUnixTimestamp64Nano(toInt64(${param(min, 'String')})) AND Timestamp <= fromUnixTimestamp64Nano(toInt64(${param(max, 'String')}))`
  }
  for (let i = 0; i < withIds.length; i += KEYS_PER_QUERY) {
    const chunk = withIds.slice(i, i + KEYS_PER_QUERY)
    const ids = param([...new Set(chunk.map((c) => c.traceId))], 'Array(String)')
    const rows = await readRows<{ TraceId: string; SpanId: string }>(client, sql`SELECT DISTINCT TraceId, SpanId FROM ${calls} WHERE TraceId IN ${ids} AND ${timeFilter(chunk)}`)
    for (const row of rows) stored.add(`${row.TraceId}:${row.SpanId}`)
  }
  if (idless.length > 0) {
    const rows = await readRows<{ ts: string; ServiceName: string; Method: string; Path: string; StatusCode: number }>(client,
      sql`SELECT toString(toUnixTimestamp64Nano(Timestamp)) AS ts, ServiceName, Method, Path, StatusCode FROM ${calls} WHERE TraceId = '' AND ${timeFilter(idless)}`)
    for (const row of rows) {
      stored.add(`-:${row.ServiceName}:${row.ts}:${row.Method}:${row.Path}:${row.StatusCode}`)
    }
  }
  return candidates.filter((c) => !stored.has(callKey(c)))
}

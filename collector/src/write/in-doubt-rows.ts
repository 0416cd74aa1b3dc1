import type { ClickHouseClient } from '@clickhouse/client'
import type { DdlContext } from '@claimcheck/shared'
import { EMPTY, sql } from '@claimcheck/shared/node'
import type { BlockCursor } from '../derive/block-cursor.ts'
import { readBlockRows } from '../derive/derive-calls.ts'
import type { Signal } from '../receive/export-handler.ts'

/** How long after a start requests are compared with the in-doubt rows: senders retry within minutes. */
const GUARD_MS = 15 * 60_000

/** The identity of a stored raw row: insert values that survive the round trip exactly. */
const logKey = (ts: unknown, traceId: unknown, spanId: unknown, service: unknown, body: unknown) => `${ts}|${traceId}|${spanId}|${service}|${body}`
const spanKey = (ts: unknown, traceId: unknown, spanId: unknown) => `${ts}|${traceId}|${spanId}`

/**
 * The raw rows stored after the durable mark when the previous process stopped without a clean
 * shutdown. Such a row may have been stored while its request's answer (or token) was lost in the
 * crash, so the sender retries it: a request all of whose rows are among them is answered as
 * stored instead of being stored twice (its calls were re-derived from these very rows).
 */
export class InDoubtRows {
  private readonly until: number

  constructor(private readonly logs: Set<string>, private readonly spans: Set<string>, private readonly now: () => number = Date.now) {
    this.until = now() + GUARD_MS
  }

  get size(): number {
    return this.logs.size + this.spans.size
  }

  /** Whether every row (OTEL_LOG_COLUMNS / OTEL_TRACE_COLUMNS order) is already stored. */
  covers(signal: Signal, rows: readonly unknown[][]): boolean {
    if (rows.length === 0 || this.size === 0 || this.now() > this.until) return false
    if (signal === 'logs') return rows.every((r) => this.logs.has(logKey(r[0], r[1], r[2], r[6], r[7])))
    return rows.every((r) => this.spans.has(spanKey(r[0], r[1], r[2])))
  }
}

/** Loads the identities of the raw rows in blocks (from, to]. */
export async function loadInDoubtRows(client: ClickHouseClient, ctx: DdlContext, from: BlockCursor, to: BlockCursor): Promise<InDoubtRows> {
  const asArrays = { format: 'JSONCompactEachRow' } as const
  const ts = sql`toString(toUnixTimestamp64Nano(Timestamp))`
  const logs = await readBlockRows<unknown[]>(client, ctx, 'logs', sql`${ts}, TraceId, SpanId, ServiceName, Body`, EMPTY, from, to, asArrays)
  const spans = await readBlockRows<unknown[]>(client, ctx, 'traces', sql`${ts}, TraceId, SpanId`, EMPTY, from, to, asArrays)
  return new InDoubtRows(new Set(logs.map((r) => logKey(r[0], r[1], r[2], r[3], r[4]))), new Set(spans.map((r) => spanKey(r[0], r[1], r[2]))))
}

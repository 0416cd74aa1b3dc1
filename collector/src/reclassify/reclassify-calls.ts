import type { ClickHouseClient } from '@clickhouse/client'
import { CALL_ROLLUPS, GATEWAY_CALL_COLUMNS, qualify, STAGING_TABLES, TABLES, type Classification, type DdlContext } from '@claimcheck/shared'
import {
  alias, EMPTY, ident, join, onClusterClause, param, qualifiedTable, readRows, runCommand, sql, type Fragment,
} from '@claimcheck/shared/node'
import type { StoredCallRow } from '@claimcheck/classifier'
import { halve, splitWindows, type TimeWindow } from './windows.ts'

export interface ReclassifyOptions {
  client: ClickHouseClient
  ctx: DdlContext
  reclassify: (row: StoredCallRow) => Classification
  fromMs: number
  toMs: number
  /** Restrict to one service. */
  service?: string
  /** Only count what would change; write nothing. */
  dryRun?: boolean
  /** Largest number of calls rewritten at once; bigger windows are halved. Default 200,000. */
  maxRowsPerWindow?: number
  onProgress?: (progress: ReclassifyProgress) => void
  /** Stops before the next window (a window is rewritten whole or not at all). */
  signal?: AbortSignal
}

export interface ReclassifyProgress {
  windowsDone: number
  windowsTotal: number
  calls: number
  changed: number
  /** Changed calls by `old → new` cause. */
  transitions: Record<string, number>
}

const STAGING = STAGING_TABLES.reclassify
const MINUTE = 60_000

// Stored values come back in insert form: the Timestamp as exact nanoseconds, token times as
// epoch seconds, so a rewritten row is the same row but for its cause. The converted columns get
// `__` aliases because ClickHouse resolves SELECT aliases in WHERE, where the originals are meant.
const CONVERTED: Record<string, Fragment> = {
  Timestamp: sql`toString(toUnixTimestamp64Nano(Timestamp))`,
  TokenIssuedAt: sql`toUnixTimestamp(TokenIssuedAt)`,
  TokenNotBefore: sql`toUnixTimestamp(TokenNotBefore)`,
  TokenExpiresAt: sql`toUnixTimestamp(TokenExpiresAt)`,
}
const SELECT_COLUMNS = join(
  GATEWAY_CALL_COLUMNS.map((column) => {
    const converted = CONVERTED[column]
    return converted ? sql`${converted} AS ${alias(`__${column}`)}` : sql`${ident(column)}`
  }),
  sql`, `,
)

function fromSelected(row: Record<string, unknown>): Record<string, unknown> {
  for (const column of Object.keys(CONVERTED)) {
    row[column] = row[`__${column}`]
    delete row[`__${column}`]
  }
  return row
}

/**
 * Re-applies the current rules to stored calls. gateway_calls rows are immutable and the rollups
 * are fed by materialized views, so a window whose causes change is rewritten whole: new rows go
 * to a staging table, then the window's rollup minutes and old rows are deleted and the staged
 * rows inserted back (the views rebuild those minutes). Windows without changes are not touched.
 * A run interrupted mid-window leaves the staged rows, which the next run writes back first.
 */
export async function reclassifyCalls(options: ReclassifyOptions): Promise<ReclassifyProgress> {
  const { client, ctx } = options
  const maxRows = options.maxRowsPerWindow ?? 200_000
  await runCommand(client, sql`CREATE TABLE IF NOT EXISTS ${qualifiedTable(ctx, STAGING)} AS ${qualifiedTable(ctx, TABLES.calls)} ENGINE = MergeTree ORDER BY tuple()`)
  if (!options.dryRun) await finishInterruptedRun(options)
  const queue = splitWindows(options.fromMs, options.toMs, 60 * MINUTE)
  const progress: ReclassifyProgress = { windowsDone: 0, windowsTotal: queue.length, calls: 0, changed: 0, transitions: {} }
  while (queue.length > 0 && !options.signal?.aborted) {
    const window = queue.shift()!
    const count = await countCalls(options, window)
    if (count > maxRows && window.toMs - window.fromMs > MINUTE) {
      queue.unshift(...halve(window))
      progress.windowsTotal += 1
      continue
    }
    if (count > 0) await reclassifyWindow(options, window, progress)
    progress.windowsDone++
    options.onProgress?.({ ...progress })
  }
  return progress
}

/** The calls of a window (ms, [from, to)). */
const callsIn = (window: TimeWindow) =>
  sql`Timestamp >= fromUnixTimestamp64Milli(${param(window.fromMs, 'Int64')}) AND Timestamp < fromUnixTimestamp64Milli(${param(window.toMs, 'Int64')})`

function windowWhere(options: ReclassifyOptions, window: TimeWindow): Fragment {
  return sql`${callsIn(window)}${options.service ? sql` AND ServiceName = ${param(options.service, 'String')}` : EMPTY}`
}

async function countCalls(options: ReclassifyOptions, window: TimeWindow): Promise<number> {
  const [row] = await readRows<{ n: string | number }>(options.client, sql`SELECT count() AS n FROM ${qualifiedTable(options.ctx, TABLES.calls)} WHERE ${windowWhere(options, window)}`)
  return Number(row?.n ?? 0)
}

async function reclassifyWindow(options: ReclassifyOptions, window: TimeWindow, progress: ReclassifyProgress): Promise<void> {
  const { client, ctx } = options
  const selected = await readRows<Record<string, unknown>>(client, sql`SELECT ${SELECT_COLUMNS}, IngestedAt FROM ${qualifiedTable(ctx, TABLES.calls)} WHERE ${windowWhere(options, window)}`)
  const rows = selected.map(fromSelected)
  let changedHere = 0
  for (const row of rows) {
    const verdict = options.reclassify(row as unknown as StoredCallRow)
    progress.calls++
    if (verdict.cause === row.Cause && verdict.detail === row.CauseDetail && verdict.ruleId === row.EvidenceRule) continue
    const key = `${String(row.Cause) || '(success)'} → ${verdict.cause || '(success)'}`
    progress.transitions[key] = (progress.transitions[key] ?? 0) + 1
    changedHere++
    row.Cause = verdict.cause
    row.CauseDetail = verdict.detail
    row.EvidenceRule = verdict.ruleId
    row.Evidence = verdict.evidence
  }
  progress.changed += changedHere
  if (changedHere === 0 || options.dryRun) return
  await client.insert({ table: qualify(ctx, STAGING), values: rows, format: 'JSONEachRow' })
  await replaceWindow(options, window)
}

/**
 * Swaps the window's stored rows for the staged ones; the views rebuild its rollup minutes. Only
 * the services present in the staging table are touched, which also makes an interrupted
 * service-filtered run resumable without knowing its filter.
 */
async function replaceWindow(options: ReclassifyOptions, window: TimeWindow): Promise<void> {
  const { client, ctx } = options
  const staging = qualifiedTable(ctx, STAGING)
  const calls = qualifiedTable(ctx, TABLES.calls)
  const services = sql`ServiceName IN (SELECT DISTINCT ServiceName FROM ${staging})`
  const sync = sql`SETTINGS mutations_sync = 2`
  const cluster = onClusterClause(ctx)
  const minutes = sql`Minute >= toDateTime(intDiv(${param(window.fromMs, 'Int64')}, 1000)) AND Minute < toDateTime(intDiv(${param(window.toMs, 'Int64')}, 1000))`
  for (const rollup of CALL_ROLLUPS) {
    await runCommand(client, sql`ALTER TABLE ${qualifiedTable(ctx, rollup)}${cluster} DELETE WHERE ${minutes} AND ${services} ${sync}`)
  }
  await runCommand(client, sql`ALTER TABLE ${calls}${cluster} DELETE WHERE ${callsIn(window)} AND ${services} ${sync}`)
  await runCommand(client, sql`INSERT INTO ${calls} SELECT * FROM ${staging}`)
  await runCommand(client, sql`TRUNCATE TABLE ${staging}`)
}

/** Staged rows left by an interrupted run: their window may already be deleted, so write them back. */
async function finishInterruptedRun(options: ReclassifyOptions): Promise<void> {
  const { client, ctx } = options
  const [row] = await readRows<{ n: string | number; first: string | number; last: string | number }>(client,
    sql`SELECT count() AS n, toUnixTimestamp64Milli(min(Timestamp)) AS first, toUnixTimestamp64Milli(max(Timestamp)) AS last FROM ${qualifiedTable(ctx, STAGING)}`)
  if (!row || Number(row.n) === 0) return
  await replaceWindow(options, { fromMs: Math.floor(Number(row.first) / MINUTE) * MINUTE, toMs: Math.floor(Number(row.last) / MINUTE) * MINUTE + MINUTE })
}

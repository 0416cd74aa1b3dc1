import type { ClickHouseClient } from '@clickhouse/client'
import { CALL_ROLLUPS, GATEWAY_CALL_COLUMNS, qualify, TABLES, type Classification, type DdlContext } from '@claimcheck/shared'
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

const STAGING = 'gateway_calls_reclassify'
const MINUTE = 60_000

// Stored values come back in insert form: the Timestamp as exact nanoseconds, token times as
// epoch seconds, so a rewritten row is the same row but for its cause. The converted columns get
// `__` aliases because ClickHouse resolves SELECT aliases in WHERE, where the originals are meant.
const CONVERTED: Record<string, string> = {
  Timestamp: 'toString(toUnixTimestamp64Nano(Timestamp))',
  TokenIssuedAt: 'toUnixTimestamp(TokenIssuedAt)',
  TokenNotBefore: 'toUnixTimestamp(TokenNotBefore)',
  TokenExpiresAt: 'toUnixTimestamp(TokenExpiresAt)',
}
const SELECT_COLUMNS = GATEWAY_CALL_COLUMNS.map((column) => (CONVERTED[column] ? `${CONVERTED[column]} AS __${column}` : column)).join(', ')

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
  await client.command({ query: `CREATE TABLE IF NOT EXISTS ${qualify(ctx, STAGING)} AS ${qualify(ctx, TABLES.calls)} ENGINE = MergeTree ORDER BY tuple()` })
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

function windowWhere(options: ReclassifyOptions, window: TimeWindow): { where: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = { fromMs: window.fromMs, toMs: window.toMs }
  let where = 'Timestamp >= fromUnixTimestamp64Milli({fromMs:Int64}) AND Timestamp < fromUnixTimestamp64Milli({toMs:Int64})'
  if (options.service) {
    where += ' AND ServiceName = {service:String}'
    params.service = options.service
  }
  return { where, params }
}

async function countCalls(options: ReclassifyOptions, window: TimeWindow): Promise<number> {
  const { where, params } = windowWhere(options, window)
  const result = await options.client.query({ query: `SELECT count() AS n FROM ${qualify(options.ctx, TABLES.calls)} WHERE ${where}`, query_params: params, format: 'JSONEachRow' })
  const [row] = await result.json<{ n: string | number }>()
  return Number(row?.n ?? 0)
}

async function reclassifyWindow(options: ReclassifyOptions, window: TimeWindow, progress: ReclassifyProgress): Promise<void> {
  const { client, ctx } = options
  const { where, params } = windowWhere(options, window)
  const result = await client.query({ query: `SELECT ${SELECT_COLUMNS}, IngestedAt FROM ${qualify(ctx, TABLES.calls)} WHERE ${where}`, query_params: params, format: 'JSONEachRow' })
  const rows = (await result.json<Record<string, unknown>>()).map(fromSelected)
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
  const params = { fromMs: window.fromMs, toMs: window.toMs }
  const services = `ServiceName IN (SELECT DISTINCT ServiceName FROM ${qualify(ctx, STAGING)})`
  const sync = 'SETTINGS mutations_sync = 2'
  const cluster = ctx.cluster ? ` ON CLUSTER \`${ctx.cluster}\`` : ''
  const minutes = 'Minute >= toDateTime(intDiv({fromMs:Int64}, 1000)) AND Minute < toDateTime(intDiv({toMs:Int64}, 1000))'
  for (const rollup of CALL_ROLLUPS) {
    await client.command({ query: `ALTER TABLE ${qualify(ctx, rollup)}${cluster} DELETE WHERE ${minutes} AND ${services} ${sync}`, query_params: params })
  }
  const calls = 'Timestamp >= fromUnixTimestamp64Milli({fromMs:Int64}) AND Timestamp < fromUnixTimestamp64Milli({toMs:Int64})'
  await client.command({ query: `ALTER TABLE ${qualify(ctx, TABLES.calls)}${cluster} DELETE WHERE ${calls} AND ${services} ${sync}`, query_params: params })
  await client.command({ query: `INSERT INTO ${qualify(ctx, TABLES.calls)} SELECT * FROM ${qualify(ctx, STAGING)}` })
  await client.command({ query: `TRUNCATE TABLE ${qualify(ctx, STAGING)}` })
}

/** Staged rows left by an interrupted run: their window may already be deleted, so write them back. */
async function finishInterruptedRun(options: ReclassifyOptions): Promise<void> {
  const { client, ctx } = options
  const result = await client.query({
    query: `SELECT count() AS n, toUnixTimestamp64Milli(min(Timestamp)) AS first, toUnixTimestamp64Milli(max(Timestamp)) AS last FROM ${qualify(ctx, STAGING)}`,
    format: 'JSONEachRow',
  })
  const [row] = await result.json<{ n: string | number; first: string | number; last: string | number }>()
  if (!row || Number(row.n) === 0) return
  await replaceWindow(options, { fromMs: Math.floor(Number(row.first) / MINUTE) * MINUTE, toMs: Math.floor(Number(row.last) / MINUTE) * MINUTE + MINUTE })
}

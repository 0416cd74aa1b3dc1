// Engine-side cost of the write path, lever by lever: the same otel_logs and gateway_calls rows
// inserted into variants of the tables in one embedded engine, each in a database of its own.
// Each variant's cost is the whole process's CPU from the first insert until its merges have
// settled (inserts + materialized views + projection + merges), per 100k rows.
// Run: pnpm bench ingest-engine   Env: BENCH_ROWS (default 200,000), BENCH_INSERT_ROWS (20,000)
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GATEWAY_CALL_COLUMNS, OTEL_LOG_COLUMNS, TABLES, StoreConfigSchema } from '@claimcheck/shared'
import { openStore, runMigrations } from '@claimcheck/shared/node'
import { toJsonCompactEachRow } from '../../collector/src/write/rows-text.ts'
import { engineRows, settleMerges } from './support/engine-rows.ts'

const ROWS = Number(process.env.BENCH_ROWS ?? 200_000)
const PER_INSERT = Number(process.env.BENCH_INSERT_ROWS ?? 20_000)
const { logRows, callRows } = engineRows(ROWS)

const dataDir = mkdtempSync(join(tmpdir(), 'claimcheck-bench-engine-'))
const store = await openStore(StoreConfigSchema.parse({ dataDir }))
const client = store.writer
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6 }

interface Variant { name: string; format?: 'TabSeparated' | 'CSV'; table: 'logs' | 'calls'; setup?: (db: string) => string[]; columns?: (cols: readonly string[]) => string[]; rows?: (row: unknown[]) => unknown[]; perInsert?: number; settings?: string }

const idx = (db: string, table: string, names: string[]) => names.map((name) => `ALTER TABLE ${db}.${table} DROP INDEX ${name}`)
const dropViews = (db: string) => [TABLES.callsRollupMv, TABLES.principalsRollupMv, TABLES.subjectFailuresRollupMv].map((mv) => `DROP VIEW ${db}.${mv}`)
// Fewer, wider merges: less write amplification for a stream of small parts, more parts at a time.
const MERGE_SETTINGS = ['min_parts_to_merge_at_once = 10', 'merge_selector_base = 10', 'merge_selector_base = 20', 'merge_selector_base = 50', 'merge_selector_enable_heuristic_to_lower_max_parts_to_merge_at_once = 0']
const mergeVariants = (kind: 'logs' | 'calls', table: string): Variant[] => MERGE_SETTINGS.map((setting) => ({
  name: `${table}, ${setting.replace(/merge_selector_enable_heuristic_to_lower_max_parts_to_merge_at_once/, 'lower-width heuristic')}`, table: kind,
  setup: (db: string) => [`ALTER TABLE ${db}.${table} MODIFY SETTING ${setting}`],
}))
const ONLY = process.env.BENCH_VARIANTS ? new RegExp(process.env.BENCH_VARIANTS) : undefined
const VARIANTS: Variant[] = [
  { name: 'otel_logs as migrated', table: 'logs' },
  { name: 'otel_logs, no skip indexes', table: 'logs', setup: (db) => idx(db, TABLES.logs, ['idx_trace_id', 'idx_res_attr_key', 'idx_res_attr_value', 'idx_scope_attr_key', 'idx_scope_attr_value', 'idx_log_attr_key', 'idx_log_attr_value', 'idx_body']) },
  { name: 'otel_logs, only idx_trace_id', table: 'logs', setup: (db) => idx(db, TABLES.logs, ['idx_res_attr_key', 'idx_res_attr_value', 'idx_scope_attr_key', 'idx_scope_attr_value', 'idx_log_attr_key', 'idx_log_attr_value', 'idx_body']) },
  { name: 'otel_logs as migrated, 100k per insert', table: 'logs', perInsert: 100_000 },
  ...mergeVariants('logs', TABLES.logs),
  { name: 'otel_logs as migrated, TabSeparated', table: 'logs', format: 'TabSeparated' },
  { name: 'otel_logs as migrated, CSV', table: 'logs', format: 'CSV' },
  { name: 'gateway_calls as migrated', table: 'calls' },
  { name: 'gateway_calls as migrated, TabSeparated', table: 'calls', format: 'TabSeparated' },
  ...mergeVariants('calls', TABLES.calls),
  { name: 'gateway_calls, no projection', table: 'calls', setup: (db) => [`ALTER TABLE ${db}.${TABLES.calls} DROP PROJECTION by_subject`] },
  { name: 'gateway_calls, no Attributes', table: 'calls', columns: (cols) => cols.filter((c) => c !== 'Attributes'), rows: (row) => row.filter((_, i) => GATEWAY_CALL_COLUMNS[i] !== 'Attributes') },
  { name: 'gateway_calls, no skip indexes', table: 'calls', setup: (db) => idx(db, TABLES.calls, ['idx_trace_id', 'idx_subject', 'idx_cause', 'idx_error_message']) },
  { name: 'gateway_calls, no MVs', table: 'calls', setup: (db) => dropViews(db) },
  { name: 'gateway_calls, bare (no MVs/projection/idx)', table: 'calls', setup: (db) => [...dropViews(db), `ALTER TABLE ${db}.${TABLES.calls} DROP PROJECTION by_subject`, ...idx(db, TABLES.calls, ['idx_trace_id', 'idx_subject', 'idx_cause', 'idx_error_message'])] },
]

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

let staged = false
/** The same rows in another text format, written by the engine itself (no JS serializer to write first). */
async function engineText(table: string, rowColumns: string[], columns: string[], format: string, rows: unknown[][], per: number): Promise<string[]> {
  if (!staged) {
    await client.command({ query: 'CREATE DATABASE staging' })
    await runMigrations(client, { database: 'staging' }, { logsDays: 0, tracesDays: 0, callsDays: 0, rollupDays: 0 })
    staged = true
  }
  await client.command({ query: `TRUNCATE TABLE staging.${table}` })
  const list = columns.map((c) => `\`${c}\``).join(', ')
  const rowList = rowColumns.map((c) => `\`${c}\``).join(', ')
  for (const chunk of chunks(rows, 20_000)) await client.command({ query: `INSERT INTO staging.${table} (${rowList}) FORMAT JSONCompactEachRow\n${toJsonCompactEachRow(chunk)}` })
  const text = await (await client.query({ query: `SELECT ${list} FROM staging.${table} ORDER BY ${table === TABLES.logs ? 'TimestampTime' : 'Timestamp'}`, format: format as 'TabSeparated' })).text()
  const lines = text.split('\n').filter(Boolean)
  return chunks(lines, per).map((chunk) => `${chunk.join('\n')}\n`)
}

console.log(`ingest-engine: ${ROWS.toLocaleString('en-US')} rows per variant, ${PER_INSERT.toLocaleString('en-US')} per insert unless noted; CPU-s per 100k rows, whole process, until merges settle`)
let n = 0
for (const variant of VARIANTS.filter((v) => !ONLY || ONLY.test(v.name))) {
  const db = `v${n++}`
  await client.command({ query: `CREATE DATABASE ${db}` })
  await runMigrations(client, { database: db }, { logsDays: 0, tracesDays: 0, callsDays: 0, rollupDays: 0 })
  for (const sql of variant.setup?.(db) ?? []) await client.command({ query: sql })
  const baseColumns = variant.table === 'logs' ? [...OTEL_LOG_COLUMNS] : [...GATEWAY_CALL_COLUMNS]
  const picked = variant.columns?.(baseColumns) ?? baseColumns
  // The query text is trimmed on its way in: a TSV row must not end with an empty field's tab.
  const columns = variant.format ? [...picked.slice(1), picked[0]!] : picked
  const rows = (variant.table === 'logs' ? logRows : callRows).map((row) => variant.rows?.(row) ?? row)
  const per = variant.perInsert ?? PER_INSERT
  const table = variant.table === 'logs' ? TABLES.logs : TABLES.calls
  const texts = variant.format ? await engineText(table, picked, columns, variant.format, rows, per) : chunks(rows, per).map(toJsonCompactEachRow)
  const head = `INSERT INTO ${db}.${table} (${columns.map((c) => `\`${c}\``).join(', ')}) FORMAT ${variant.format ?? 'JSONCompactEachRow'}\n`
  const cpu0 = cpu()
  const t0 = performance.now()
  for (const text of texts) await client.command({ query: head + text })
  const insertSeconds = (performance.now() - t0) / 1000
  const insertCpu = cpu() - cpu0
  await settleMerges(client, db)
  const totalCpu = cpu() - cpu0
  const [{ bytes, parts } = { bytes: '0', parts: '0' }] = await (await client.query({ query: `SELECT sum(bytes_on_disk) AS bytes, count() AS parts FROM system.parts WHERE database = '${db}' AND table = '${table}' AND active`, format: 'JSONEachRow' })).json<{ bytes: string; parts: string }>()
  const per100k = (x: number) => (x / (rows.length / 100_000)).toFixed(2)
  console.log(`${variant.name.padEnd(54)} insert ${Math.round(rows.length / insertSeconds).toLocaleString('en-US').padStart(8)} rows/s, insert CPU ${per100k(insertCpu)}, with merges ${per100k(totalCpu)}; ${(Number(bytes) / rows.length).toFixed(0)} B/row on disk, ${parts} parts`)
  await client.command({ query: `DROP DATABASE ${db} SYNC` })
}
await store.close()
rmSync(dataDir, { recursive: true, force: true })

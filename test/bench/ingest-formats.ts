// What the input format costs the embedded engine: the same otel_logs and gateway_calls rows, written
// to files by the engine itself in each format, then inserted with `INSERT … FROM INFILE` (as the
// ingest journal inserts its segments) into a Null table (the parse alone) and into the migrated
// table (parse + sort + compress + views + projection, until its merges settle). JSONCompactEachRow
// from the collector's own serializer is measured beside the engine's (`JSONCompactEachRow (JS)`).
// Run: pnpm bench ingest-formats   Env: BENCH_ROWS (200,000), BENCH_INSERT_ROWS (20,000), BENCH_FORMATS
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GATEWAY_CALL_COLUMNS, OTEL_LOG_COLUMNS, TABLES, StoreConfigSchema } from '@claimcheck/shared'
import { openStore, runMigrations } from '@claimcheck/shared/node'
import { toJsonCompactEachRow } from '../../collector/src/write/rows-text.ts'
import { engineRows, settleMerges } from './support/engine-rows.ts'

const ROWS = Number(process.env.BENCH_ROWS ?? 200_000)
const PER = Number(process.env.BENCH_INSERT_ROWS ?? 20_000)
const JS = 'JSONCompactEachRow (JS)'
const FORMATS = (process.env.BENCH_FORMATS ?? `${JS},JSONCompactEachRow,TabSeparated,RowBinary,Native`).split(',')
const NO_RETENTION = { logsDays: 0, tracesDays: 0, callsDays: 0, rollupDays: 0 }

const { logRows, callRows } = engineRows(ROWS)
const dataDir = mkdtempSync(join(tmpdir(), 'claimcheck-bench-formats-'))
const files = mkdtempSync(join(tmpdir(), 'claimcheck-bench-formats-files-'))
const store = await openStore(StoreConfigSchema.parse({ dataDir }))
const client = store.writer
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6 }
const list = (columns: readonly string[]) => columns.map((c) => `\`${c}\``).join(', ')

await client.command({ query: 'CREATE DATABASE staging' })
await runMigrations(client, { database: 'staging' }, NO_RETENTION)
console.log(`ingest-formats: ${ROWS.toLocaleString('en-US')} rows per table, ${PER.toLocaleString('en-US')} per INSERT … FROM INFILE; CPU-s per 100k rows, whole process (merges settled for the migrated table)`)
let n = 0
for (const [table, columns, rows, order] of [
  [TABLES.logs, OTEL_LOG_COLUMNS, logRows, 'TimestampTime, Body'],
  [TABLES.calls, GATEWAY_CALL_COLUMNS, callRows, 'Timestamp, TraceId, SpanId'],
] as const) {
  for (let i = 0; i < rows.length; i += 20_000) {
    await client.command({ query: `INSERT INTO staging.${table} (${list(columns)}) FORMAT JSONCompactEachRow\n${toJsonCompactEachRow(rows.slice(i, i + 20_000))}` })
  }
  for (const format of FORMATS) {
    const paths: string[] = []
    for (let offset = 0; offset < rows.length; offset += PER) {
      const path = join(files, `${table}-${paths.length}-${format.replace(/\W/g, '')}`)
      if (format === JS) writeFileSync(path, toJsonCompactEachRow(rows.slice(offset, offset + PER)))
      else await client.command({ query: `SELECT ${list(columns)} FROM staging.${table} ORDER BY ${order} LIMIT ${PER} OFFSET ${offset} INTO OUTFILE '${path}' TRUNCATE FORMAT ${format}` })
      paths.push(path)
    }
    const bytes = paths.reduce((sum, path) => sum + statSync(path).size, 0)
    const inputFormat = format === JS ? 'JSONCompactEachRow' : format
    for (const target of ['Null', 'migrated'] as const) {
      const db = `f${n++}`
      await client.command({ query: `CREATE DATABASE ${db}` })
      if (target === 'Null') await client.command({ query: `CREATE TABLE ${db}.${table} AS staging.${table} ENGINE = Null` })
      else await runMigrations(client, { database: db }, NO_RETENTION)
      const cpu0 = cpu()
      const t0 = performance.now()
      for (const path of paths) await client.command({ query: `INSERT INTO ${db}.${table} (${list(columns)}) FROM INFILE '${path}' FORMAT ${inputFormat}` })
      const seconds = (performance.now() - t0) / 1000
      if (target === 'migrated') await settleMerges(client, db)
      const per100k = (x: number) => (x / (rows.length / 100_000)).toFixed(2)
      console.log(`${table.padEnd(14)} ${format.padEnd(24)} ${target.padEnd(9)} ${(bytes / rows.length).toFixed(0).padStart(4)} B/row  ${Math.round(rows.length / seconds).toLocaleString('en-US').padStart(10)} rows/s  CPU ${per100k(cpu() - cpu0)}`)
      await client.command({ query: `DROP DATABASE ${db} SYNC` })
    }
  }
}
await store.close()
rmSync(dataDir, { recursive: true, force: true })
rmSync(files, { recursive: true, force: true })

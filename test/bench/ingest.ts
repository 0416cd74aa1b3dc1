// End-to-end ingest benchmark: 1,000,000 gateway access-log records as OTLP/HTTP protobuf
// (batches of 1,000, several concurrent keep-alive senders) into `claimcheck start` on the
// embedded engine; then, in the same run, a baseline inserting the same rows straight into a
// fresh embedded ClickHouse with @clickhouse/client. Run: pnpm bench ingest
// Env: BENCH_RECORDS (default 1,000,000), BENCH_SENDERS (default 10: the OpenTelemetry
// Collector exporters' default sending_queue.num_consumers, i.e. one collector in front).
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GATEWAY_CALL_COLUMNS, OTEL_LOG_COLUMNS, TABLES } from '@claimcheck/shared'
import { openStore, runMigrations } from '@claimcheck/shared/node'
import { createClassifier } from '@claimcheck/classifier'
import { normalizeLogs, toGatewayCallRowFromCandidate } from '../../collector/src/normalize/index.ts'
import { PROTOBUF_CODEC } from '../../collector/src/otlp/index.ts'
import { accessLogBatches } from './support/access-log-batches.ts'

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000)
const SENDERS = Number(process.env.BENCH_SENDERS ?? 10)
const factory = accessLogBatches(1000)
const BATCHES = Math.ceil(RECORDS / factory.recordsPerBatch)
const CLI = new URL('../../cli/bin/claimcheck.js', import.meta.url).pathname
const TICKS_PER_SECOND = 100
// Extra node flags for the claimcheck process (e.g. --cpu-prof, V8 heap sizes), to measure levers.
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)

function procStat(pid: number) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0)
  // Fields after "comm)": state is [0], utime [11], stime [12] (proc(5), 1-based 14 and 15).
  return { cpuSeconds: (Number(stat[11]) + Number(stat[12])) / TICKS_PER_SECOND, peakRssMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 }
}

/** CPU seconds per thread name (ClickHouse names its pools; node's main thread is `node`, libuv's workers `libuv-worker`). */
function threadCpu(pid: number): Map<string, number> {
  const byName = new Map<string, number>()
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      const comm = readFileSync(`/proc/${pid}/task/${task}/comm`, 'utf8').trim().replace(/[0-9]+$/, '')
      // The main thread runs the JavaScript; other `node` threads are libuv's (the engine's inserts run there) and V8's.
      const name = task === String(pid) ? 'js main' : comm === 'node' ? 'node workers' : comm
      const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8').split(') ')[1]!.split(' ')
      byName.set(name, (byName.get(name) ?? 0) + (Number(stat[11]) + Number(stat[12])) / TICKS_PER_SECOND)
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return byName
}

async function startClaimcheck(dataDir: string) {
  const child = spawn(process.execPath, [...NODE_ARGS, CLI, 'start', '--data-dir', dataDir, '--port', '0', '--otlp-http-port', '0', '--otlp-grpc-port', '0'], {
    env: { ...process.env, CLAIMCHECK_LOG_JSON: '1', CLAIMCHECK_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let output = ''
  const httpPort = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk
      const match = /"http":(\d+)/.exec(output)
      if (match) resolve(Number(match[1]))
    })
    child.once('exit', (code) => reject(new Error(`claimcheck exited ${code}: ${output}`)))
  })
  return { child, httpPort }
}

function post(agent: Agent, port: number, body: Buffer): Promise<{ status: number; retryAfter: number }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/v1/logs', method: 'POST', agent, headers: { 'Content-Type': 'application/x-protobuf', 'Content-Length': body.length } }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: Number(res.headers['retry-after'] ?? 0) }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** Inserts per table from the collector's own metrics: how many, rows each, engine seconds. */
async function insertFigures(port: number) {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()
  const value = (name: string, table: string) => Number(new RegExp(`^${name}\\{[^}]*table="${table}"[^}]*\\} ([0-9.e+]+)`, 'm').exec(text)?.[1] ?? 0)
  const tables = [...new Set([...text.matchAll(/^claimcheck_batch_rows_count\{[^}]*table="([^"]+)"/gm)].map((m) => m[1]!))]
  return tables.map((table) => ({
    table,
    inserts: value('claimcheck_batch_rows_count', table),
    rows: value('claimcheck_batch_rows_sum', table),
    seconds: value('claimcheck_write_duration_seconds_sum', table),
  }))
}

async function runEndToEnd() {
  const dataDir = mkdtempSync(join(tmpdir(), 'claimcheck-bench-'))
  const { child, httpPort } = await startClaimcheck(dataDir)
  const before = procStat(child.pid!)
  const threadsBefore = threadCpu(child.pid!)
  const agent = new Agent({ keepAlive: true, maxSockets: SENDERS })
  let next = 0
  let retries = 0
  const started = performance.now()
  await Promise.all(Array.from({ length: SENDERS }, async () => {
    while (next < BATCHES) {
      const body = factory.batch(next++)
      for (;;) {
        const { status, retryAfter } = await post(agent, httpPort, body)
        if (status === 200) break
        if (status !== 429 && status !== 503) throw new Error(`unexpected status ${status}`)
        retries++
        await new Promise((resolve) => setTimeout(resolve, Math.max(50, retryAfter * 1000)))
      }
    }
  }))
  // Every 200 was sent after its rows were written: the last answer is the end of the run.
  const seconds = (performance.now() - started) / 1000
  const after = procStat(child.pid!)
  const writes = await insertFigures(httpPort)
  const threads = [...threadCpu(child.pid!)].map(([name, cpu]) => ({ name, cpu: cpu - (threadsBefore.get(name) ?? 0) })).filter((t) => t.cpu > 0.05).sort((a, b) => b.cpu - a.cpu)
  agent.destroy()
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
  rmSync(dataDir, { recursive: true, force: true })
  return { seconds, retries, cpuSeconds: after.cpuSeconds - before.cpuSeconds, peakRssMb: after.peakRssMb, threads, writes }
}

/** The same otel_logs and gateway_calls rows, inserted directly, 20,000 rows per insert. */
async function runBaseline() {
  const dataDir = mkdtempSync(join(tmpdir(), 'claimcheck-bench-direct-'))
  const store = await openStore({ dataDir, database: 'default', username: 'default', password: '' })
  await runMigrations(store.writer, { database: 'default' }, { logsDays: 0, tracesDays: 0, callsDays: 0, rollupDays: 0 })
  const classifier = createClassifier()
  let insertSeconds = 0
  const perInsert = 20
  for (let first = 0; first < BATCHES; first += perInsert) {
    const logRows: unknown[][] = []
    const callRows: unknown[][] = []
    for (let n = first; n < Math.min(BATCHES, first + perInsert); n++) {
      const { rows, calls } = normalizeLogs(PROTOBUF_CODEC.decodeLogs(factory.batch(n)).request)
      logRows.push(...rows)
      for (const call of calls) callRows.push(toGatewayCallRowFromCandidate(call, classifier.classify(call.facts)))
    }
    const t0 = performance.now()
    await store.writer.insert({ table: TABLES.logs, values: logRows, format: 'JSONCompactEachRow', columns: [...OTEL_LOG_COLUMNS] })
    await store.writer.insert({ table: TABLES.calls, values: callRows, format: 'JSONCompactEachRow', columns: GATEWAY_CALL_COLUMNS })
    insertSeconds += (performance.now() - t0) / 1000
  }
  classifier.close()
  await store.close()
  rmSync(dataDir, { recursive: true, force: true })
  return { seconds: insertSeconds }
}

const records = BATCHES * factory.recordsPerBatch
console.log(`ingest: ${records.toLocaleString('en-US')} records, ${BATCHES} OTLP/HTTP protobuf batches of ${factory.recordsPerBatch} (${(factory.bytesPerBatch / 1024).toFixed(0)} KiB each), ${SENDERS} keep-alive senders; every record is a gateway call (half with a bearer JWT)`)
const e2e = await runEndToEnd()
const rate = records / e2e.seconds
console.log(`end-to-end:  ${Math.round(rate).toLocaleString('en-US')} records/s (${e2e.seconds.toFixed(1)} s, ${e2e.retries} retries after 429/503)`)
console.log(`collector:   ${(e2e.cpuSeconds / (records / 100_000)).toFixed(2)} CPU-seconds per 100k records; peak RSS ${e2e.peakRssMb.toFixed(0)} MB`)
console.log(`  by thread:  ${e2e.threads.map((t) => `${t.name} ${(t.cpu / (records / 100_000)).toFixed(2)}`).join(', ')} (CPU-s per 100k records)`)
for (const w of e2e.writes) console.log(`  ${w.table.padEnd(26)} ${w.inserts} inserts of ${Math.round(w.rows / Math.max(1, w.inserts)).toLocaleString('en-US')} rows on average, ${w.seconds.toFixed(1)} s in the engine (${Math.round(w.rows / Math.max(w.seconds, 1e-9)).toLocaleString('en-US')} rows/s while inserting)`)
// BENCH_BASELINE=0 skips the baseline (when comparing levers of the end-to-end path only).
if (process.env.BENCH_BASELINE === '0') process.exit(0)
const baseline = await runBaseline()
const baselineRate = records / baseline.seconds
console.log(`baseline:    ${Math.round(baselineRate).toLocaleString('en-US')} records/s (direct @clickhouse/client inserts of the same otel_logs + gateway_calls rows, ${baseline.seconds.toFixed(1)} s of insert time)`)
console.log(`ratio:       ${(rate / baselineRate).toFixed(2)}× of the direct-insert baseline`)

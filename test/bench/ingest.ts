// End-to-end ingest benchmark: 1,000,000 gateway access-log records as OTLP/HTTP protobuf
// (batches of 1,000, several concurrent keep-alive senders) into `claimcheck start` on the
// embedded engine; then, in the same run, a baseline inserting the same rows straight into a
// fresh embedded ClickHouse with @clickhouse/client. Run: pnpm bench ingest
// Env: BENCH_RECORDS (default 1,000,000), BENCH_SENDERS (default 10: the OpenTelemetry
// Collector exporters' default sending_queue.num_consumers, i.e. one collector in front).
import { mkdtempSync, rmSync } from 'node:fs'
import { Agent } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GATEWAY_CALL_COLUMNS, OTEL_LOG_COLUMNS, TABLES, StoreConfigSchema } from '@claimcheck/shared'
import { openStore, runMigrations } from '@claimcheck/shared/node'
import { createClassifier } from '@claimcheck/classifier'
import { accessLogBatches } from './support/access-log-batches.ts'
import { rowsOfBatches } from './support/engine-rows.ts'
import { insertFigures, prepareBusySeconds, procStat, sampleMemory, sendUntilAccepted, startClaimcheck, threadCpu, waitUntilStored } from './support/claimcheck-process.ts'

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000)
const SENDERS = Number(process.env.BENCH_SENDERS ?? 10)
const factory = accessLogBatches(1000)
const BATCHES = Math.ceil(RECORDS / factory.recordsPerBatch)

async function runEndToEnd() {
  const dataDir = mkdtempSync(join(tmpdir(), 'claimcheck-bench-'))
  const claimcheck = await startClaimcheck(dataDir)
  const { child, otlpPort: httpPort } = claimcheck
  const before = procStat(child.pid!)
  const threadsBefore = threadCpu(child.pid!)
  const prepareBefore = await prepareBusySeconds(httpPort)
  const agent = new Agent({ keepAlive: true, maxSockets: SENDERS })
  const memory = sampleMemory(httpPort, child.pid!)
  let next = 0
  let retries = 0
  const started = performance.now()
  await Promise.all(Array.from({ length: SENDERS }, async () => {
    while (next < BATCHES) {
      retries += (await sendUntilAccepted(agent, httpPort, factory.batch(next++))).retries
    }
  }))
  const ackedSeconds = (performance.now() - started) / 1000
  // Answers come once rows are in the ingest journal: the run ends when they are in ClickHouse.
  await waitUntilStored(httpPort)
  const seconds = (performance.now() - started) / 1000
  const after = procStat(child.pid!)
  const writes = await insertFigures(httpPort)
  const prepareSeconds = (await prepareBusySeconds(httpPort)) - prepareBefore
  const threads = [...threadCpu(child.pid!)].map(([name, cpu]) => ({ name, cpu: cpu - (threadsBefore.get(name) ?? 0) })).filter((t) => t.cpu > 0.05).sort((a, b) => b.cpu - a.cpu)
  agent.destroy()
  const memoryAtPeak = memory.stop()
  await claimcheck.stop()
  const stored = await countStored(dataDir)
  rmSync(dataDir, { recursive: true, force: true })
  return { seconds, ackedSeconds, stored, memoryAtPeak, retries, cpuSeconds: after.cpuSeconds - before.cpuSeconds, peakRssMb: after.peakRssMb, threads, writes, prepareSeconds }
}

/** Rows in the raw logs table and in gateway_calls after the run, read from the stopped process's data. */
async function countStored(dataDir: string) {
  const store = await openStore(StoreConfigSchema.parse({ dataDir }))
  const count = async (table: string) => Number((await (await store.reader.query({ query: `SELECT count() AS n FROM ${table}`, format: 'JSONEachRow' })).json<{ n: string }>())[0]!.n)
  const result = { logs: await count(TABLES.logs), calls: await count(TABLES.calls) }
  await store.close()
  return result
}

/** The same otel_logs and gateway_calls rows, inserted directly, 20,000 rows per insert. */
async function runBaseline() {
  const dataDir = mkdtempSync(join(tmpdir(), 'claimcheck-bench-direct-'))
  const store = await openStore(StoreConfigSchema.parse({ dataDir }))
  await runMigrations(store.writer, { database: 'default' }, { logsDays: 0, tracesDays: 0, callsDays: 0, rollupDays: 0 })
  const classifier = createClassifier()
  let insertSeconds = 0
  const perInsert = 20
  for (let first = 0; first < BATCHES; first += perInsert) {
    const { logRows, callRows } = rowsOfBatches(factory, first, Math.min(BATCHES, first + perInsert), classifier)
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
console.log(`end-to-end:  ${Math.round(rate).toLocaleString('en-US')} records/s stored (${e2e.seconds.toFixed(1)} s until every row was in ClickHouse, last answer at ${e2e.ackedSeconds.toFixed(1)} s; ${e2e.retries} retries after 429/503)`)
console.log(`stored:      ${e2e.stored.logs.toLocaleString('en-US')} otel_logs rows, ${e2e.stored.calls.toLocaleString('en-US')} gateway_calls rows${e2e.stored.logs === records && e2e.stored.calls === records ? '' : ` — expected ${records.toLocaleString('en-US')} of each`}`)
console.log(`collector:   ${(e2e.cpuSeconds / (records / 100_000)).toFixed(2)} CPU-seconds per 100k records; peak RSS ${e2e.peakRssMb.toFixed(0)} MB`)
if (e2e.memoryAtPeak) {
  const m = e2e.memoryAtPeak
  console.log(`  memory at the highest sampled RSS (${m.rss.toFixed(0)} MB: ${m.anon.toFixed(0)} MB anonymous, ${m.file.toFixed(0)} MB file-backed — the mapped engine library): main thread V8 heap ${m.heapUsed.toFixed(0)} used of ${m.heapTotal.toFixed(0)} MB, buffers outside it ${m.external.toFixed(0)} MB, prepare threads' heaps ${m.prepareHeap.toFixed(0)} MB, engine-tracked ${m.engine.toFixed(0)} MB`)
}
console.log(`  by thread:  ${e2e.threads.map((t) => `${t.name} ${(t.cpu / (records / 100_000)).toFixed(2)}`).join(', ')} (CPU-s per 100k records)`)
// The prepare threads are named like libuv's (`node`): their busy time comes from the collector's counter.
console.log(`  of which the prepare threads (decode → normalize → serialize, counted in node workers): ${(e2e.prepareSeconds / (records / 100_000)).toFixed(2)} busy-s per 100k records`)
for (const w of e2e.writes) console.log(`  ${w.table.padEnd(26)} ${w.inserts} inserts of ${Math.round(w.rows / Math.max(1, w.inserts)).toLocaleString('en-US')} rows on average, ${w.seconds.toFixed(1)} s in the engine (${Math.round(w.rows / Math.max(w.seconds, 1e-9)).toLocaleString('en-US')} rows/s while inserting)`)
// BENCH_BASELINE=0 skips the baseline (when comparing levers of the end-to-end path only).
if (process.env.BENCH_BASELINE === '0') process.exit(0)
const baseline = await runBaseline()
const baselineRate = records / baseline.seconds
console.log(`baseline:    ${Math.round(baselineRate).toLocaleString('en-US')} records/s (direct @clickhouse/client inserts of the same otel_logs + gateway_calls rows, ${baseline.seconds.toFixed(1)} s of insert time)`)
console.log(`ratio:       ${(rate / baselineRate).toFixed(2)}× of the direct-insert baseline`)

// Soak: a real `claimcheck start` under steady OTLP load for a long time. First the maximum rate
// (closed-loop senders, as `pnpm bench ingest`), then the overview's latency idle, then
// BENCH_SOAK_SECONDS (default 600) at BENCH_LOAD (default 0.8) of that maximum, paced open-loop:
// every window prints RSS, ack latency and overview p95, so growth over time is visible; then the
// overview idle again over the same data, which the loaded p95 is compared with too.
// Run: pnpm bench soak   Env: BENCH_SOAK_SECONDS, BENCH_LOAD, BENCH_WINDOW_SECONDS (60), BENCH_SENDERS (10),
// BENCH_RATE (records/s offered instead of BENCH_LOAD × the maximum: A/B runs at the same load,
// since the 30-second maximum itself varies by ±15 % from run to run here)
import { mkdtempSync, rmSync } from 'node:fs'
import { Agent } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { accessLogBatches } from './support/access-log-batches.ts'
import { dashboardQueryTotals, procStat, sendUntilAccepted, startClaimcheck, threadCpu, waitUntilStored } from './support/claimcheck-process.ts'

const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 600)
const LOAD = Number(process.env.BENCH_LOAD ?? 0.8)
const WINDOW_SECONDS = Number(process.env.BENCH_WINDOW_SECONDS ?? 60)
const SENDERS = Number(process.env.BENCH_SENDERS ?? 10)
const FIXED_RATE = process.env.BENCH_RATE ? Number(process.env.BENCH_RATE) : undefined
const TOKEN = 'soak-benchmark-token-0123456789'
const factory = accessLogBatches(1000)

const dataDir = mkdtempSync(join(tmpdir(), 'claimcheck-soak-'))
const claimcheck = await startClaimcheck(dataDir, { CLAIMCHECK_API_TOKENS: TOKEN })
const pid = claimcheck.child.pid!
const agent = new Agent({ keepAlive: true, maxSockets: SENDERS })
let next = 0

const send = () => sendUntilAccepted(agent, claimcheck.otlpPort, factory.batch(next++))

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!
}

/** One overview page load: summary, timeseries and 4 top-N of the last hour, concurrently (ms). */
async function overview(): Promise<number> {
  const paths = ['/summary', '/timeseries', ...['route', 'subject', 'issuer', 'client'].map((d) => `/top?dimension=${d}`)]
  const started = performance.now()
  await Promise.all(paths.map(async (path) => {
    const response = await fetch(`http://127.0.0.1:${claimcheck.dashboardPort}/api/v1${path}${path.includes('?') ? '&' : '?'}from=now-1h`, { headers: { Authorization: `Bearer ${TOKEN}` } })
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`)
    await response.arrayBuffer()
  }))
  return performance.now() - started
}

/** The mean dashboard query (ms) and queries per page load between two totals. */
const queryFigures = (from: { count: number; seconds: number }, to: { count: number; seconds: number }, pageLoads: number) =>
  `${((to.count - from.count) / pageLoads).toFixed(1)} queries per page load, ${(((to.seconds - from.seconds) / Math.max(1, to.count - from.count)) * 1000).toFixed(1)} ms each on average`

/** 20 page loads after 3 to warm up, with nothing else running: p95 (ms). */
async function idleOverview(label: string): Promise<number> {
  const before = await dashboardQueryTotals(claimcheck.dashboardPort, TOKEN)
  const times: number[] = []
  for (let i = 0; i < 23; i++) times.push(await overview())
  const p95 = quantile(times.slice(3), 0.95)
  console.log(`overview idle ${label}: p50 ${quantile(times.slice(3), 0.5).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (20 page loads; ${queryFigures(before, await dashboardQueryTotals(claimcheck.dashboardPort, TOKEN), 23)})`)
  return p95
}

/** A request the engine does not answer (/api/health reads cached state): the event loop's share of the latency (ms). */
async function health(): Promise<number> {
  const started = performance.now()
  const response = await fetch(`http://127.0.0.1:${claimcheck.dashboardPort}/api/health`)
  await response.arrayBuffer()
  return performance.now() - started
}

// 1. Maximum rate: closed-loop senders for 30 s.
const maxStarted = performance.now()
let maxRecords = 0
await Promise.all(Array.from({ length: SENDERS }, async () => {
  while (performance.now() - maxStarted < 30_000) {
    await send()
    maxRecords += factory.recordsPerBatch
  }
}))
// Answers come once rows are journaled: the rate counts until they are all in ClickHouse.
await waitUntilStored(claimcheck.otlpPort)
const maxRate = maxRecords / ((performance.now() - maxStarted) / 1000)
const offered = FIXED_RATE ?? LOAD * maxRate
console.log(`soak: max ${Math.round(maxRate).toLocaleString('en-US')} records/s (30 s, ${SENDERS} closed-loop senders); then ${SOAK_SECONDS} s at ${Math.round((offered / maxRate) * 100)} % = ${Math.round(offered).toLocaleString('en-US')} records/s, paced${FIXED_RATE ? ' (BENCH_RATE)' : ''}`)

// 2. The overview idle, after the store settles, over the data just sent.
await new Promise((resolve) => setTimeout(resolve, 10_000))
const idleP95 = await idleOverview('before the soak')

// 3. Paced load: batches start on a schedule (open loop); at most SENDERS in flight.
const batchesPerSecond = offered / factory.recordsPerBatch
const soakStarted = performance.now()
let window = { acks: [] as number[], overview: [] as number[], health: [] as number[], retries: 0, late: 0 }
const rows: string[] = []
let inFlight = 0
let scheduled = 0
const done = (async () => {
  while (performance.now() - soakStarted < SOAK_SECONDS * 1000) {
    const due = soakStarted + (scheduled / batchesPerSecond) * 1000
    const wait = due - performance.now()
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    if (inFlight >= SENDERS) {
      // Every sender waits for an answer: the collector is slower than the offered load.
      await new Promise((resolve) => setTimeout(resolve, 5))
      continue
    }
    if (performance.now() - due > 100) window.late++
    scheduled++
    inFlight++
    void send().then(({ ms, retries }) => {
      window.acks.push(ms)
      window.retries += retries
      inFlight--
    })
  }
  while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 20))
})()
const probing = (async () => {
  while (performance.now() - soakStarted < SOAK_SECONDS * 1000) {
    window.overview.push(await overview())
    window.health.push(await health())
    await new Promise((resolve) => setTimeout(resolve, 2_000))
  }
})()
const allOverview: number[] = []
const queriesBefore = await dashboardQueryTotals(claimcheck.dashboardPort, TOKEN)
let windowStart = performance.now()
let threadsBefore = threadCpu(pid)
while (performance.now() - soakStarted < SOAK_SECONDS * 1000) {
  await new Promise((resolve) => setTimeout(resolve, Math.min(WINDOW_SECONDS * 1000, SOAK_SECONDS * 1000 - (performance.now() - soakStarted))))
  const { rssMb } = procStat(pid)
  const threads = threadCpu(pid)
  const before = threadsBefore
  const cpuOf = (names: string[]) => names.reduce((sum, name) => sum + (threads.get(name) ?? 0) - (before.get(name) ?? 0), 0)
  threadsBefore = threads
  const seconds = (performance.now() - windowStart) / 1000
  const w = window
  window = { acks: [], overview: [], health: [], retries: 0, late: 0 }
  windowStart = performance.now()
  allOverview.push(...w.overview)
  rows.push(`| ${Math.round((performance.now() - soakStarted) / 1000)} s | ${Math.round((w.acks.length * factory.recordsPerBatch) / seconds).toLocaleString('en-US')} | ${rssMb.toFixed(0)} MB | ${quantile(w.acks, 0.5).toFixed(0)} / ${quantile(w.acks, 0.95).toFixed(0)} / ${quantile(w.acks, 0.99).toFixed(0)} ms | ${quantile(w.overview, 0.95).toFixed(1)} ms | ${quantile(w.health, 0.95).toFixed(1)} ms | ${w.retries} | ${w.late} | ${[['js main'], ['node workers', 'ThreadPool', 'QueryPipelineEx', 'QueryCompPipeEx', 'ChunkParser', 'Segmentator'], ['MergeMutate']].map((names) => (cpuOf(names) / seconds).toFixed(2)).join(' / ')} |`)
  console.log(rows.at(-1))
}
await Promise.all([done, probing])
console.log(`overview under load: ${queryFigures(queriesBefore, await dashboardQueryTotals(claimcheck.dashboardPort, TOKEN), allOverview.length)}`)
const { peakRssMb } = procStat(pid)
const loadP95 = quantile(allOverview, 0.95)
// 4. The overview idle again, over everything the soak stored: the same data as the loaded page loads
// read at their end, so the ratio below is the cost of sharing the cores, not of a larger store.
await waitUntilStored(claimcheck.otlpPort)
await new Promise((resolve) => setTimeout(resolve, 10_000))
const afterP95 = await idleOverview('after the soak')
console.log(`\n| at | records/s | RSS | ack p50 / p95 / p99 | overview p95 | /api/health p95 | retries | batches sent > 100 ms late | cores busy: JS / engine queries+inserts / merges |\n|---|---|---|---|---|---|---|---|---|\n${rows.join('\n')}`)
console.log(`\npeak RSS ${peakRssMb.toFixed(0)} MB; overview p95 under load ${loadP95.toFixed(1)} ms vs idle ${idleP95.toFixed(1)} ms before the soak: ${(loadP95 / idleP95).toFixed(2)}×; vs idle ${afterP95.toFixed(1)} ms after it, over the same data: ${(loadP95 / afterP95).toFixed(2)}× (target ≤ 2×)`)
agent.destroy()
await claimcheck.stop()
rmSync(dataDir, { recursive: true, force: true })

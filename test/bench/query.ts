// Query API benchmark (issue: every dashboard question answered fast). Generates N gateway calls
// over 7 days and N spans in a temp embedded store, then times the real HTTP API the way the
// dashboard asks: the whole overview (summary + timeseries + 4 top-N, concurrently), the calls
// explorer's first page, a trace by id, a subject's history. In the same run the overview is
// computed from the raw table (`source=raw`, no rollups) for the speed-up.
// Run: pnpm bench query   BENCH_ROWS=10000000 BENCH_SPANS=10000000 BENCH_RUNS=20
import type { AddressInfo } from 'node:net'
import pino from 'pino'
import { createDashboardApp, createQueryApi } from '@claimcheck/server'
import { BENCH_API_TOKEN, callIds, generateTraffic, openBenchStore } from './support/synthetic-store.ts'

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000_000)
const SPANS = Number(process.env.BENCH_SPANS ?? 10_000_000)
const RUNS = Number(process.env.BENCH_RUNS ?? 20)
const WARMUP = 3

const bench = await openBenchStore('query')
const { store, config } = bench
const now = Date.now()
const load = await generateTraffic(store, { calls: ROWS, spans: SPANS, days: 7, endMs: now })
const [counts] = await (await store.reader.query({
  query: `SELECT (SELECT count() FROM gateway_calls) AS calls, (SELECT count() FROM otel_traces) AS spans,
    (SELECT count() FROM gateway_calls_1m) AS calls_1m, (SELECT count() FROM otel_traces_trace_id_ts) AS traces`,
  format: 'JSONEachRow',
})).json<Record<string, string>>()
console.log(`generated in ${load.seconds.toFixed(1)} s:`, counts)

const logger = pino({ level: 'silent' })
const app = createDashboardApp({ store, config, logger, version: 'bench', operations: createQueryApi({ store, config, logger, now: () => now }) })
const server = app.listen(0, '127.0.0.1')
await new Promise((resolve) => server.once('listening', resolve))
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`

async function get(path: string): Promise<{ meta?: { source?: string } }> {
  const response = await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${BENCH_API_TOKEN}` } })
  const body = (await response.json()) as { meta?: { source?: string }; error?: unknown }
  if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`)
  return body
}

/** p50/p95 wall time of `paths` fetched concurrently (as one page load asks them), over RUNS rounds. */
async function time(paths: (run: number) => string[]): Promise<{ p50: number; p95: number; sources: string }> {
  const samples: number[] = []
  const sources = new Set<string>()
  for (let run = 0; run < RUNS + WARMUP; run++) {
    const started = performance.now()
    const bodies = await Promise.all(paths(run).map(get))
    if (run >= WARMUP) samples.push(performance.now() - started)
    for (const body of bodies) if (body.meta?.source) sources.add(body.meta.source)
  }
  samples.sort((a, b) => a - b)
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)]!
  return { p50: at(0.5), p95: at(0.95), sources: [...sources].join(', ') }
}

const overview = (range: string, extra = '') => () => [
  `/summary?from=now-${range}${extra}`,
  `/timeseries?from=now-${range}${extra}`,
  ...['route', 'subject', 'issuer', 'client'].map((dimension) => `/top?dimension=${dimension}&from=now-${range}${extra}`),
]
// Different traces and subjects per round, among the newest calls (those with spans).
const samples = await Promise.all(Array.from({ length: RUNS + WARMUP }, (_, i) => callIds(store, Math.floor((i * SPANS) / 4 / (RUNS + WARMUP)))))

const rows: { question: string; range: string; target: number; result: Awaited<ReturnType<typeof time>> }[] = []
for (const range of ['24h', '7d']) {
  rows.push({ question: 'overview (summary + timeseries + 4 top-N)', range, target: range === '24h' ? 200 : 400, result: await time(overview(range)) })
}
// Each part of the 7-day overview alone, to see where its time goes.
const parts: [string, Awaited<ReturnType<typeof time>>][] = []
for (const path of overview('7d')()) parts.push([path.split('&from')[0]!.split('?from')[0]!, await time(() => [path])])
const raw24 = await time(overview('24h', '&source=raw'))
const raw7 = await time(overview('7d', '&source=raw'))
rows.push({ question: 'calls, first page', range: '24h', target: 100, result: await time(() => ['/calls?from=now-24h']) })
rows.push({ question: 'calls, first page', range: '7d', target: 100, result: await time(() => ['/calls?from=now-7d']) })
rows.push({ question: 'calls, message search', range: '24h', target: 100, result: await time(() => ['/calls?from=now-24h&q=does%20not%20exist']) })
rows.push({ question: 'trace by id', range: 'all', target: 100, result: await time((run) => [`/traces/${samples[run]!.traceId}`]) })
rows.push({ question: 'subject history', range: '24h', target: 150, result: await time((run) => [`/subjects/${samples[run]!.subject}?from=now-24h`]) })
rows.push({ question: 'subject history', range: '7d', target: 150, result: await time((run) => [`/subjects/${samples[run]!.subject}?from=now-7d`]) })

console.log(`\n${ROWS.toLocaleString('en')} calls over 7 days, ${SPANS.toLocaleString('en')} spans; ${RUNS} timed rounds after ${WARMUP} warm-up\n`)
console.log('| question | range | read from | p50 ms | p95 ms | target p95 | met |\n|---|---|---|---|---|---|---|')
for (const { question, range, target, result } of rows) {
  console.log(`| ${question} | ${range} | ${result.sources || '—'} | ${result.p50.toFixed(1)} | ${result.p95.toFixed(1)} | ≤ ${target} ms | ${result.p95 <= target ? 'yes' : 'no'} |`)
}
console.log('\n| overview without rollups (raw table) | range | p50 ms | p95 ms | speed-up of the rollups (p50) |\n|---|---|---|---|---|')
console.log(`| raw | 24h | ${raw24.p50.toFixed(1)} | ${raw24.p95.toFixed(1)} | ${(raw24.p50 / rows[0]!.result.p50).toFixed(1)}× |`)
console.log(`| raw | 7d | ${raw7.p50.toFixed(1)} | ${raw7.p95.toFixed(1)} | ${(raw7.p50 / rows[1]!.result.p50).toFixed(1)}× |`)

console.log('\n| part of the 7-day overview, alone | read from | p50 ms | p95 ms |\n|---|---|---|---|')
for (const [path, result] of parts) console.log(`| ${path} | ${result.sources} | ${result.p50.toFixed(1)} | ${result.p95.toFixed(1)} |`)

server.close()
await bench.close()

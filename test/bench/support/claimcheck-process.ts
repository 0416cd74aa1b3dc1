// A real `claimcheck start` process for the ingest benchmarks, and what /proc and its /metrics say about it.
import { spawn, type ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { request, type Agent } from 'node:http'

/** The CLI as run from the sources (tsx) and as production runs it (scripts/build-cli.js). */
export const CLI_ENTRIES = {
  tsx: new URL('../../../cli/bin/claimcheck.js', import.meta.url).pathname,
  compiled: new URL('../../../cli/dist/esm/main.js', import.meta.url).pathname,
} as const
export type CliEntry = keyof typeof CLI_ENTRIES
// BENCH_CLI=compiled measures the production build (build it first: node scripts/build-cli.js).
const DEFAULT_ENTRY: CliEntry = process.env.BENCH_CLI === 'compiled' ? 'compiled' : 'tsx'
const TICKS_PER_SECOND = 100
// Extra node flags for the claimcheck process (e.g. --cpu-prof, V8 heap sizes), to measure levers.
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)

/** A `/proc/<pid>/status` field in kB (VmHWM, VmRSS, RssAnon, RssFile…), read from `status` text. */
const statusKb = (status: string, key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0)

/** The collector's Prometheus text, and one unlabelled sample of it. */
const scrapeMetrics = async (port: number, token?: string) => (await fetch(`http://127.0.0.1:${port}/metrics`, token ? { headers: { Authorization: `Bearer ${token}` } } : {})).text()
const gaugeValue = (text: string, name: string) => Number(new RegExp(`^${name} ([0-9.e+]+)`, 'm').exec(text)?.[1] ?? 0)

export function procStat(pid: number) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (key: string) => statusKb(status, key)
  // Fields after "comm)": state is [0], utime [11], stime [12] (proc(5), 1-based 14 and 15).
  return { cpuSeconds: (Number(stat[11]) + Number(stat[12])) / TICKS_PER_SECOND, peakRssMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 }
}

/** CPU seconds per thread group: ClickHouse names its pools; `js main` is node's main thread, `node workers` libuv's and V8's. */
export function threadCpu(pid: number): Map<string, number> {
  const byName = new Map<string, number>()
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      const comm = readFileSync(`/proc/${pid}/task/${task}/comm`, 'utf8').trim().replace(/[0-9]+$/, '')
      // The engine's inserts run on the libuv threads that call into libchdb.
      const name = task === String(pid) ? 'js main' : comm === 'node' ? 'node workers' : comm
      const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8').split(') ')[1]!.split(' ')
      byName.set(name, (byName.get(name) ?? 0) + (Number(stat[11]) + Number(stat[12])) / TICKS_PER_SECOND)
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return byName
}

export interface ClaimcheckProcess {
  child: ChildProcess
  otlpPort: number
  dashboardPort: number
  stop(): Promise<void>
}

export async function startClaimcheck(dataDir: string, env: Record<string, string> = {}, entry: CliEntry = DEFAULT_ENTRY): Promise<ClaimcheckProcess> {
  const child = spawn(process.execPath, [...NODE_ARGS, CLI_ENTRIES[entry], 'start', '--data-dir', dataDir, '--port', '0', '--otlp-http-port', '0', '--otlp-grpc-port', '0'], {
    env: { ...process.env, CLAIMCHECK_LOG_JSON: '1', CLAIMCHECK_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let output = ''
  const ports = await new Promise<[number, number]>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk
      const otlp = /"http":(\d+)/.exec(output)
      const dashboard = /dashboard on http:\/\/[^:]+:(\d+)/.exec(output)
      if (otlp && dashboard) resolve([Number(otlp[1]), Number(dashboard[1])])
    })
    child.once('exit', (code) => reject(new Error(`claimcheck exited ${code}: ${output}`)))
  })
  return {
    child,
    otlpPort: ports[0],
    dashboardPort: ports[1],
    stop: () => new Promise<void>((resolve) => {
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
    }),
  }
}

/** One OTLP/HTTP protobuf logs export; resolves with the answer's status once it is complete. */
export function post(agent: Agent, port: number, body: Buffer): Promise<{ status: number; retryAfter: number }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/v1/logs', method: 'POST', agent, headers: { 'Content-Type': 'application/x-protobuf', 'Content-Length': body.length } }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: Number(res.headers['retry-after'] ?? 0) }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** Sends one body until it is accepted, waiting out 429/503 as an exporter does; the accepted attempt's latency (ms) and the retries. */
export async function sendUntilAccepted(agent: Agent, port: number, body: Buffer): Promise<{ ms: number; retries: number }> {
  for (let retries = 0; ; retries++) {
    const started = performance.now()
    const { status, retryAfter } = await post(agent, port, body)
    if (status === 200) return { ms: performance.now() - started, retries }
    if (status !== 429 && status !== 503) throw new Error(`unexpected status ${status}`)
    await new Promise((resolve) => setTimeout(resolve, Math.max(50, retryAfter * 1000)))
  }
}

/**
 * Waits until everything acknowledged is in ClickHouse: a request is answered once its rows are
 * in the ingest journal, so the last answer is not the end of a run. Reads the collector's own
 * gauges: rows not yet inserted, call rows not yet written, calls waiting for a partner.
 */
export async function waitUntilStored(port: number, timeoutMs = 600_000): Promise<void> {
  const gauges = ['claimcheck_queue_rows', 'claimcheck_calls_backlog_rows', 'claimcheck_calls_awaiting_partner']
  const deadline = performance.now() + timeoutMs
  while (performance.now() < deadline) {
    const text = await scrapeMetrics(port)
    if (gauges.every((name) => gaugeValue(text, name) === 0)) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error('acknowledged rows were not stored in time')
}

/**
 * Samples the collector's memory gauges until stopped: what the resident set is made of when it
 * peaks (V8 heap, buffers outside it, what the engine tracks), in MB at the sample of highest RSS.
 */
export function sampleMemory(port: number, pid: number, everyMs = 500) {
  const gauges = {
    rss: 'process_resident_memory_bytes', heapUsed: 'nodejs_heap_size_used_bytes', heapTotal: 'nodejs_heap_size_total_bytes',
    external: 'nodejs_external_memory_bytes', engine: 'claimcheck_store_memory_bytes', prepareHeap: 'claimcheck_prepare_heap_bytes',
  }
  let peak: (Record<keyof typeof gauges, number> & { anon: number; file: number }) | undefined
  // Resident pages backed by files (the mapped engine library, shared and reclaimable) vs anonymous memory.
  const residentMb = () => {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    return { anon: statusKb(status, 'RssAnon') / 1024, file: statusKb(status, 'RssFile') / 1024 }
  }
  const timer = setInterval(async () => {
    try {
      const text = await scrapeMetrics(port)
      const sample = Object.fromEntries(Object.entries(gauges).map(([key, name]) => [key, gaugeValue(text, name) / 1024 / 1024])) as Record<keyof typeof gauges, number>
      if (!peak || sample.rss > peak.rss) peak = { ...sample, ...residentMb() }
    } catch {
      // The process is stopping.
    }
  }, everyMs)
  return { stop: () => (clearInterval(timer), peak) }
}

/** Inserts per table from the collector's own metrics: how many, rows each, engine seconds. */
export async function insertFigures(port: number) {
  const text = await scrapeMetrics(port)
  const value = (name: string, table: string) => Number(new RegExp(`^${name}\\{[^}]*table="${table}"[^}]*\\} ([0-9.e+]+)`, 'm').exec(text)?.[1] ?? 0)
  const tables = [...new Set([...text.matchAll(/^claimcheck_batch_rows_count\{[^}]*table="([^"]+)"/gm)].map((m) => m[1]!))]
  return tables.map((table) => ({
    table,
    inserts: value('claimcheck_batch_rows_count', table),
    rows: value('claimcheck_batch_rows_sum', table),
    seconds: value('claimcheck_write_duration_seconds_sum', table),
  }))
}

/** Seconds the collector's prepare threads have been busy (decode → normalize → serialize), from its own counter. */
export async function prepareBusySeconds(port: number): Promise<number> {
  return gaugeValue(await scrapeMetrics(port), 'claimcheck_prepare_busy_seconds_total')
}

/** The dashboard's ClickHouse queries so far (all resources): how many, and their seconds in all, waits for a connection included. */
export async function dashboardQueryTotals(port: number, token: string): Promise<{ count: number; seconds: number }> {
  const text = await scrapeMetrics(port, token)
  const total = (name: string) => [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)`, 'gm'))].reduce((sum, m) => sum + Number(m[1]), 0)
  return { count: total('claimcheck_dashboard_query_duration_seconds_count'), seconds: total('claimcheck_dashboard_query_duration_seconds_sum') }
}

// `pnpm bench start`: `claimcheck start` from the TypeScript sources (tsx) against the compiled
// build production runs (scripts/build-cli.js), alternately on fresh data directories: time until
// the dashboard answers, CPU spent getting there, RSS after 8 s idle. BENCH_RUNS (default 6).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { procStat, startClaimcheck, type CliEntry } from './support/claimcheck-process.ts'

const RUNS = Number(process.env.BENCH_RUNS ?? 6)
const IDLE_MS = 8_000
const build = spawnSync(process.execPath, [new URL('../../scripts/build-cli.js', import.meta.url).pathname], { stdio: 'inherit' })
if (build.status !== 0) process.exit(1)

async function once(entry: CliEntry) {
  const dir = mkdtempSync(join(tmpdir(), 'claimcheck-bench-start-'))
  const started = performance.now()
  const claimcheck = await startClaimcheck(dir, { CLAIMCHECK_API_TOKENS: 'bench-start-token-0123456789abcdef' }, entry)
  for (;;) {
    const response = await fetch(`http://127.0.0.1:${claimcheck.dashboardPort}/api/health`).catch(() => undefined)
    if (response && response.status < 500) break
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  const readyMs = performance.now() - started
  const cpuAtReady = procStat(claimcheck.child.pid!).cpuSeconds
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS))
  const { rssMb } = procStat(claimcheck.child.pid!)
  await claimcheck.stop()
  rmSync(dir, { recursive: true, force: true })
  return { readyMs, cpuAtReady, rssMb }
}

const results: Record<CliEntry, { readyMs: number; cpuAtReady: number; rssMb: number }[]> = { tsx: [], compiled: [] }
for (let run = 0; run < RUNS; run++) {
  for (const entry of (run % 2 ? ['compiled', 'tsx'] : ['tsx', 'compiled']) as CliEntry[]) results[entry].push(await once(entry))
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const row = (entry: CliEntry) => {
  const r = results[entry]
  return { ready: median(r.map((x) => x.readyMs)), cpu: median(r.map((x) => x.cpuAtReady)), rss: median(r.map((x) => x.rssMb)) }
}
const tsx = row('tsx')
const compiled = row('compiled')
console.log(`claimcheck start, ${RUNS} runs each, alternating, medians`)
console.log('entry      ready ms  CPU-s at ready  RSS MB idle')
for (const [name, r] of [['tsx', tsx], ['compiled', compiled]] as const) {
  console.log(`${name.padEnd(10)} ${r.ready.toFixed(0).padStart(8)}  ${r.cpu.toFixed(2).padStart(14)}  ${r.rss.toFixed(0).padStart(11)}`)
}
console.log(`compiled / tsx: ready ${(compiled.ready / tsx.ready).toFixed(2)}×, CPU ${(compiled.cpu / tsx.cpu).toFixed(2)}×, RSS ${(compiled.rss / tsx.rss).toFixed(2)}×`)

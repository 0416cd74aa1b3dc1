import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openStore } from '@claimcheck/shared/node'
import { failsOf, planLoad, sendUntilAcknowledged, spanIdOf, traceIdOf, type LoadRequest } from './support/call-load.ts'
import { startCli, type RunningCli } from './support/cli-process.ts'

// What the issue measured against `pnpm start`: SIGKILL under load used to lose acknowledged calls
// (their rows were only in memory) and leave the rollups out of step. Now the calls are derived
// again from the raw rows after the durable mark, so every acknowledged record has its call.

const KILLS = 3

async function verify(dir: string, acked: readonly LoadRequest[]) {
  const store = await openStore({ dataDir: dir, database: 'default', username: 'default', password: '' })
  const rows = async <T>(query: string) => (await store.reader.query({ query, format: 'JSONEachRow' })).json<T>()
  try {
    const logs = new Map((await rows<{ seq: string; n: string }>(`SELECT LogAttributes['test.seq'] AS seq, count() AS n FROM otel_logs GROUP BY seq`)).map((r) => [r.seq, Number(r.n)]))
    const spans = new Map((await rows<{ seq: string; n: string }>(`SELECT SpanAttributes['test.seq'] AS seq, count() AS n FROM otel_traces GROUP BY seq`)).map((r) => [r.seq, Number(r.n)]))
    const calls = new Map((await rows<{ k: string; n: string; source: string; cause: string }>(
      `SELECT concat(TraceId, ':', SpanId) AS k, count() AS n, any(Source) AS source, any(Cause) AS cause FROM gateway_calls GROUP BY k`,
    )).map((r) => [r.k, r]))
    const ackedLogs = new Set<number>()
    const ackedSpans = new Set<number>()
    for (const request of acked) for (const seq of request.seqs) (request.signal === 'logs' ? ackedLogs : ackedSpans).add(seq)
    const problems: string[] = []
    for (const seq of ackedLogs) if (logs.get(String(seq)) !== 1) problems.push(`log ${seq} stored ${logs.get(String(seq)) ?? 0}×`)
    for (const seq of ackedSpans) if (spans.get(String(seq)) !== 1) problems.push(`span ${seq} stored ${spans.get(String(seq)) ?? 0}×`)
    for (const seq of new Set([...ackedLogs, ...ackedSpans])) {
      const call = calls.get(`${traceIdOf(seq)}:${spanIdOf(seq)}`)
      if (!call) {
        problems.push(`call ${seq} missing`)
        continue
      }
      if (Number(call.n) !== 1) problems.push(`call ${seq} stored ${call.n}×`)
      const expectedSource = ackedLogs.has(seq) && ackedSpans.has(seq) ? 'span+log' : ackedSpans.has(seq) ? 'span' : 'log'
      if (call.source !== expectedSource) problems.push(`call ${seq} is ${call.source}, expected ${expectedSource}`)
      if (call.cause !== (failsOf(seq) ? 'expired' : '')) problems.push(`call ${seq} has cause '${call.cause}'`)
    }
    const [totals] = await rows<Record<string, string>>(`SELECT
      (SELECT count() FROM gateway_calls) AS calls,
      (SELECT countIf(Cause != '') FROM gateway_calls) AS failures,
      (SELECT sum(Calls) FROM gateway_calls_1m) AS callsRollup,
      (SELECT sum(Calls) FROM gateway_principals_1m) AS principalsRollup,
      (SELECT sum(Calls) FROM gateway_subject_failures_1m) AS subjectFailures,
      (SELECT count() FROM system.detached_parts WHERE database = 'default') AS detached`)
    return { problems, totals: Object.fromEntries(Object.entries(totals!).map(([k, v]) => [k, Number(v)])), ackedLogs: ackedLogs.size, ackedSpans: ackedSpans.size }
  } finally {
    await store.close()
  }
}

describe('crash safety', () => {
  it(`keeps every acknowledged record and exactly one call each through ${KILLS} SIGKILLs under load`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'claimcheck-crash-'))
    let running: RunningCli | undefined = await startCli(['start', '--data-dir', dir])
    let base: string | undefined = `http://127.0.0.1:${running.httpPort}`
    const requests = planLoad(60, 40)
    const sending = sendUntilAcknowledged(requests, () => base, 6)
    for (let kill = 0; kill < KILLS; kill++) {
      await new Promise((resolve) => setTimeout(resolve, 2_500 + kill * 700))
      running.child.removeAllListeners('exit')
      const exited = new Promise((resolve) => running!.child.once('exit', resolve))
      running.child.kill('SIGKILL')
      base = undefined
      await exited
      running = await startCli(['start', '--data-dir', dir])
      base = `http://127.0.0.1:${running.httpPort}`
    }
    const acked = await sending
    expect(acked).toHaveLength(requests.length)
    // Halves waiting for a partner are written on a clean stop.
    expect(await running.stop()).toBe(0)
    const result = await verify(dir, acked)
    expect(result.problems.slice(0, 20)).toEqual([])
    expect(result.totals.calls).toBe(new Set(acked.flatMap((r) => r.seqs)).size)
    expect(result.totals.callsRollup).toBe(result.totals.calls)
    expect(result.totals.principalsRollup).toBe(result.totals.calls)
    expect(result.totals.subjectFailures).toBe(result.totals.failures)
    expect(result.totals.detached).toBe(0)
  }, 150_000)
})

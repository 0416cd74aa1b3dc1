import { StoreConfigSchema } from '@claimcheck/shared'
import { openStore } from '@claimcheck/shared/node'
import { failsOf, spanIdOf, traceIdOf, type LoadRequest } from './call-load.ts'

/**
 * Waits until calls still waiting for a partner (the default 5 s window, a new service's probation)
 * are written, since a stop leaves those to the next start.
 */
export const settleCalls = () => new Promise((resolve) => setTimeout(resolve, 7_000))

/**
 * What a durability test checks once claimcheck has stopped: every acknowledged log record and
 * span stored exactly once, exactly one gateway call for each with the expected source and
 * cause, and the rollups' totals equal to gateway_calls'.
 */
export async function verifyStored(dir: string, acked: readonly LoadRequest[]) {
  const store = await openStore(StoreConfigSchema.parse({ dataDir: dir }))
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

// Template mining benchmark: GET /unclassified (the templates of `other` calls) over a store of N
// gateway calls, a tenth of them `other` with high-cardinality messages (ids, UUIDs, emails,
// quoted names, timestamps in the text), so nearly every other call has a distinct message and
// only the SQL masks bound what Drain sees. Prints the sample's figures and p50/p95 wall times.
// Run: pnpm bench templates   BENCH_ROWS=10000000 BENCH_RUNS=5
import type { AddressInfo } from 'node:net'
import pino from 'pino'
import { createDashboardApp, createQueryApi } from '@claimcheck/server'
import { BENCH_API_TOKEN, openBenchStore } from './support/synthetic-store.ts'

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000_000)
const RUNS = Number(process.env.BENCH_RUNS ?? 5)
const CHUNK = 1_000_000
const DAYS = 7

const bench = await openBenchStore('templates')
const { store, config } = bench
const now = Date.now()
const step = Math.floor((DAYS * 86_400_000 * 1_000_000) / ROWS)

// Ten `other` message shapes, each with variable parts the masks must fold.
const CALLS_SQL = `INSERT INTO gateway_calls (Timestamp, TraceId, SpanId, ServiceName, Method, Route, Path, StatusCode, Duration,
  Subject, Issuer, Audience, ClientId, Tenant, Scopes, TokenPresent, Cause, CauseDetail, EvidenceRule, ErrorMessage, Source)
SELECT fromUnixTimestamp64Nano(toInt64({end:Int64}) - toInt64(number) * {step:Int64}) AS Timestamp,
  lower(hex(cityHash64(number, 1))) || lower(hex(cityHash64(number, 2))), lower(hex(cityHash64(number, 3))),
  ['api-gateway', 'auth-gateway', 'legacy-gw'][number % 3 + 1], 'GET', concat('/v1/r', toString(number % 8)), '/v1/r', 401, 1000000,
  concat('user-', toString(number % 100000)), 'https://idp', ['api'], 'client', 'tenant', ['read'], 1,
  if(number % 10 = 0, 'other', 'expired') AS Cause, '', 'bench',
  if(Cause = 'other', multiIf(
    number % 100 = 0, concat('legacy-gw: account ', toString(number), ' purged by "', ['alice', 'Bob Stone', 'carol'][number % 3 + 1], '"'),
    number % 100 = 10, concat('user ', toString(generateUUIDv4(number)), ' not found in directory'),
    number % 100 = 20, concat('account ', toString(number % 50000), '@corp.example.com is disabled'),
    number % 100 = 30, concat('session ', lower(hex(cityHash64(number))), ' ended at ', toString(fromUnixTimestamp64Milli(toInt64(1796000000000 + number)))),
    number % 100 = 40, concat('tenant \\'t', toString(number % 977), '\\' suspended (code ', toString(number % 13), ')'),
    number % 100 = 50, concat('upstream https://idp.example.com/realms/r', toString(number % 31), '/userinfo answered ', toString(400 + number % 5)),
    number % 100 = 60, concat('E4711 key ', lower(hex(cityHash64(number, 9))), ' revoked for client ', toString(number % 2000)),
    number % 100 = 70, concat('{"error":"denied","request_id":"', toString(number), '"}'),
    number % 100 = 80, concat('license check failed for node n', toString(number % 64), ' retry in ', toString(number % 60), ' s'),
    concat('quota of ', toString(number % 1000), ' calls per minute exceeded by ', ['mobile', 'web', 'batch'][number % 3 + 1])), 'jwt expired'), 'log'
FROM numbers({offset:UInt64}, {count:UInt64})`

const started = performance.now()
for (let offset = 0; offset < ROWS; offset += CHUNK) {
  await store.writer.command({ query: CALLS_SQL, query_params: { end: String(BigInt(now) * 1_000_000n), step: String(step), offset, count: Math.min(CHUNK, ROWS - offset) } })
}
const [counts] = await (await store.reader.query({
  query: "SELECT count() AS calls, countIf(Cause = 'other') AS other, uniqExactIf(ErrorMessage, Cause = 'other') AS distinctMessages FROM gateway_calls",
  format: 'JSONEachRow',
})).json<Record<string, string>>()
console.log(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s:`, counts)

const logger = pino({ level: 'silent' })
const app = createDashboardApp({ store, config, logger, version: 'bench', operations: createQueryApi({ store, config, logger, now: () => now }) })
const server = app.listen(0, '127.0.0.1')
await new Promise((resolve) => server.once('listening', resolve))
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`

interface Answer { templates: { template: string; count: number }[]; templateSample: Record<string, number> }
for (const range of ['24h', '7d']) {
  const samples: number[] = []
  let answer: Answer | undefined
  for (let run = 0; run < RUNS + 1; run++) {
    const t0 = performance.now()
    const response = await fetch(`${base}/unclassified?from=now-${range}`, { headers: { Authorization: `Bearer ${BENCH_API_TOKEN}` } })
    answer = (await response.json()) as Answer
    if (!response.ok) throw new Error(JSON.stringify(answer))
    if (run > 0) samples.push(performance.now() - t0)
  }
  samples.sort((a, b) => a - b)
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)]!
  console.log(`\nGET /unclassified?from=now-${range}: p50 ${at(0.5).toFixed(0)} ms, p95 ${at(0.95).toFixed(0)} ms (${RUNS} runs after 1 warm-up)`)
  console.log('  sample:', answer!.templateSample)
  for (const t of answer!.templates.slice(0, 12)) console.log(`  ${String(t.count).padStart(9)}  ${t.template}`)
}
server.close()
await bench.close()

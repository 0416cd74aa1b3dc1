// Pure ingest pipeline benchmark, one core: decode (protobuf) → normalize → classify → serialize
// rows to JSONCompactEachRow text, on batches of 1,000 realistic gateway access-log records.
// Run: pnpm bench pipeline   (node test/bench/run.js pipeline)
import { ROOT_CONTEXT, trace } from '@opentelemetry/api'
import { createClassifier } from '@claimcheck/classifier'
import { PROTOBUF_CODEC } from '../../collector/src/otlp/index.ts'
import { toJsonCompactEachRow } from '../../collector/src/write/rows-text.ts'
import { normalizeLogs, toGatewayCallRowFromCandidate } from '../../collector/src/normalize/index.ts'
import { makeJwt, serializeLogs } from '../../collector/src/otlp/sdk-fixtures.ts'

const BATCH = 1000
const DURATION_MS = Number(process.env.BENCH_MS ?? 4000)

const ROUTES = ['/v1/users/:id', '/v1/orders', '/v1/orders/:id/items', '/auth/token', '/v1/search']
const STATUSES = [200, 200, 200, 201, 204, 401, 401, 403, 404, 500]
const MESSAGES = ['', 'JWT expired', 'User from sub claim in JWT does not exist', 'insufficient_scope', 'invalid signature']

function record(i: number): Parameters<typeof serializeLogs>[0][number] {
  const status = STATUSES[i % STATUSES.length]!
  const route = ROUTES[i % ROUTES.length]!
  const attributes: Record<string, string | number | string[]> = {
    'http.request.method': i % 4 === 0 ? 'POST' : 'GET',
    'http.route': route,
    'url.path': route.replace(':id', String(1000 + i)),
    'http.response.status_code': status,
    'client.address': `10.0.${i % 256}.${(i * 7) % 256}`,
    'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)',
    'server.address': 'api.example.com',
    'http.server.request.duration': 0.0123,
  }
  // Half the calls carry a bearer JWT (a handful of distinct tokens, as in real traffic).
  if (i % 2 === 0) {
    attributes['http.request.header.authorization'] = [`Bearer ${makeJwt({
      sub: `user-${i % 50}`, iss: 'https://idp.example.com/', aud: ['api'], exp: 1700003600, iat: 1700000000,
      scope: 'read:users write:orders', azp: `client-${i % 7}`, tid: 'tenant-1',
    })}`]
  }
  const traceId = (i + 1).toString(16).padStart(32, 'a')
  const spanId = (i + 1).toString(16).padStart(16, 'b')
  return {
    timestamp: 1700000000000 + i, severityNumber: status >= 400 ? 13 : 9, severityText: status >= 400 ? 'WARN' : 'INFO',
    body: status >= 400 ? MESSAGES[i % MESSAGES.length] || 'Unauthorized' : 'request completed',
    attributes,
    context: trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId, traceFlags: 1 }),
  }
}

async function main(): Promise<void> {
  const { protobuf } = await serializeLogs(Array.from({ length: BATCH }, (_, i) => record(i)), {
    'service.name': 'kong-gateway', 'deployment.environment': 'prod', 'host.name': 'gw-1', 'service.version': '3.6.1',
  })
  const classifier = createClassifier()
  const classify = (facts: Parameters<typeof classifier.classify>[0]) => classifier.classify(facts)
  const name = 'createClassifier() from @claimcheck/classifier'
  const stage = { decode: 0, normalize: 0, classify: 0, serialize: 0 }
  let batches = 0
  let bytes = 0
  let calls = 0
  // CPU time of this thread (user + system), not wall time: the figure stays meaningful on a
  // machine shared with other work, which wall-clock rates are not.
  const cpuMs = (): number => {
    const u = process.cpuUsage()
    return (u.user + u.system) / 1000
  }
  const run = (measure: boolean): void => {
    const t0 = cpuMs()
    const decoded = PROTOBUF_CODEC.decodeLogs(protobuf)
    const t1 = cpuMs()
    const { rows, calls: candidates } = normalizeLogs(decoded.request)
    const t2 = cpuMs()
    const callRows = new Array<unknown[]>(candidates.length)
    for (let i = 0; i < candidates.length; i++) callRows[i] = toGatewayCallRowFromCandidate(candidates[i]!, classify(candidates[i]!.facts))
    const t3 = cpuMs()
    const text = toJsonCompactEachRow(rows).length + toJsonCompactEachRow(callRows).length
    const t4 = cpuMs()
    if (!measure) return
    stage.decode += t1 - t0
    stage.normalize += t2 - t1
    stage.classify += t3 - t2
    stage.serialize += t4 - t3
    batches++
    bytes += text
    calls += candidates.length
  }
  for (let i = 0; i < 200; i++) run(false)
  const start = performance.now()
  const cpuStart = cpuMs()
  while (performance.now() - start < DURATION_MS) run(true)
  const wallMs = performance.now() - start
  const cpuShare = (cpuMs() - cpuStart) / wallMs
  const total = stage.decode + stage.normalize + stage.classify + stage.serialize
  const records = batches * BATCH
  const perSec = (ms: number) => Math.round(records / (ms / 1000)).toLocaleString('en-US')
  console.log(`pipeline: ${records.toLocaleString('en-US')} records in ${batches} batches of ${BATCH} (${protobuf.length} bytes protobuf per batch), ${calls / batches} gateway calls per batch`)
  console.log(`classifier: ${name}; node ${process.version}; CPU time per stage (this process had ${(cpuShare * 100).toFixed(0)}% of a core)`)
  for (const [k, ms] of Object.entries(stage)) console.log(`  ${k.padEnd(9)} ${(ms / records * 1e3).toFixed(2).padStart(6)} µs/record  (${perSec(ms)} records/s alone)`)
  console.log(`  total     ${(total / records * 1e3).toFixed(2).padStart(6)} µs/record  => ${perSec(total)} records/s on one core; ${(bytes / batches / 1024).toFixed(0)} KiB JSONCompactEachRow per batch`)
}

await main()

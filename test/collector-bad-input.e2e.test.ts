import { spawnSync } from 'node:child_process'
import { deflateSync, gzipSync } from 'node:zlib'
import * as grpc from '@grpc/grpc-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCollectorHarness, type CollectorHarness } from './support/collector-harness.ts'
import { gzipBomb, jsonLogs, statusMessageFromProtobuf } from './support/otlp-bodies.ts'

// Every refusal of the OTLP spec and issue 3, against a running collector: the status, the
// google.rpc.Status message, and that nothing accepted before is lost or corrupted.

const LIMIT = 256 * 1024
let h: CollectorHarness
let acceptedBefore = 0

beforeAll(async () => {
  h = await startCollectorHarness({ collector: { maxBodyBytes: LIMIT } })
  const ok = await post('/v1/logs', jsonLogs(5, { service: 'accepted-before' }), { 'Content-Type': 'application/json' })
  expect(ok.status).toBe(200)
  acceptedBefore = 5
})
afterAll(async () => {
  await h?.stop()
})

async function post(path: string, body: string | Uint8Array, headers: Record<string, string>, method = 'POST') {
  const response = await fetch(`${h.httpUrl}${path}`, { method, headers, body: method === 'GET' ? undefined : body })
  const bytes = new Uint8Array(await response.arrayBuffer())
  return { status: response.status, headers: response.headers, bytes, text: Buffer.from(bytes).toString('utf8') }
}

const json = { 'Content-Type': 'application/json' }
const proto = { 'Content-Type': 'application/x-protobuf' }

const CASES: { name: string; path?: string; method?: string; body: string | Uint8Array; headers: Record<string, string>; status: number; message: RegExp }[] = [
  { name: 'malformed protobuf', body: new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]), headers: proto, status: 400, message: /truncat|length|invalid|exceeds/i },
  { name: 'protobuf with an invalid wire type', body: new Uint8Array([0x0f, 0x01, 0x02]), headers: proto, status: 400, message: /wire type/i },
  { name: 'malformed JSON', body: '{"resourceLogs": [', headers: json, status: 400, message: /JSON/i },
  { name: 'JSON of the wrong shape', body: '{"resourceLogs": 5}', headers: json, status: 400, message: /resourceLogs|array/i },
  { name: 'JSON that is not an object', body: '[1,2,3]', headers: json, status: 400, message: /object/i },
  { name: 'unsupported content type', body: 'hello', headers: { 'Content-Type': 'text/plain' }, status: 415, message: /Content-Type/ },
  { name: 'missing content type', body: 'hello', headers: {}, status: 415, message: /Content-Type/ },
  { name: 'unsupported content encoding', body: 'x', headers: { ...json, 'Content-Encoding': 'br' }, status: 415, message: /Content-Encoding "br"/ },
  { name: 'corrupt gzip', body: new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3]), headers: { ...json, 'Content-Encoding': 'gzip' }, status: 400, message: /gzip/ },
  { name: 'body over the limit', body: jsonLogs(1, { body: 'x'.repeat(LIMIT + 10) }), headers: json, status: 413, message: /exceeds the limit of 262144 bytes/ },
  { name: 'gzip bomb (64 MiB of zeros)', body: gzipBomb(64), headers: { ...proto, 'Content-Encoding': 'gzip' }, status: 413, message: /exceeds the limit/ },
  { name: 'deflate over the limit after inflation', body: deflateSync(Buffer.from(jsonLogs(1, { body: 'y'.repeat(LIMIT * 2) }))), headers: { ...json, 'Content-Encoding': 'deflate' }, status: 413, message: /exceeds the limit/ },
  { name: 'wrong method', method: 'GET', body: '', headers: json, status: 405, message: /GET is not allowed/ },
  { name: 'unknown signal path', path: '/v1/metrics', body: '{}', headers: json, status: 404, message: /no OTLP endpoint/ },
]

describe('OTLP/HTTP bad input', () => {
  it.each(CASES)('$name → $status with a google.rpc.Status saying why', async (c) => {
    const response = await post(c.path ?? '/v1/logs', c.body, c.headers, c.method)
    expect(response.status).toBe(c.status)
    const isJson = response.headers.get('content-type') === 'application/json'
    const message = isJson ? JSON.parse(response.text).message : statusMessageFromProtobuf(response.bytes)
    expect(message).toMatch(c.message)
    if (c.method === 'GET') expect(response.headers.get('allow')).toBe('POST')
  })

  it('accepts gzip and deflate bodies', async () => {
    expect((await post('/v1/logs', gzipSync(jsonLogs(2, { service: 'gzip-ok' })), { ...json, 'Content-Encoding': 'gzip' })).status).toBe(200)
    expect((await post('/v1/logs', deflateSync(jsonLogs(3, { service: 'gzip-ok' })), { ...json, 'Content-Encoding': 'deflate' })).status).toBe(200)
    const [row] = await h.waitForRows<{ n: string }>("SELECT count() AS n FROM otel_logs WHERE ServiceName = 'gzip-ok' HAVING n = 5")
    expect(Number(row!.n)).toBe(5)
  })

  it('answers partial success for records with invalid ids and keeps the rest', async () => {
    const body = JSON.parse(jsonLogs(3, { service: 'partial' }))
    body.resourceLogs[0].scopeLogs[0].logRecords[1].traceId = 'abc'
    const response = await post('/v1/logs', JSON.stringify(body), json)
    expect(response.status).toBe(200)
    const answer = JSON.parse(response.text)
    expect(answer.partialSuccess.rejectedLogRecords).toBe('1')
    expect(answer.partialSuccess.errorMessage).toMatch(/trace/i)
    const [row] = await h.waitForRows<{ n: string }>("SELECT count() AS n FROM otel_logs WHERE ServiceName = 'partial' HAVING n = 2")
    expect(Number(row!.n)).toBe(2)
  })

  it('lost nothing accepted before the bad requests, and still accepts good ones', async () => {
    expect((await post('/v1/logs', jsonLogs(1, { service: 'accepted-after' }), json)).status).toBe(200)
    // Answered once journaled: the rows reach the table a moment later.
    const counts = await h.waitForRows<{ ServiceName: string; n: string }>(
      "SELECT ServiceName, count() AS n FROM otel_logs WHERE ServiceName IN ('accepted-before', 'accepted-after') GROUP BY ServiceName ORDER BY ServiceName",
      undefined, 2,
    )
    expect(counts.map((c) => [c.ServiceName, Number(c.n)])).toEqual([['accepted-after', 1], ['accepted-before', acceptedBefore]])
  })

  it('serves Prometheus metrics with the rejections counted by reason', async () => {
    const text = await (await fetch(`${h.httpUrl}/metrics`)).text()
    expect(text).toMatch(/claimcheck_otlp_requests_total\{transport="http",signal="logs",http_status="413"\} [1-9]/)
    expect(text).toMatch(/claimcheck_records_rejected_total\{signal="logs",reason="invalid_record"\} 1/)
    expect(text).toMatch(/claimcheck_records_accepted_total\{signal="logs"\} \d+/)
  })
})

describe('OTLP/gRPC bad input', () => {
  it('answers INVALID_ARGUMENT for malformed protobuf and stays up', async () => {
    const client = new grpc.Client(`127.0.0.1:${h.collector.grpcPort}`, grpc.credentials.createInsecure())
    const call = (body: Buffer) =>
      new Promise<{ code: number; details: string }>((resolve) => {
        client.makeUnaryRequest('/opentelemetry.proto.collector.logs.v1.LogsService/Export', (b: Buffer) => b, (b: Buffer) => b, body, (error) =>
          resolve(error ? { code: error.code, details: error.details } : { code: 0, details: '' }))
      })
    const bad = await call(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]))
    expect(bad.code).toBe(grpc.status.INVALID_ARGUMENT)
    expect(bad.details).toMatch(/truncat|length|invalid|exceeds/i)
    expect((await call(Buffer.alloc(0))).code).toBe(grpc.status.OK)
    client.close()
  })

  it('counts gRPC status codes under grpc_code, HTTP statuses under http_status, and /metrics passes promtool', async () => {
    const text = await (await fetch(`${h.httpUrl}/metrics`)).text()
    expect(text).toMatch(new RegExp(`claimcheck_otlp_requests_total\\{transport="grpc",signal="logs",grpc_code="${grpc.status.INVALID_ARGUMENT}"\\} 1`))
    expect(text).not.toMatch(/transport="grpc"[^}]*http_status|transport="http"[^}]*grpc_code/)
    expect(text).toMatch(/^process_resident_memory_bytes /m)
    expect(text).not.toMatch(/claimcheck_process_/)
    // The real promtool from Debian's prometheus package: exit 0 and nothing to say.
    const promtool = spawnSync('/usr/bin/promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' })
    expect(promtool.stdout + promtool.stderr).toBe('')
    expect(promtool.status).toBe(0)
  })
})

describe('ingest tokens', () => {
  let secured: CollectorHarness
  beforeAll(async () => {
    secured = await startCollectorHarness({ collector: { authTokens: ['old-token', 'new-token'] } }, h)
  })
  afterAll(async () => {
    await secured?.stop()
  })

  it('refuses requests without a valid token (HTTP 401, gRPC UNAUTHENTICATED) and accepts either rotated token', async () => {
    const send = (authorization?: string) =>
      fetch(`${secured.httpUrl}/v1/logs`, { method: 'POST', headers: { ...json, ...(authorization ? { Authorization: authorization } : {}) }, body: jsonLogs(1) })
    expect((await send()).status).toBe(401)
    expect((await send('Bearer wrong')).status).toBe(401)
    expect((await send('Bearer old-token')).status).toBe(200)
    expect((await send('Bearer new-token')).status).toBe(200)
    const client = new grpc.Client(`127.0.0.1:${secured.collector.grpcPort}`, grpc.credentials.createInsecure())
    const code = await new Promise<number>((resolve) => {
      client.makeUnaryRequest('/opentelemetry.proto.collector.trace.v1.TraceService/Export', (b: Buffer) => b, (b: Buffer) => b, Buffer.alloc(0), (error) => resolve(error?.code ?? 0))
    })
    expect(code).toBe(grpc.status.UNAUTHENTICATED)
    client.close()
  })
})

describe('backpressure', () => {
  let tight: CollectorHarness
  beforeAll(async () => {
    // A queue of 10 rows and inserts at least 1.5 s apart: right after one insert, a request
    // waits in the journal to be inserted and a second one cannot fit.
    tight = await startCollectorHarness({ collector: { queueMaxRows: 10, batchMinIntervalMs: 1_500 } }, h)
  })
  afterAll(async () => {
    await tight?.stop()
  })

  it('answers 429 with Retry-After when the queue is full, and accepts again once it drains', async () => {
    const send = () => fetch(`${tight.httpUrl}/v1/logs`, { method: 'POST', headers: json, body: jsonLogs(8, { service: 'pressure' }) })
    expect((await send()).status).toBe(200)
    // Answered once journaled; its insert starts at once (nothing was inserted before). Once it is
    // done, the next request waits in the journal for the 1.5 s spacing.
    const queued = async () => (await tight.collector.metrics.queueDepth.get()).values[0]?.value ?? 0
    for (let i = 0; i < 100 && (await queued()) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(await queued()).toBe(0)
    const first = send()
    await new Promise((resolve) => setTimeout(resolve, 200))
    const second = await send()
    expect(second.status).toBe(429)
    expect(second.headers.get('retry-after')).toBe('1')
    expect((await first).status).toBe(200)
    // A sender that waits out Retry-After gets in once the journal's segment is inserted.
    let retried = await send()
    for (let attempt = 0; retried.status === 429 && attempt < 10; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, Number(retried.headers.get('retry-after')) * 1000))
      retried = await send()
    }
    expect(retried.status).toBe(200)
    const [row] = await tight.waitForRows<{ n: string }>("SELECT count() AS n FROM otel_logs WHERE ServiceName = 'pressure' HAVING n >= 24")
    expect(Number(row!.n)).toBe(24)
  })
})

// Bulk synthetic data for the query and alert benchmarks, generated inside ClickHouse with
// INSERT … SELECT FROM numbers(): millions of rows in seconds, the rollups filled by their
// materialized views exactly as live ingest fills them.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ConfigSchema, createMergeSettings, type Config } from '@claimcheck/shared'

import { openStore, runMigrations, type Store } from '@claimcheck/shared/node'

/** The API token benchmarks send (`Authorization: Bearer …`). */
export const BENCH_API_TOKEN = 'bench-api-token-0123456789abcdef'

const CHUNK = 1_000_000
const DAY_NS = 86_400n * 1_000_000_000n

export interface BenchStore {
  store: Store
  config: Config
  close(): Promise<void>
}

/** A fresh embedded store in a temp directory, migrated. */
export async function openBenchStore(name: string): Promise<BenchStore> {
  const dataDir = mkdtempSync(join(tmpdir(), `claimcheck-bench-${name}-`))
  // The API needs a sign-in or a token since the dashboard's defaults require one.
  const config = ConfigSchema.parse({ store: { dataDir }, dashboard: { apiTokens: [BENCH_API_TOKEN] } })
  const store = await openStore(config.store)
  await runMigrations(store.writer, store.schema, config.retention)
  // BENCH_MERGE_SELECTOR_BASE: compare reads with another merge selector base than migration 13's.
  if (process.env.BENCH_MERGE_SELECTOR_BASE) {
    for (const query of createMergeSettings(store.schema, Number(process.env.BENCH_MERGE_SELECTOR_BASE))) await store.writer.command({ query })
  }
  return {
    store,
    config,
    async close() {
      await store.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

// Call number n: newest first, spaced evenly over the days. 85 % successes; six causes, 8 routes,
// 3 services, 5 clients, 3 issuers, 10 tenants, 100k subjects. The TraceId of call n is the one
// the span generator gives the spans of trace n.
const TRACE_ID = (n: string) => `lower(hex(cityHash64(${n}, 1))) || lower(hex(cityHash64(${n}, 2)))`
const CALLS_SQL = `INSERT INTO gateway_calls (Timestamp, TraceId, SpanId, ServiceName, Method, Route, Path, StatusCode, Duration,
  Subject, Issuer, Audience, ClientId, Tenant, Scopes, TokenPresent, Cause, CauseDetail, EvidenceRule, ErrorMessage, Source)
SELECT fromUnixTimestamp64Nano(toInt64({end:Int64}) - toInt64(number) * {step:Int64}) AS Timestamp,
  ${TRACE_ID('number')}, lower(hex(cityHash64(number, 3))),
  ['api-gateway', 'auth-gateway', 'payments-gateway'][number % 3 + 1], ['GET', 'POST'][number % 2 + 1],
  concat('/v1/r', toString(cityHash64(number) % 8)), concat('/v1/r', toString(cityHash64(number) % 8), '/', toString(number % 1000)),
  if(number % 100 < 85, 200, 401) AS StatusCode, 1000000 + cityHash64(number, 4) % 50000000,
  concat('user-', toString(cityHash64(number, 5) % 100000)), ['https://idp-a', 'https://idp-b', 'https://idp-c'][number % 3 + 1], ['api'],
  concat('client-', toString(number % 5)), concat('tenant-', toString(cityHash64(number, 6) % 10)), ['read'], 1,
  multiIf(number % 100 < 85, '', number % 100 < 92, 'expired', number % 100 < 95, 'unknown_sub', number % 100 < 97, 'insufficient_scope',
    number % 100 < 98, 'misconfig', 'other') AS Cause,
  if(Cause = 'misconfig', 'issuer', ''), if(Cause = '', '', 'bench'),
  multiIf(Cause = '', '', Cause = 'expired', 'jwt expired', Cause = 'unknown_sub', 'User from sub claim in JWT does not exist',
    Cause = 'other', concat('odd failure ', toString(number % 7)), 'denied'), 'span+log'
FROM numbers({offset:UInt64}, {count:UInt64})`

// Span number m belongs to trace intDiv(m, 4) (the call of that number): a gateway SERVER span,
// its verify step, an upstream CLIENT span and the upstream's SERVER span.
const SPANS_SQL = `INSERT INTO otel_traces (Timestamp, TraceId, SpanId, ParentSpanId, SpanName, SpanKind, ServiceName,
  ResourceAttributes, SpanAttributes, Duration, StatusCode)
SELECT fromUnixTimestamp64Nano(toInt64({end:Int64}) - toInt64(intDiv(number, 4)) * {step:Int64} + toInt64(number % 4) * 1000000) AS Timestamp,
  ${TRACE_ID('intDiv(number, 4)')}, lower(hex(cityHash64(intDiv(number, 4), 10 + number % 4))),
  if(number % 4 = 0, '', lower(hex(cityHash64(intDiv(number, 4), 10 + if(number % 4 = 3, 2, 0))))),
  ['GET /v1/orders', 'verify bearer token', 'GET', 'GET /internal/orders'][number % 4 + 1],
  ['Server', 'Internal', 'Client', 'Server'][number % 4 + 1],
  if(number % 4 = 3, 'orders-svc', ['api-gateway', 'auth-gateway', 'payments-gateway'][intDiv(number, 4) % 3 + 1]),
  map('service.name', 'bench', 'host.name', concat('node-', toString(number % 16))),
  map('http.request.method', 'GET', 'http.route', '/v1/orders', 'http.response.status_code', '200'),
  1000000 + cityHash64(number) % 20000000, 'Unset'
FROM numbers({offset:UInt64}, {count:UInt64})`

async function insertChunks(store: Store, query: string, rows: number, params: Record<string, string>): Promise<void> {
  for (let offset = 0; offset < rows; offset += CHUNK) {
    await store.writer.command({ query, query_params: { ...params, offset, count: Math.min(CHUNK, rows - offset) } })
  }
}

/** `calls` gateway calls spread over `days` ending at `endMs`, and `spans` spans (4 per trace) of the newest calls. */
export async function generateTraffic(store: Store, options: { calls: number; spans: number; days: number; endMs: number }): Promise<{ seconds: number; stepNs: bigint }> {
  const started = performance.now()
  const endNs = BigInt(options.endMs) * 1_000_000n
  const stepNs = (BigInt(options.days) * DAY_NS) / BigInt(options.calls)
  const params = { end: endNs.toString(), step: stepNs.toString() }
  await insertChunks(store, CALLS_SQL, options.calls, params)
  await insertChunks(store, SPANS_SQL, options.spans, params)
  // Steady state: background merges fold each minute's rollup rows together over time.
  for (const table of ['gateway_calls_1m', 'gateway_principals_1m', 'otel_traces_trace_id_ts']) {
    await store.writer.command({ query: `OPTIMIZE TABLE ${table} FINAL` })
  }
  return { seconds: (performance.now() - started) / 1000, stepNs }
}

/** TraceId and SpanId of call number `n` (0 = newest), as the generator wrote them. */
export async function callIds(store: Store, n: number): Promise<{ traceId: string; subject: string }> {
  const result = await store.reader.query({
    query: `SELECT ${TRACE_ID('toUInt64({n:UInt64})')} AS traceId, concat('user-', toString(cityHash64(toUInt64({n:UInt64}), 5) % 100000)) AS subject`,
    query_params: { n },
    format: 'JSONEachRow',
  })
  const [row] = await result.json<{ traceId: string; subject: string }>()
  return row!
}

import { mkdtempSync } from 'node:fs'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { ConfigSchema, GATEWAY_CALL_COLUMNS, toGatewayCallRow, type Config, type GatewayCall } from '@claimcheck/shared'
import { openStore, runMigrations, type OpenStoreOptions, type Store } from '@claimcheck/shared/node'
import { createDashboardApp } from '../app.ts'
import { createQueryApi } from './index.ts'

/** Test harness for the query API: a fresh embedded store, realistic rows, the real app on a free port. */

export const HOUR = 3_600_000
/**
 * "now" of every test: the start of the real current hour, so the rows are recent enough to
 * outlive the tables' TTL. The "current hour" below is the hour before it, the "previous hour"
 * the one before that.
 */
export const NOW = Math.floor(Date.now() / HOUR) * HOUR
const MINUTE = 60_000

/** The admin API token every test harness configures and sends: the API has no anonymous access. */
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef'
export const TEST_AUTH = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }
/** `dashboard.apiTokens` holding the test admin token, merged into a harness's config. */
export const TEST_DASHBOARD = { apiTokens: [{ token: TEST_ADMIN_TOKEN, role: 'admin' as const, name: 'test-admin' }] }

// Response bodies are whatever the API sent; the tests' assertions are their types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = any

export interface Harness {
  store: Store
  config: Config
  baseUrl: string
  get(path: string): Promise<{ status: number; body: Body; headers: Headers }>
  send(method: string, path: string, body: unknown): Promise<{ status: number; body: Body; text: string; headers: Headers }>
  close(): Promise<void>
}

/** Sends a request to the API under `baseUrl`: a JSON body (or a raw string), the answer parsed when it is JSON. */
export function jsonRequester(baseUrl: string) {
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Body; text: string; headers: Headers }> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: body === undefined ? TEST_AUTH : { ...TEST_AUTH, 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })
    const text = await response.text()
    let parsed: Body
    try {
      parsed = text ? JSON.parse(text) : undefined
    } catch {
      parsed = undefined
    }
    return { status: response.status, body: parsed, text, headers: response.headers }
  }
}

export async function startHarness(options: OpenStoreOptions = {}): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'claimcheck-api-'))
  const config = ConfigSchema.parse({ store: { dataDir }, dashboard: TEST_DASHBOARD })
  const store = await openStore(config.store, options)
  await runMigrations(store.writer, { database: config.store.database }, config.retention)
  const logger = pino({ level: 'silent' })
  const app = createDashboardApp({ store, config, logger, version: 'test', operations: createQueryApi({ store, config, logger, now: () => NOW }) })
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening))
  })
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`
  const send = jsonRequester(baseUrl)
  return {
    store,
    config,
    baseUrl,
    get: (path) => send('GET', path, undefined),
    send,
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await store.close()
    },
  }
}

let sequence = 0
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0')

/** A gateway call at `atMs` (+ `extraNs`), successful unless `cause` is set. */
export function makeCall(atMs: number, fields: Partial<GatewayCall> = {}, extraNs = 0n): GatewayCall {
  const id = ++sequence
  const seconds = Math.floor(atMs / 1000)
  return {
    Timestamp: String(BigInt(atMs) * 1_000_000n + extraNs),
    TraceId: hex(id, 32),
    SpanId: hex(id, 16),
    ServiceName: 'api-gateway',
    Method: 'GET',
    Route: '/orders',
    Path: '/orders',
    StatusCode: 200,
    Duration: 1_000_000 + id,
    ClientAddress: '10.0.0.1',
    Subject: '',
    Issuer: 'https://idp.example.com',
    Audience: ['orders-api'],
    ClientId: 'web',
    Tenant: 't1',
    Scopes: ['orders:read'],
    TokenKeyId: 'key-1',
    TokenAlgorithm: 'RS256',
    TokenIssuedAt: seconds - 600,
    TokenNotBefore: seconds - 600,
    TokenExpiresAt: seconds + 3000,
    TokenPresent: 1,
    Cause: '',
    CauseDetail: '',
    EvidenceRule: '',
    Evidence: '',
    ErrorMessage: '',
    Source: 'span',
    Attributes: { 'http.request.method': 'GET' },
    ...fields,
  }
}

/**
 * The standard data set. Current hour [NOW-1h, NOW), minute m:
 * - a success on GET /orders by user-(m%5), every minute: 60
 * - expired (401) on GET /orders by user-(m%4) when m%3 == 0: 20
 * - unknown_sub (403) on GET /users/:id by ghost-m, issuer idp-b, client mobile, tenant t2, when m%10 == 0: 6
 * - other (401) on POST /admin, no subject, m = 0..4: "weird gateway error A" ×3, "… B" ×2
 * - misconfig/issuer (401) on POST /admin at m = 30, issuer https://evil.example
 * Previous hour [NOW-2h, NOW-1h): a success every 2 minutes (30), expired when m%6 == 0 (10).
 * Before both: one revoked call at NOW-2.5h, outside every default range.
 */
export function standardCalls(): GatewayCall[] {
  const calls: GatewayCall[] = []
  const current = NOW - HOUR
  const previous = NOW - 2 * HOUR
  for (let m = 0; m < 60; m++) {
    const minute = current + m * MINUTE
    calls.push(makeCall(minute + 10_000, { Subject: `user-${m % 5}` }, 123_456_789n))
    if (m % 3 === 0) {
      calls.push(makeCall(minute + 20_000, {
        Subject: `user-${m % 4}`, StatusCode: 401, Cause: 'expired', EvidenceRule: 'jose.ERR_JWT_EXPIRED', Evidence: 'code=ERR_JWT_EXPIRED',
        ErrorMessage: 'jwt expired', TokenExpiresAt: Math.floor(minute / 1000) - 90,
      }))
    }
    if (m % 10 === 0) {
      calls.push(makeCall(minute + 30_000, {
        Route: '/users/:id', Path: `/users/${m}`, Subject: `ghost-${m}`, StatusCode: 403, Cause: 'unknown_sub', Issuer: 'https://idp-b.example.com',
        ClientId: 'mobile', Tenant: 't2', EvidenceRule: 'supabase.user_not_found', Evidence: 'error_code=user_not_found',
        ErrorMessage: 'User from sub claim in JWT does not exist', Source: 'span+log',
      }))
    }
    if (m < 5) {
      calls.push(makeCall(minute + 40_000, {
        Method: 'POST', Route: '/admin', Path: '/admin', StatusCode: 401, Cause: 'other', TokenPresent: 0, ErrorMessage: m < 3 ? 'weird gateway error A' : 'weird gateway error B',
      }))
    }
    if (m === 30) {
      calls.push(makeCall(minute + 50_000, {
        Method: 'POST', Route: '/admin', Path: '/admin', StatusCode: 401, Cause: 'misconfig', CauseDetail: 'issuer', Issuer: 'https://evil.example',
        Subject: 'user-1', ErrorMessage: 'issuer not allowed',
      }))
    }
    const before = previous + m * MINUTE
    if (m % 2 === 0) calls.push(makeCall(before + 10_000, { Subject: `user-${m % 5}` }))
    if (m % 6 === 0) {
      calls.push(makeCall(before + 20_000, { Subject: `user-${m % 4}`, StatusCode: 401, Cause: 'expired', ErrorMessage: 'jwt expired' }))
    }
  }
  calls.push(makeCall(NOW - 2.5 * HOUR, { Subject: 'user-9', StatusCode: 401, Cause: 'revoked', ErrorMessage: 'token revoked' }))
  return calls
}

export async function insertCalls(store: Store, calls: GatewayCall[]): Promise<void> {
  await store.writer.insert({ table: 'gateway_calls', values: calls.map(toGatewayCallRow), format: 'JSONCompactEachRow', columns: [...GATEWAY_CALL_COLUMNS] as [string, ...string[]] })
}

/** A two-span trace with two log records, for the call at `call` (its TraceId and SpanId). */
export async function insertTrace(store: Store, call: GatewayCall): Promise<void> {
  const startNs = BigInt(call.Timestamp)
  const span = (spanId: string, parent: string, name: string, offsetNs: bigint, durationNs: number, status: string) => ({
    Timestamp: String(startNs + offsetNs), TraceId: call.TraceId, SpanId: spanId, ParentSpanId: parent, TraceState: '',
    SpanName: name, SpanKind: parent ? 'Internal' : 'Server', ServiceName: call.ServiceName, ResourceAttributes: { 'service.name': call.ServiceName },
    ScopeName: 'gateway', ScopeVersion: '1.0', SpanAttributes: { 'http.route': call.Route }, Duration: durationNs, StatusCode: status,
    StatusMessage: status === 'Error' ? call.ErrorMessage : '',
    'Events.Timestamp': [String(startNs + offsetNs + 1000n)], 'Events.Name': ['auth.checked'], 'Events.Attributes': [{ result: 'denied' }],
    'Links.TraceId': [], 'Links.SpanId': [], 'Links.TraceState': [], 'Links.Attributes': [],
  })
  await store.writer.insert({
    table: 'otel_traces',
    values: [span(call.SpanId, '', `${call.Method} ${call.Route}`, 0n, 5_000_000, 'Error'), span('c'.repeat(16), call.SpanId, 'verify jwt', 1_000_000n, 2_000_000, 'Error')],
    format: 'JSONEachRow',
  })
  const log = (spanId: string, body: string, offsetNs: bigint) => ({
    Timestamp: String(startNs + offsetNs), TraceId: call.TraceId, SpanId: spanId, TraceFlags: 1, SeverityText: 'WARN', SeverityNumber: 13,
    ServiceName: call.ServiceName, Body: body, ResourceAttributes: { 'service.name': call.ServiceName }, ScopeName: 'gateway',
    LogAttributes: { 'http.status_code': String(call.StatusCode) },
  })
  await store.writer.insert({
    table: 'otel_logs',
    values: [log(call.SpanId, call.ErrorMessage, 2_000_000n), log('c'.repeat(16), 'sub lookup failed', 1_500_000n), log('d'.repeat(16), 'unrelated', 0n)],
    format: 'JSONEachRow',
  })
}

import { GATEWAY_CALL_COLUMNS, OTEL_LOG_COLUMNS, OTEL_TRACE_COLUMNS, qualify, TABLES, toGatewayCallRow, type Cause, type GatewayCall } from '@claimcheck/shared'
import type { Store } from '@claimcheck/shared/node'

/**
 * Twelve hours of realistic gateway traffic ending at `nowMs`, with the story the dashboard is for:
 * tenant acme-eu was migrated two hours ago and every acme subject now fails `unknown_sub`;
 * the mobile app never refreshes tokens (`expired`); a batch client lacks a scope; a staging
 * issuer burst 40 minutes ago (`misconfig`); a sprinkle of the other causes. Failing calls of
 * the last 45 minutes (and some successes) carry traces and log records.
 */

const MINUTE = 60_000
/** Twice the default range, so the previous period has data to compare with. */
const HOURS = 12

function mulberry32(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const ROUTES = [
  { method: 'GET', route: '/v1/orders', path: '/v1/orders', weight: 5, upstream: 'orders-svc' },
  { method: 'POST', route: '/v1/orders', path: '/v1/orders', weight: 2, upstream: 'orders-svc' },
  { method: 'GET', route: '/v1/users/{id}', path: '/v1/users/4711', weight: 3, upstream: 'users-svc' },
  { method: 'GET', route: '/v1/invoices', path: '/v1/invoices', weight: 2, upstream: 'billing-svc' },
  { method: 'POST', route: '/v1/payments', path: '/v1/payments', weight: 1, upstream: 'billing-svc' },
  { method: 'GET', route: '/v1/profile', path: '/v1/profile', weight: 2, upstream: 'users-svc' },
] as const

const CLIENTS = ['web-app', 'web-app', 'web-app', 'mobile-ios', 'mobile-android', 'partner-portal', 'reporting-batch'] as const
const ISSUER = 'https://auth.example.com/'
const STAGING_ISSUER = 'https://staging.auth.example.com/'

interface Failure {
  cause: Cause
  detail: string
  status: number
  rule: string
  evidence: string
  message: string
}

const FAILURES: Record<Cause, Failure> = {
  unknown_sub: { cause: 'unknown_sub', detail: 'user', status: 403, rule: 'supabase.error_code', evidence: 'error_code=user_not_found', message: 'User from sub claim in JWT does not exist' },
  expired: { cause: 'expired', detail: '', status: 401, rule: 'token.exp', evidence: 'exp 2m14s before the call', message: 'Jwt is expired' },
  insufficient_scope: { cause: 'insufficient_scope', detail: 'scope', status: 403, rule: 'rfc6750.www_authenticate', evidence: 'error="insufficient_scope" scope="payments:write"', message: 'insufficient_scope: payments:write required' },
  misconfig: { cause: 'misconfig', detail: 'issuer', status: 401, rule: 'kong.message', evidence: 'iss https://staging.auth.example.com/ not in allowed issuers', message: 'No credentials found for given \'iss\'' },
  malformed: { cause: 'malformed', detail: 'format', status: 401, rule: 'envoy.jwt_verify_lib', evidence: 'Jwt is not in the form of Header.Payload.Signature', message: 'Jwt is not in the form of Header.Payload.Signature' },
  missing_token: { cause: 'missing_token', detail: '', status: 401, rule: 'envoy.jwt_verify_lib', evidence: 'Jwt is missing', message: 'Jwt is missing' },
  not_yet_valid: { cause: 'not_yet_valid', detail: 'clock_skew', status: 401, rule: 'token.nbf', evidence: 'nbf 4s after the call', message: 'Jwt not yet valid' },
  revoked: { cause: 'revoked', detail: 'session', status: 401, rule: 'supabase.error_code', evidence: 'error_code=session_not_found', message: 'Session from session_id claim in JWT does not exist' },
  other: { cause: 'other', detail: '', status: 401, rule: '', evidence: '', message: 'upstream auth filter rejected request (code 7)' },
}

const hex = (rand: () => number, length: number) => Array.from({ length }, () => Math.floor(rand() * 16).toString(16)).join('')
const ns = (ms: number) => `${Math.floor(ms)}${String(Math.round((ms % 1) * 1e6)).padStart(6, '0')}`

export interface SeededFixture {
  calls: number
  failures: number
  traces: number
  /** The newest unknown_sub call (it has a trace with a users-svc lookup). */
  unknownSubCall: { traceId: string; spanId: string; subject: string }
}

interface TracedCall {
  call: GatewayCall
  startMs: number
  upstream: string
}

export async function seedDashboardData(store: Store, nowMs: number): Promise<SeededFixture> {
  const rand = mulberry32(7)
  const end = Math.floor(nowMs / MINUTE) * MINUTE
  const start = end - HOURS * 60 * MINUTE
  const migrationAt = end - 2 * 60 * MINUTE
  const stagingFrom = end - 50 * MINUTE
  const stagingTo = end - 38 * MINUTE
  const totalWeight = ROUTES.reduce((s, r) => s + r.weight, 0)
  const calls: GatewayCall[] = []
  const traced: TracedCall[] = []

  for (let minute = start; minute < end; minute += MINUTE) {
    // Daily-ish wave plus noise: 18–34 calls a minute.
    const load = Math.round(26 + 8 * Math.sin((minute / (90 * MINUTE)) * Math.PI) + (rand() - 0.5) * 6)
    for (let i = 0; i < load; i++) {
      const t = minute + rand() * MINUTE
      let pick = rand() * totalWeight
      const route = ROUTES.find((r) => (pick -= r.weight) < 0) ?? ROUTES[0]
      const client = CLIENTS[Math.floor(rand() * CLIENTS.length)]!
      const acme = rand() < 0.22
      const subject = acme ? `auth0|acme-${String(Math.floor(rand() * 40)).padStart(4, '0')}` : `user-${String(Math.floor(rand() * 400)).padStart(4, '0')}`
      const tenant = acme ? 'acme-eu' : rand() < 0.5 ? 'globex' : 'initech'
      const service = route.route.startsWith('/v1/payments') || route.route.startsWith('/v1/invoices') ? 'kong-edge' : 'envoy-gateway'
      let failure: Failure | undefined
      let issuer = ISSUER
      const roll = rand()
      if (acme && t >= migrationAt) failure = FAILURES.unknown_sub
      else if (client === 'mobile-ios' && roll < 0.14) failure = FAILURES.expired
      else if (client === 'reporting-batch' && route.route === '/v1/payments') failure = FAILURES.insufficient_scope
      else if (service === 'kong-edge' && t >= stagingFrom && t < stagingTo && roll < 0.45) {
        failure = FAILURES.misconfig
        issuer = STAGING_ISSUER
      } else if (roll < 0.004) failure = FAILURES.malformed
      else if (roll < 0.008) failure = FAILURES.missing_token
      else if (roll < 0.010) failure = FAILURES.revoked
      else if (roll < 0.012) failure = FAILURES.other
      else if (roll < 0.013) failure = FAILURES.not_yet_valid
      const noToken = failure?.cause === 'missing_token' || failure?.cause === 'malformed'
      const durationMs = failure ? 0.6 + rand() * 3 + (failure.cause === 'unknown_sub' ? 8 + rand() * 6 : 0) : 12 + rand() * 60
      const iat = Math.floor(t / 1000) - (failure?.cause === 'expired' ? 3600 + 134 : Math.floor(rand() * 3000))
      const call: GatewayCall = {
        Timestamp: ns(t),
        TraceId: hex(rand, 32),
        SpanId: hex(rand, 16),
        ServiceName: service,
        Method: route.method,
        Route: route.route,
        Path: route.path,
        StatusCode: failure ? failure.status : route.method === 'POST' ? 201 : 200,
        Duration: Math.round(durationMs * 1e6),
        ClientAddress: `10.20.${Math.floor(rand() * 8)}.${Math.floor(rand() * 250) + 2}`,
        Subject: noToken ? '' : subject,
        Issuer: noToken ? '' : issuer,
        Audience: noToken ? [] : ['orders-api'],
        ClientId: noToken ? '' : client,
        Tenant: noToken ? '' : tenant,
        Scopes: noToken ? [] : client === 'reporting-batch' ? ['orders:read', 'invoices:read'] : ['orders:read', 'orders:write', 'payments:write'],
        TokenKeyId: noToken ? '' : 'k-2024-06',
        TokenAlgorithm: noToken ? '' : 'RS256',
        TokenIssuedAt: noToken ? null : iat,
        TokenNotBefore: noToken ? null : iat,
        TokenExpiresAt: noToken ? null : iat + 3600,
        TokenPresent: failure?.cause === 'missing_token' ? 0 : 1,
        Cause: failure?.cause ?? '',
        CauseDetail: failure?.detail ?? '',
        EvidenceRule: failure?.rule ?? '',
        Evidence: failure?.evidence ?? '',
        ErrorMessage: failure?.message ?? '',
        Source: 'span+log',
        Attributes: { 'http.request.method': route.method, 'http.route': route.route, 'user_agent.original': client === 'mobile-ios' ? 'Acme/5.2 iOS' : 'Mozilla/5.0' },
      }
      calls.push(call)
      if (t >= end - 45 * MINUTE && (failure || rand() < 0.04)) traced.push({ call, startMs: t, upstream: route.upstream })
    }
  }
  calls.sort((a, b) => (a.Timestamp < b.Timestamp ? -1 : 1))

  const ctx = store.schema
  await store.writer.insert({ table: qualify(ctx, TABLES.calls), values: calls.map(toGatewayCallRow), format: 'JSONCompactEachRow', columns: [...GATEWAY_CALL_COLUMNS] as [string, ...string[]] })
  const { spans, logs } = buildTraces(traced, rand)
  await store.writer.insert({ table: qualify(ctx, TABLES.traces), values: spans, format: 'JSONCompactEachRow', columns: [...OTEL_TRACE_COLUMNS] as [string, ...string[]] })
  await store.writer.insert({ table: qualify(ctx, TABLES.logs), values: logs, format: 'JSONCompactEachRow', columns: [...OTEL_LOG_COLUMNS] as [string, ...string[]] })

  const newestUnknown = [...traced].reverse().find((c) => c.call.Cause === 'unknown_sub')!
  return {
    calls: calls.length,
    failures: calls.filter((c) => c.Cause !== '').length,
    traces: traced.length,
    unknownSubCall: { traceId: newestUnknown.call.TraceId, spanId: newestUnknown.call.SpanId, subject: newestUnknown.call.Subject },
  }
}

type Attrs = Record<string, string>

function span(o: { t: number; traceId: string; spanId: string; parent: string; name: string; kind: string; service: string; attrs: Attrs; durMs: number; error?: string; events?: { t: number; name: string; attrs: Attrs }[] }): unknown[] {
  const events = o.events ?? []
  return [
    ns(o.t), o.traceId, o.spanId, o.parent, '', o.name, o.kind, o.service,
    { 'service.name': o.service, 'deployment.environment': 'production', 'k8s.namespace.name': 'edge' }, 'claimcheck-fixture', '1.0.0', o.attrs,
    Math.round(o.durMs * 1e6), o.error ? 'Error' : 'Ok', o.error ?? '',
    events.map((e) => ns(e.t)), events.map((e) => e.name), events.map((e) => e.attrs), [], [], [], [],
  ]
}

function log(o: { t: number; traceId: string; spanId: string; severity: 'INFO' | 'WARN' | 'ERROR'; service: string; body: string; attrs: Attrs }): unknown[] {
  const number = { INFO: 9, WARN: 13, ERROR: 17 }[o.severity]
  return [ns(o.t), o.traceId, o.spanId, 1, o.severity, number, o.service, o.body, '', { 'service.name': o.service }, '', 'claimcheck-fixture', '1.0.0', {}, o.attrs, '']
}

function buildTraces(traced: readonly TracedCall[], rand: () => number): { spans: unknown[][]; logs: unknown[][] } {
  const spans: unknown[][] = []
  const logs: unknown[][] = []
  for (const { call, startMs, upstream } of traced) {
    const total = call.Duration / 1e6
    const failed = call.Cause !== ''
    const httpAttrs = {
      'http.request.method': call.Method, 'http.route': call.Route, 'url.path': call.Path,
      'http.response.status_code': String(call.StatusCode), 'client.address': call.ClientAddress,
      'enduser.id': call.Subject, 'jwt.iss': call.Issuer, 'jwt.client_id': call.ClientId,
    }
    const rootEvents = failed ? [{ t: startMs + total * 0.9, name: 'exception', attrs: { 'exception.type': 'AuthError', 'exception.message': call.ErrorMessage } }] : []
    spans.push(span({ t: startMs, traceId: call.TraceId, spanId: call.SpanId, parent: '', name: `${call.Method} ${call.Route}`, kind: 'Server', service: call.ServiceName, attrs: httpAttrs, durMs: total, error: failed ? call.ErrorMessage : undefined, events: rootEvents }))
    const verifyId = hex(rand, 16)
    const verifyMs = Math.min(total * 0.25, 0.4 + rand() * 0.6)
    const verifyFails = failed && call.Cause !== 'unknown_sub' && call.Cause !== 'insufficient_scope'
    spans.push(span({ t: startMs + 0.05, traceId: call.TraceId, spanId: verifyId, parent: call.SpanId, name: 'jwt_authn verify', kind: 'Internal', service: call.ServiceName, attrs: { 'jwt.kid': call.TokenKeyId, 'jwt.alg': call.TokenAlgorithm, 'jwt.provider': 'auth0' }, durMs: verifyMs, error: verifyFails ? call.ErrorMessage : undefined }))
    if (call.Cause === 'unknown_sub') {
      const lookupId = hex(rand, 16)
      const lookupStart = startMs + verifyMs + 0.2
      const lookupMs = total - verifyMs - 0.6
      spans.push(span({
        t: lookupStart, traceId: call.TraceId, spanId: lookupId, parent: call.SpanId, name: 'GET /internal/users/{sub}', kind: 'Client', service: 'users-svc',
        attrs: { 'http.request.method': 'GET', 'url.path': `/internal/users/${call.Subject}`, 'http.response.status_code': '404', 'enduser.id': call.Subject },
        durMs: lookupMs, error: 'user not found',
        events: [{ t: lookupStart + lookupMs * 0.8, name: 'user.lookup', attrs: { result: 'not_found', 'tenant': call.Tenant } }],
      }))
      spans.push(span({
        t: lookupStart + 0.5, traceId: call.TraceId, spanId: hex(rand, 16), parent: lookupId, name: 'SELECT users', kind: 'Client', service: 'users-svc',
        attrs: { 'db.system': 'postgresql', 'db.name': 'identity', 'db.statement': 'SELECT id, status FROM users WHERE sub = $1', 'db.rows_returned': '0' },
        durMs: lookupMs * 0.6,
      }))
      logs.push(log({ t: lookupStart + lookupMs * 0.8, traceId: call.TraceId, spanId: lookupId, severity: 'ERROR', service: 'users-svc', body: `user lookup failed: no user with sub ${call.Subject}`, attrs: { 'enduser.id': call.Subject, tenant: call.Tenant } }))
    } else if (!failed) {
      const upstreamId = hex(rand, 16)
      const upStart = startMs + verifyMs + 0.3
      const upMs = total - verifyMs - 1
      spans.push(span({ t: upStart, traceId: call.TraceId, spanId: upstreamId, parent: call.SpanId, name: `${call.Method} ${call.Route}`, kind: 'Server', service: upstream, attrs: { 'http.request.method': call.Method, 'http.route': call.Route, 'http.response.status_code': String(call.StatusCode) }, durMs: upMs }))
      spans.push(span({ t: upStart + upMs * 0.2, traceId: call.TraceId, spanId: hex(rand, 16), parent: upstreamId, name: 'SELECT', kind: 'Client', service: upstream, attrs: { 'db.system': 'postgresql', 'db.statement': 'SELECT * FROM orders WHERE customer_id = $1 LIMIT 50' }, durMs: upMs * 0.5 }))
    }
    logs.push(log({
      t: startMs + total, traceId: call.TraceId, spanId: call.SpanId, severity: failed ? 'WARN' : 'INFO', service: call.ServiceName,
      body: failed ? `${call.Method} ${call.Path} ${call.StatusCode}: ${call.ErrorMessage}` : `${call.Method} ${call.Path} ${call.StatusCode}`,
      attrs: { 'http.route': call.Route, 'http.response.status_code': String(call.StatusCode), 'client_id': call.ClientId },
    }))
  }
  return { spans, logs }
}

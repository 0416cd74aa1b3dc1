import { describe, expect, it } from 'vitest'
import { CallFactsSchema, GATEWAY_CALL_COLUMNS, GatewayCallSchema } from '@claimcheck/shared'
import { JSON_CODEC, PROTOBUF_CODEC } from '../otlp/codec.ts'
import { makeJwt, serializeLogs, serializeSpans, SpanKind, SpanStatusCode } from '../otlp/sdk-fixtures.ts'
import { mergeCallCandidates, toGatewayCall, toGatewayCallRowFromCandidate, type CallCandidate } from './gateway-call.ts'
import { normalizeLogs } from './logs.ts'
import { normalizeTraces } from './traces.ts'
import { REDACTED } from '@claimcheck/shared'

const TRACE_ID = '5b8efff798038103d269b633813fc60c'
const JWT = makeJwt({ sub: 'user-42', iss: 'https://idp/', aud: ['api'], exp: 1700000000, iat: 1699996400, scope: 'read' })
const VERDICT = { cause: 'expired' as const, detail: '', ruleId: 'token.exp', evidence: 'exp < call time' }

async function spanCall(): Promise<CallCandidate> {
  const { protobuf } = await serializeSpans([{
    name: 'GET /users/:id', kind: SpanKind.SERVER, startTime: 1700000100000, endTime: 1700000100020,
    attributes: {
      'http.request.method': 'GET', 'http.route': '/users/:id', 'url.path': '/users/42', 'http.response.status_code': 401,
      'client.address': '10.0.0.9', 'http.request.header.authorization': [`Bearer ${JWT}`],
    },
    events: [{ name: 'exception', attributes: { 'exception.type': 'JWTExpired', 'exception.message': 'JWTExpired: "exp" claim timestamp check failed' } }],
    status: { code: SpanStatusCode.ERROR, message: 'Unauthorized' },
    parent: { traceId: TRACE_ID, spanId: 'aaaaaaaaaaaaaaaa' },
  }], { 'service.name': 'kong', 'deployment.environment': 'prod' })
  const { calls } = normalizeTraces(PROTOBUF_CODEC.decodeTraces(protobuf).request)
  expect(calls).toHaveLength(1)
  return calls[0]!
}

describe('normalizeTraces → span candidates', () => {
  it('builds CallFacts from an HTTP SERVER span, with token facts and redacted attributes', async () => {
    const c = await spanCall()
    expect(CallFactsSchema.parse(c.facts)).toEqual(c.facts)
    expect(c).toMatchObject({ source: 'span', traceId: TRACE_ID, timestampNs: '1700000100000000000', durationNs: 20_000_000, clientAddress: '10.0.0.9' })
    expect(c.facts).toMatchObject({
      timestampMs: 1700000100000, serviceName: 'kong', method: 'GET', route: '/users/:id', path: '/users/42', statusCode: 401,
      message: 'JWTExpired: "exp" claim timestamp check failed',
      token: { present: true, malformed: false, claims: { sub: 'user-42', exp: 1700000000, scopes: ['read'] } },
    })
    expect(c.facts.attributes).toMatchObject({ 'deployment.environment': 'prod', 'http.request.header.authorization': REDACTED })
  })

  it('keeps the exception type and the status message, which the message holds only one of, as attributes', async () => {
    const c = await spanCall()
    expect(c.facts.attributes).toMatchObject({
      'exception.type': 'JWTExpired',
      'exception.message': 'JWTExpired: "exp" claim timestamp check failed',
      'otel.status_description': 'Unauthorized',
    })
  })

  it('ignores non-server spans and server spans without an HTTP method', async () => {
    const { json } = await serializeSpans([
      { name: 'db', kind: SpanKind.CLIENT, attributes: { 'http.request.method': 'GET' } },
      { name: 'job', kind: SpanKind.SERVER, attributes: {} },
      { name: 'legacy', kind: SpanKind.SERVER, attributes: { 'http.method': 'POST', 'http.target': '/login?next=/x', 'http.status_code': 403 } },
    ])
    const { calls } = normalizeTraces(JSON_CODEC.decodeTraces(json).request)
    expect(calls.map((c) => [c.facts.method, c.facts.route, c.facts.path, c.facts.statusCode, c.facts.message])).toEqual([['POST', '/login', '/login', 403, '']])
  })
})

describe('normalizeLogs → log candidates', () => {
  it('builds CallFacts from an access-log record with HTTP attributes and a malformed bearer', async () => {
    const { protobuf } = await serializeLogs([{
      timestamp: 1700000100000, body: 'invalid token',
      attributes: {
        'http.request.method': 'POST', 'http.response.status_code': 401, 'url.full': 'https://api.example.com/v1/orders?x=1',
        'http.request.header.authorization': 'Bearer not-a-jwt', 'net.peer.ip': '192.0.2.1',
      },
    }, { body: 'just a log line', attributes: { level: 'info' } }])
    const { rows, calls } = normalizeLogs(PROTOBUF_CODEC.decodeLogs(protobuf).request)
    expect(rows).toHaveLength(2)
    expect(calls).toHaveLength(1)
    expect(calls[0]).toMatchObject({ source: 'log', traceId: '', clientAddress: '192.0.2.1', durationNs: 0 })
    expect(calls[0]!.facts).toMatchObject({ method: 'POST', route: '/v1/orders', path: '/v1/orders', statusCode: 401, message: 'invalid token', token: { present: true, malformed: true } })
  })

  it('reads a kvlist access-log body (gateway-native keys) and a JWT found anywhere', async () => {
    const { json } = await serializeLogs([{
      timestamp: 1700000100000,
      body: { method: 'GET', path: '/p?q=1', response_code: 403, message: 'insufficient_scope', token: JWT, error_code: 'forbidden' },
    }])
    const { rows, calls } = normalizeLogs(JSON_CODEC.decodeLogs(json).request)
    expect(rows[0]![7]).toContain(`"token":"${REDACTED}"`)
    expect(rows[0]![7]).not.toContain(JWT.split('.')[1])
    const f = calls[0]!.facts
    expect(f).toMatchObject({ method: 'GET', route: '/p', statusCode: 403, message: 'insufficient_scope', token: { present: true, claims: { sub: 'user-42' } } })
    expect(f.attributes).toMatchObject({ error_code: 'forbidden', token: REDACTED })
  })
})

describe('mergeCallCandidates', () => {
  it('takes timing/route/status from the span, message and attributes from the log, either argument order', async () => {
    const span = await spanCall()
    const log: CallCandidate = {
      source: 'log', traceId: TRACE_ID, spanId: span.spanId, timestampNs: '1700000100005000000', durationNs: 0, clientAddress: '',
      facts: { ...span.facts, route: '', statusCode: 0, message: 'token expired at gateway', attributes: { 'error.code': 'expired', 'http.route': 'log-route' }, token: { present: false, malformed: false } },
    }
    for (const merged of [mergeCallCandidates(span, log), mergeCallCandidates(log, span)]) {
      expect(merged).toMatchObject({ source: 'span+log', timestampNs: span.timestampNs, durationNs: 20_000_000, clientAddress: '10.0.0.9' })
      expect(merged.facts).toMatchObject({ route: '/users/:id', statusCode: 401, message: 'token expired at gateway', token: span.facts.token })
      expect(merged.facts.attributes).toMatchObject({ 'error.code': 'expired', 'http.route': 'log-route', 'deployment.environment': 'prod' })
    }
  })
})

describe('toGatewayCall / toGatewayCallRowFromCandidate', () => {
  it('builds a GatewayCallSchema-valid row in GATEWAY_CALL_COLUMNS order', async () => {
    const c = await spanCall()
    const call = toGatewayCall(c, VERDICT)
    expect(GatewayCallSchema.parse(call)).toEqual(call)
    expect(call).toMatchObject({
      Timestamp: '1700000100000000000', Subject: 'user-42', Issuer: 'https://idp/', Audience: ['api'], Scopes: ['read'],
      TokenExpiresAt: 1700000000, TokenIssuedAt: 1699996400, TokenNotBefore: null, TokenPresent: 1, Cause: 'expired',
      EvidenceRule: 'token.exp', ErrorMessage: c.facts.message, Source: 'span', Duration: 20_000_000, StatusCode: 401,
    })
    const row = toGatewayCallRowFromCandidate(c, VERDICT)
    expect(row).toHaveLength(GATEWAY_CALL_COLUMNS.length)
    expect(row[GATEWAY_CALL_COLUMNS.indexOf('Subject')]).toBe('user-42')
  })
})

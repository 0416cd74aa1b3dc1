import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCollectorHarness, type CollectorHarness } from './support/collector-harness.ts'
import { fakeJwt, logExporter, sendLogs, sendSpans, traceExporter, TRANSPORTS } from './support/otel-clients.ts'

// Real OpenTelemetry SDK exporters (http/json, http/protobuf, gRPC) → a running collector →
// the embedded ClickHouse; rows are read back and checked value by value.

let h: CollectorHarness
beforeAll(async () => {
  h = await startCollectorHarness()
})
afterAll(async () => {
  await h?.stop()
})

const hex = (bytes: number) => randomBytes(bytes).toString('hex')
const NOW = Math.floor(Date.now() / 1000)

describe.each(TRANSPORTS)('logs over %s', (transport) => {
  it('stores the record exactly and derives a classified, redacted gateway call', async () => {
    const traceId = hex(16)
    const spanId = hex(8)
    const token = fakeJwt({ sub: `user-${transport}`, iss: 'https://auth.example.com/auth/v1', aud: 'authenticated', exp: NOW + 3600, iat: NOW - 60, scope: 'orders:read profile', azp: 'mobile-app' })
    await sendLogs(logExporter(transport, h.httpUrl, h.grpcUrl), [{
      serviceName: `orders-gw-${transport}`,
      time: [NOW, 123_456_789],
      traceId,
      spanId,
      body: 'User from sub claim in JWT does not exist',
      attributes: {
        'http.request.method': 'GET',
        'http.route': '/orders/:id',
        'url.path': '/orders/42',
        'http.response.status_code': 403,
        'client.address': '10.0.0.7',
        'http.request.header.authorization': `Bearer ${token}`,
        'http.request.header.cookie': 'session=abc',
        'error_code': 'user_not_found',
      },
    }])

    const [log] = await h.waitForRows(
      'SELECT toString(toUnixTimestamp64Nano(Timestamp)) AS ns, TraceId, SpanId, ServiceName, Body, SeverityText, SeverityNumber, LogAttributes, ResourceAttributes, ScopeName, ScopeVersion FROM otel_logs WHERE TraceId = {t:String}',
      { t: traceId },
    )
    expect(String(log!.ns)).toBe(`${NOW}123456789`)
    expect(log!).toMatchObject({ TraceId: traceId, SpanId: spanId, ServiceName: `orders-gw-${transport}`, SeverityText: 'WARN', SeverityNumber: 13, ScopeName: 'gateway-access-log', ScopeVersion: '1.2.3' })
    expect(log!.Body).toBe('User from sub claim in JWT does not exist')
    expect(log!.LogAttributes['http.route']).toBe('/orders/:id')
    expect(log!.LogAttributes['http.response.status_code']).toBe('403')
    expect(log!.LogAttributes['http.request.header.authorization']).not.toContain(token.split('.')[1])
    expect(log!.LogAttributes['http.request.header.cookie']).not.toContain('abc')
    expect(log!.ResourceAttributes['service.name']).toBe(`orders-gw-${transport}`)

    const [call] = await h.waitForRows('SELECT * FROM gateway_calls WHERE TraceId = {t:String}', { t: traceId })
    expect(call!).toMatchObject({
      SpanId: spanId, ServiceName: `orders-gw-${transport}`, Method: 'GET', Route: '/orders/:id', Path: '/orders/42', StatusCode: 403,
      ClientAddress: '10.0.0.7', Subject: `user-${transport}`, Issuer: 'https://auth.example.com/auth/v1', Audience: ['authenticated'],
      ClientId: 'mobile-app', Scopes: ['orders:read', 'profile'], TokenKeyId: 'key-1', TokenAlgorithm: 'RS256', TokenPresent: 1,
      Cause: 'unknown_sub', Source: 'log', ErrorMessage: 'User from sub claim in JWT does not exist',
    })
    expect(call!.EvidenceRule).not.toBe('')
    expect(JSON.stringify(call)).not.toContain(token.split('.')[1])
  })
})

describe.each(TRANSPORTS)('traces over %s', (transport) => {
  it('stores spans with the exporter semantics and derives the gateway call from the SERVER span', async () => {
    const [ids] = await sendSpans(traceExporter(transport, h.httpUrl, h.grpcUrl), [{
      serviceName: `billing-gw-${transport}`,
      name: 'GET /invoices/:id',
      start: [NOW, 500_000_000],
      end: [NOW, 512_345_678],
      attributes: { 'http.request.method': 'GET', 'http.route': '/invoices/:id', 'url.path': '/invoices/9', 'http.response.status_code': 401, 'error.type': 'JWTExpired' },
      error: '"exp" claim timestamp check failed',
      child: true,
    }])
    const spans = await h.waitForRows(
      'SELECT SpanId, ParentSpanId, SpanKind, SpanName, ServiceName, Duration, StatusCode, StatusMessage, SpanAttributes, `Events.Name` AS EventNames, toString(toUnixTimestamp64Nano(Timestamp)) AS ns FROM otel_traces WHERE TraceId = {t:String}',
      { t: ids!.traceId },
      2,
    )
    const server = spans.find((s) => s.SpanId === ids!.spanId)!
    expect(server).toMatchObject({ SpanKind: 'Server', SpanName: 'GET /invoices/:id', ServiceName: `billing-gw-${transport}`, StatusCode: 'Error', StatusMessage: '"exp" claim timestamp check failed', ParentSpanId: '' })
    expect(Number(server.Duration)).toBe(12_345_678)
    expect(String(server.ns)).toBe(`${NOW}500000000`)
    expect(server.SpanAttributes['http.response.status_code']).toBe('401')
    expect(server.EventNames).toEqual(['exception'])
    const child = spans.find((s) => s.SpanId === ids!.childSpanId)!
    expect(child).toMatchObject({ SpanKind: 'Client', ParentSpanId: ids!.spanId })

    const [lookup] = await h.rows<{ n: string }>('SELECT count() AS n FROM otel_traces_trace_id_ts WHERE TraceId = {t:String}', { t: ids!.traceId })
    expect(Number(lookup!.n)).toBeGreaterThan(0)

    const [call] = await h.waitForRows('SELECT * FROM gateway_calls WHERE TraceId = {t:String}', { t: ids!.traceId })
    expect(call!).toMatchObject({ SpanId: ids!.spanId, Route: '/invoices/:id', StatusCode: 401, Cause: 'expired', Source: 'span', Duration: 12345678 })
  })
})

describe('a call described by a span and a log record', () => {
  it('is counted once, with the span timing and the log message', async () => {
    const [ids] = await sendSpans(traceExporter('http/protobuf', h.httpUrl, h.grpcUrl), [{
      serviceName: 'merge-gw', name: 'POST /payments', start: [NOW, 0], end: [NOW, 40_000_000],
      attributes: { 'http.request.method': 'POST', 'http.route': '/payments', 'http.response.status_code': 403 },
    }])
    await sendLogs(logExporter('http/protobuf', h.httpUrl, h.grpcUrl), [{
      serviceName: 'merge-gw', time: [NOW, 1_000], traceId: ids!.traceId, spanId: ids!.spanId,
      body: 'insufficient_scope: the token lacks payments:write',
      attributes: {
        'http.request.method': 'POST', 'http.route': '/payments', 'http.response.status_code': 403,
        'http.response.header.www-authenticate': 'Bearer error="insufficient_scope", scope="payments:write"',
      },
    }])
    const calls = await h.waitForRows('SELECT Source, Cause, Duration, ErrorMessage, Attributes, EvidenceRule FROM gateway_calls WHERE TraceId = {t:String}', { t: ids!.traceId })
    // Give a duplicate every chance to show up before asserting there is none.
    await new Promise((resolve) => setTimeout(resolve, 800))
    const again = await h.rows('SELECT Source FROM gateway_calls WHERE TraceId = {t:String}', { t: ids!.traceId })
    expect(again).toHaveLength(1)
    expect(calls[0]).toMatchObject({ Source: 'span+log', Cause: 'insufficient_scope', Duration: 40000000 })
  })
})

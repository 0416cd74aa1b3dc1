import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OVERFLOW_ROUTE as OVERFLOW } from '../collector/src/normalize/route-template.ts'
import { startCollectorHarness, type CollectorHarness } from './support/collector-harness.ts'

// Access logs as the OpenTelemetry Collector's filelog receiver ships them: a gateway's JSON log
// line parsed by `json_parser` into attributes (its default `parse_to`) or into the body
// (`parse_to: body`), nested objects as OTLP maps. Each becomes a gateway call with a method,
// a status and a templated route (docs/integrations/opentelemetry-collector.md lists the shapes).

let h: CollectorHarness

beforeAll(async () => {
  h = await startCollectorHarness({ collector: { maxRoutesPerService: 3 } })
})
afterAll(async () => h?.stop())

/** A JSON value as OTLP/JSON AnyValue, as the json_parser operator turns a parsed line into pdata. */
function anyValue(value: unknown): Record<string, unknown> {
  if (typeof value === 'string') return { stringValue: value }
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value }
  if (typeof value === 'boolean') return { boolValue: value }
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValue) } }
  if (value && typeof value === 'object') return { kvlistValue: { values: keyValues(value as Record<string, unknown>) } }
  return {}
}
const keyValues = (o: Record<string, unknown>) => Object.entries(o).map(([key, value]) => ({ key, value: anyValue(value) }))

/** One filelog record: `log.file.name` as the receiver sets it, the parsed line in attributes or body. */
async function ship(service: string, line: Record<string, unknown>, parseTo: 'attributes' | 'body', spanId: string): Promise<void> {
  const record = {
    timeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
    observedTimeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
    traceId: 'f'.repeat(31) + spanId.slice(-1),
    spanId,
    ...(parseTo === 'attributes'
      ? { attributes: [{ key: 'log.file.name', value: { stringValue: 'access.log' } }, ...keyValues(line)], body: { stringValue: JSON.stringify(line) } }
      : { attributes: [{ key: 'log.file.name', value: { stringValue: 'access.log' } }], body: anyValue(line) }),
  }
  const response = await fetch(`${h.httpUrl}/v1/logs`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ resourceLogs: [{ resource: { attributes: keyValues({ 'service.name': service }) }, scopeLogs: [{ scope: {}, logRecords: [record] }] }] }),
  })
  expect(response.status).toBe(200)
}

async function callOf(service: string): Promise<{ Method: string; Route: string; Path: string; StatusCode: number }> {
  const [row] = await h.waitForRows<{ Method: string; Route: string; Path: string; StatusCode: number }>(
    'SELECT Method, Route, Path, StatusCode FROM gateway_calls WHERE ServiceName = {s:String}', { s: service })
  return { ...row!, StatusCode: Number(row!.StatusCode) }
}

const SHAPES: { name: string; parseTo: 'attributes' | 'body'; line: Record<string, unknown>; expected: { Method: string; Route: string; Path: string; StatusCode: number } }[] = [
  {
    name: 'Kong file-log (nested request/response)',
    parseTo: 'attributes',
    line: {
      request: { method: 'GET', uri: '/orders/12345?expand=items', url: 'http://kong:8000/orders/12345?expand=items', headers: { host: 'kong:8000' }, size: 120 },
      response: { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' }, size: 40 },
      route: { name: 'orders', paths: ['/orders'] }, service: { name: 'orders-svc' }, latencies: { request: 3, kong: 1, proxy: 2 },
      client_ip: '10.0.0.7', started_at: Date.now(),
    },
    expected: { Method: 'GET', Route: '/orders/{id}', Path: '/orders/12345', StatusCode: 401 },
  },
  {
    name: 'APISIX http/file logger (nested, as a map body)',
    parseTo: 'body',
    line: {
      request: { method: 'POST', uri: '/users/3f2b8c1e-9d4a-4b7e-8f6a-2c1d0e9b8a7f/tokens', url: 'http://apisix:9080/users/3f2b8c1e-9d4a-4b7e-8f6a-2c1d0e9b8a7f/tokens', querystring: {} },
      response: { status: 403, size: 52 }, route_id: '1', service_id: '', client_ip: '10.0.0.8', latency: 4.2, start_time: Date.now(),
    },
    expected: { Method: 'POST', Route: '/users/{id}/tokens', Path: '/users/3f2b8c1e-9d4a-4b7e-8f6a-2c1d0e9b8a7f/tokens', StatusCode: 403 },
  },
  {
    name: 'nginx log_format escape=json (request_uri, string status)',
    parseTo: 'attributes',
    line: { time_local: '02/Dec/2026:17:00:00 +0000', remote_addr: '10.0.0.9', request_method: 'DELETE', request_uri: '/carts/987/items/65?force=1', status: '401', request_time: '0.004', http_user_agent: 'curl/8' },
    expected: { Method: 'DELETE', Route: '/carts/{id}/items/{id}', Path: '/carts/987/items/65', StatusCode: 401 },
  },
  {
    name: 'Envoy JSON access log (method, path, response_code)',
    parseTo: 'attributes',
    line: { start_time: '2026-12-02T17:00:00.000Z', method: 'GET', path: '/invoices/9f8e7d6c5b4a3210', protocol: 'HTTP/1.1', response_code: 401, response_flags: '-', response_code_details: 'jwt_authn_access_denied{Jwt_is_expired}', duration: 2 },
    expected: { Method: 'GET', Route: '/invoices/{id}', Path: '/invoices/9f8e7d6c5b4a3210', StatusCode: 401 },
  },
  {
    name: 'Traefik JSON access log (RequestMethod, RequestPath, DownstreamStatus), as a map body',
    parseTo: 'body',
    line: { ClientHost: '10.0.0.10', RequestMethod: 'PUT', RequestPath: '/profiles/42', RequestProtocol: 'HTTP/2.0', DownstreamStatus: 403, OriginStatus: 0, RouterName: 'profiles@docker', Duration: 1200000 },
    expected: { Method: 'PUT', Route: '/profiles/{id}', Path: '/profiles/42', StatusCode: 403 },
  },
]

describe('filelog access-log shapes', () => {
  SHAPES.forEach((shape, i) => {
    it(`${shape.name} becomes a call with a templated route`, async () => {
      const service = `filelog-${i}`
      await ship(service, shape.line, shape.parseTo, (i + 1).toString(16).padStart(16, '0'))
      expect(await callOf(service)).toEqual(shape.expected)
    })
  })

  it('keeps only maxRoutesPerService distinct routes per service: the rest is route "other", counted', async () => {
    const service = 'route-explosion'
    for (const [i, path] of ['/a/1', '/b/2', '/c/3', '/d/4', '/e/5', '/a/6'].entries()) {
      await ship(service, { request_method: 'GET', request_uri: path, status: 200 }, 'attributes', (0x100 + i).toString(16).padStart(16, '0'))
    }
    await h.waitForRows('SELECT 1 FROM gateway_calls WHERE ServiceName = {s:String}', { s: service }, 6)
    const rows = await h.waitForRows<{ Route: string; n: string }>(
      'SELECT Route, count() AS n FROM gateway_calls WHERE ServiceName = {s:String} GROUP BY Route ORDER BY Route', { s: service }, 4)
    // Which three routes win depends on the order calls leave the correlation window; that three
    // do, and that the rest is `other`, counted, does not.
    const kept = rows.filter((r) => r.Route !== OVERFLOW)
    const other = rows.find((r) => r.Route === OVERFLOW)
    expect(kept).toHaveLength(3)
    for (const r of kept) expect(r.Route).toMatch(/^\/[a-e]\/\{id\}$/)
    expect(rows.reduce((sum, r) => sum + Number(r.n), 0)).toBe(6)
    const metrics = await h.collector.metrics.registry.getSingleMetricAsString('claimcheck_route_overflow_total')
    expect(metrics).toContain(`claimcheck_route_overflow_total{service="route-explosion"} ${Number(other!.n)}`)
  })
})

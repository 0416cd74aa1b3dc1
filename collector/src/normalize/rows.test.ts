import { describe, expect, it } from 'vitest'
import { OTEL_LOG_COLUMNS, OTEL_TRACE_COLUMNS } from '@claimcheck/shared'
import { PROTOBUF_CODEC } from '../otlp/codec.ts'
import { makeJwt, serializeLogs, serializeSpans, SpanKind, SpanStatusCode } from '../otlp/sdk-fixtures.ts'
import type { LogsRequest, TracesRequest } from '../otlp/model.ts'
import { REDACTED, REDACTED_JWT } from '@claimcheck/shared'
import { durationNs, toTraceRows } from './traces.ts'
import { toLogRows } from './logs.ts'

const TRACE_ID = '5b8efff798038103d269b633813fc60c'
const SPAN_ID = 'eee19b7ec3c1b174'
const JWT = makeJwt({ sub: 'u1' })

const asObject = (columns: readonly string[], row: unknown[]) => Object.fromEntries(columns.map((c, i) => [c, row[i]]))

function logsRequest(record: Partial<LogsRequest['resourceLogs'][0]['scopeLogs'][0]['logRecords'][0]>): LogsRequest {
  return { resourceLogs: [{
    resource: { attributes: [{ key: 'service.name', value: 7n }], droppedAttributesCount: 0, schemaUrl: 'https://res' },
    scopeLogs: [{
      scope: { name: 'sc', version: '1', attributes: [{ key: 'lib', value: 'x' }], droppedAttributesCount: 0, schemaUrl: 'https://scope' },
      logRecords: [{
        timeUnixNano: '0', observedTimeUnixNano: '1700000000123456789', severityNumber: 300, severityText: 'INFO', body: null,
        attributes: [], droppedAttributesCount: 0, flags: 0x1ff, traceId: '0'.repeat(32), spanId: '0'.repeat(16), eventName: '', ...record,
      }],
    }],
  }] }
}

describe('toLogRows', () => {
  it('returns no rows for an empty request', () => {
    expect(toLogRows({ resourceLogs: [] })).toEqual([])
  })

  it('writes rows in OTEL_LOG_COLUMNS order with the exporter semantics', () => {
    const [row] = toLogRows(logsRequest({ body: { kvlist: [{ key: 'n', value: 1n }] } }))
    expect(row).toHaveLength(OTEL_LOG_COLUMNS.length)
    expect(asObject(OTEL_LOG_COLUMNS, row!)).toEqual({
      Timestamp: '1700000000123456789', // time_unix_nano 0 → observed
      TraceId: '', SpanId: '', // all-zero ids → ''
      TraceFlags: 0xff, SeverityText: 'INFO', SeverityNumber: 300 & 0xff, // uint8 casts
      ServiceName: '7', // AsString of a non-string service.name
      Body: '{"n":1}', ResourceSchemaUrl: 'https://res', ResourceAttributes: { 'service.name': '7' },
      ScopeSchemaUrl: 'https://scope', ScopeName: 'sc', ScopeVersion: '1', ScopeAttributes: { lib: 'x' }, LogAttributes: {},
      EventName: '',
    })
  })

  it('round-trips real SDK logs and redacts every secret kind in attributes and body', async () => {
    const { protobuf } = await serializeLogs([{
      timestamp: 1700000000123, body: `rejected token ${JWT}`, severityNumber: 13,
      attributes: {
        'http.request.header.authorization': [`Bearer ${JWT}`], 'http.request.header.cookie': ['sid=1'],
        'http.response.header.set-cookie': 'sid=2', 'Proxy-Authorization': 'Basic dXNlcjpwYXNz', note: `jwt=${JWT}`,
        count: 3, ratio: 0.25,
      },
    }])
    const [row] = toLogRows(PROTOBUF_CODEC.decodeLogs(protobuf).request)
    const r = asObject(OTEL_LOG_COLUMNS, row!)
    expect(r.Timestamp).toBe('1700000000123000000')
    expect(r.ServiceName).toBe('gateway')
    expect(r.Body).toBe(`rejected token ${REDACTED_JWT}`)
    expect(r.LogAttributes).toEqual({
      'http.request.header.authorization': REDACTED, 'http.request.header.cookie': REDACTED,
      'http.response.header.set-cookie': REDACTED, 'Proxy-Authorization': REDACTED, note: `jwt=${REDACTED_JWT}`,
      count: '3', ratio: '0.25',
    })
    expect(JSON.stringify(row)).not.toContain(JWT.split('.')[1])
  })

  it('keeps an attribute named __proto__ as a map entry', () => {
    const [row] = toLogRows(logsRequest({ attributes: [{ key: '__proto__', value: 'kept' }] }))
    const attrs = row![OTEL_LOG_COLUMNS.indexOf('LogAttributes')] as Record<string, string>
    expect(Object.keys(attrs)).toEqual(['__proto__'])
    expect(JSON.stringify(attrs)).toBe('{"__proto__":"kept"}')
  })
})

describe('durationNs', () => {
  it('subtracts exactly and clamps negative durations to 0', () => {
    expect(durationNs('1700000000000000000', '1700000000250000001')).toBe(250000001)
    expect(durationNs('1699999999999999999', '1700000000000000001')).toBe(2)
    expect(durationNs('5', '3')).toBe(0)
    expect(durationNs('0', '18446744073709551615')).toBe('18446744073709551615')
  })
})

describe('toTraceRows', () => {
  it('returns no rows for an empty request', () => {
    expect(toTraceRows({ resourceSpans: [] })).toEqual([])
  })

  it('writes real SDK spans in OTEL_TRACE_COLUMNS order with the exporter semantics', async () => {
    const { protobuf } = await serializeSpans([{
      name: 'GET /users/:id', kind: SpanKind.SERVER, startTime: 1700000000000, endTime: 1700000000250,
      attributes: { 'http.request.method': 'GET', 'http.request.header.authorization': [`Bearer ${JWT}`] },
      events: [{ name: 'exception', attributes: { 'exception.message': `bad token ${JWT}` }, time: 1700000000100 }],
      links: [{ context: { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1, traceState: undefined }, attributes: { a: 1 } }],
      status: { code: SpanStatusCode.ERROR, message: 'Unauthorized' },
    }], { 'service.name': 'envoy' })
    const rows = toTraceRows(PROTOBUF_CODEC.decodeTraces(protobuf).request)
    expect(rows[0]).toHaveLength(OTEL_TRACE_COLUMNS.length)
    const r = asObject(OTEL_TRACE_COLUMNS, rows[0]!)
    expect(r).toMatchObject({
      Timestamp: '1700000000000000000', ParentSpanId: '', TraceState: '', SpanName: 'GET /users/:id', SpanKind: 'Server',
      ServiceName: 'envoy', ResourceAttributes: expect.objectContaining({ 'service.name': 'envoy' }), ScopeName: 'claimcheck-test',
      ScopeVersion: '1.2.3', SpanAttributes: { 'http.request.method': 'GET', 'http.request.header.authorization': REDACTED },
      Duration: 250_000_000, StatusCode: 'Error', StatusMessage: 'Unauthorized',
      'Events.Timestamp': ['1700000000100000000'], 'Events.Name': ['exception'],
      'Events.Attributes': [{ 'exception.message': `bad token ${REDACTED_JWT}` }],
      'Links.TraceId': [TRACE_ID], 'Links.SpanId': [SPAN_ID], 'Links.TraceState': [''], 'Links.Attributes': [{ a: '1' }],
    })
    expect(r.TraceId).toMatch(/^[0-9a-f]{32}$/)
  })

  it('maps every SpanKind and StatusCode like pdata String()', () => {
    const req: TracesRequest = { resourceSpans: [{ resource: { attributes: [], droppedAttributesCount: 0, schemaUrl: '' }, scopeSpans: [{
      scope: { name: '', version: '', attributes: [], droppedAttributesCount: 0, schemaUrl: '' },
      spans: [0, 1, 2, 3, 4, 5, 9].map((kind) => ({
        traceId: TRACE_ID, spanId: SPAN_ID, traceState: '', parentSpanId: '', flags: 0, name: 'n', kind,
        startTimeUnixNano: '10', endTimeUnixNano: '5', attributes: [], droppedAttributesCount: 0, events: [],
        droppedEventsCount: 0, links: [], droppedLinksCount: 0, status: { code: kind % 4, message: '' },
      })),
    }] }] }
    const rows = toTraceRows(req)
    expect(rows.map((r) => r[OTEL_TRACE_COLUMNS.indexOf('SpanKind')])).toEqual(['Unspecified', 'Internal', 'Server', 'Client', 'Producer', 'Consumer', ''])
    expect(rows.map((r) => r[OTEL_TRACE_COLUMNS.indexOf('StatusCode')])).toEqual(['Unset', 'Ok', 'Error', '', 'Unset', 'Ok', 'Ok'])
    expect(rows[0]![OTEL_TRACE_COLUMNS.indexOf('Duration')]).toBe(0)
  })
})

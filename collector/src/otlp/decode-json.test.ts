import { describe, expect, it } from 'vitest'
import { decodeLogsJson, decodeTracesJson } from './decode-json.ts'
import { OtlpDecodeError } from './errors.ts'
import { JSON_CODEC } from './codec.ts'

const TRACE_ID = '5b8efff798038103d269b633813fc60c'
const SPAN_ID = 'eee19b7ec3c1b174'

const logsBody = (record: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ resourceLogs: [{ resource: { attributes: [] }, scopeLogs: [{ scope: {}, logRecords: [record] }], ...extra }] })

function decodeOne(record: Record<string, unknown>) {
  return decodeLogsJson(logsBody(record)).resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!
}

function errorOf(fn: () => unknown): OtlpDecodeError {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(OtlpDecodeError)
    return err as OtlpDecodeError
  }
  throw new Error('expected an OtlpDecodeError')
}

describe('decodeLogsJson', () => {
  it('decodes an empty request and an empty object', () => {
    expect(decodeLogsJson('{}')).toEqual({ resourceLogs: [] })
    expect(decodeLogsJson(new TextEncoder().encode('{"resourceLogs":[]}'))).toEqual({ resourceLogs: [] })
  })

  it('rejects bad JSON and a non-object document', () => {
    expect(errorOf(() => decodeLogsJson('{"resourceLogs": [')).message).toMatch(/^invalid JSON: /)
    expect(errorOf(() => decodeLogsJson('')).message).toMatch(/^invalid JSON/)
    expect(errorOf(() => decodeLogsJson('[1,2]')).message).toBe('request: expected a JSON object')
    expect(errorOf(() => decodeLogsJson('null')).message).toBe('request: expected a JSON object')
  })

  it('names the path of a wrongly typed field', () => {
    expect(errorOf(() => decodeLogsJson('{"resourceLogs": {}}')).message).toBe('resourceLogs: expected an array, got object')
    expect(errorOf(() => decodeOne({ severityText: 5 })).message).toBe('resourceLogs[0].scopeLogs[0].logRecords[0].severityText: expected a string, got number')
    expect(errorOf(() => decodeOne({ timeUnixNano: '12x' })).message).toMatch(/logRecords\[0\]\.timeUnixNano: expected an unsigned 64-bit integer/)
    expect(errorOf(() => decodeOne({ timeUnixNano: -5 })).message).toMatch(/timeUnixNano: expected an unsigned 64-bit integer/)
    expect(errorOf(() => decodeOne({ attributes: [{ key: 'a', value: { intValue: 1.5 } }] })).message)
      .toBe('resourceLogs[0].scopeLogs[0].logRecords[0].attributes[0].value.intValue: expected a 64-bit integer (string or number), got number')
    expect(errorOf(() => decodeOne({ traceId: 42 })).message).toMatch(/traceId: expected a hex string, got number/)
    expect(errorOf(() => decodeOne({ severityNumber: 'LOUD' })).message).toMatch(/severityNumber: unknown enum value "LOUD"/)
  })

  it('accepts int64 as string or number, enums as integers or names, snake_case names, unknown fields', () => {
    const rec = decodeOne({
      time_unix_nano: '1700000000123456789', observedTimeUnixNano: 1700000000000,
      severityNumber: 'SEVERITY_NUMBER_WARN', severity_text: 'WARN', future_field: { x: 1 },
      attributes: [
        { key: 's', value: { intValue: '-9223372036854775808' } }, { key: 'n', value: { int_value: 42 } },
        { key: 'd', value: { doubleValue: 'NaN' } }, { key: 'b', value: { bytesValue: 'AQL/' } },
        { key: 'e', value: {} }, { key: 'kv', value: { kvlistValue: { values: [{ key: 'x', value: { boolValue: true } }] } } },
      ],
    })
    expect(rec.timeUnixNano).toBe('1700000000123456789')
    expect(rec.observedTimeUnixNano).toBe('1700000000000')
    expect(rec.severityNumber).toBe(13)
    expect(rec.severityText).toBe('WARN')
    expect(rec.attributes.map((a) => a.value)).toEqual([
      -(2n ** 63n), 42n, NaN, new Uint8Array([1, 2, 255]), null, { kvlist: [{ key: 'x', value: true }] },
    ])
  })

  it('reads hex ids case-insensitively, base64 ids leniently, and rejects unreadable ones per record', () => {
    const body = JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [
      { traceId: TRACE_ID.toUpperCase(), spanId: SPAN_ID },
      { traceId: Buffer.from(TRACE_ID, 'hex').toString('base64') },
      { traceId: 'not-an-id' },
      { spanId: 'abcd' },
      {},
    ] }] }] })
    const decoded = JSON_CODEC.decodeLogs(new TextEncoder().encode(body))
    expect(decoded.rejected).toBe(2)
    expect(decoded.accepted).toBe(3)
    expect(decoded.request.resourceLogs[0]!.scopeLogs[0]!.logRecords.map((r) => r.traceId)).toEqual([TRACE_ID, TRACE_ID, ''])
  })

  it('bounds AnyValue nesting instead of overflowing the stack', () => {
    const depth = 50_000
    const value = '{"arrayValue":{"values":['.repeat(depth) + '{"stringValue":"x"}' + ']}}'.repeat(depth)
    const body = logsBody({ body: '@' }).replace('"@"', value)
    expect(errorOf(() => decodeLogsJson(body)).message).toMatch(/nested deeper than 64 levels|nesting too deep/)
    const shallow = '{"arrayValue":{"values":['.repeat(64) + '{"stringValue":"x"}' + ']}}'.repeat(64)
    expect(decodeLogsJson(logsBody({ body: '@' }).replace('"@"', shallow)).resourceLogs).toHaveLength(1)
  })
})

describe('decodeTracesJson', () => {
  it('decodes spans with enum names, snake_case and numbers for int64', () => {
    const req = decodeTracesJson(JSON.stringify({ resource_spans: [{ scope_spans: [{ spans: [{
      trace_id: TRACE_ID, span_id: SPAN_ID, parent_span_id: '', name: 'GET /x', kind: 'SPAN_KIND_SERVER',
      start_time_unix_nano: 1700000000000000, endTimeUnixNano: '1700000000000001000',
      status: { code: 'STATUS_CODE_ERROR', message: 'denied' }, events: [{ name: 'e', timeUnixNano: '5' }],
      links: [{ traceId: TRACE_ID, spanId: SPAN_ID, traceState: 'a=b' }],
    }] }] }] }))
    const span = req.resourceSpans[0]!.scopeSpans[0]!.spans[0]!
    expect(span).toMatchObject({
      traceId: TRACE_ID, spanId: SPAN_ID, kind: 2, startTimeUnixNano: '1700000000000000',
      endTimeUnixNano: '1700000000000001000', status: { code: 2, message: 'denied' },
    })
    expect(span.events[0]).toMatchObject({ name: 'e', timeUnixNano: '5' })
    expect(span.links[0]).toMatchObject({ traceState: 'a=b' })
  })

  it('rejects wrong types with the path and counts spans with invalid ids', () => {
    expect(errorOf(() => decodeTracesJson('{"resourceSpans":[{"scopeSpans":[{"spans":[{"kind":true}]}]}]}')).message)
      .toBe('resourceSpans[0].scopeSpans[0].spans[0].kind: expected an enum integer, got boolean')
    const decoded = JSON_CODEC.decodeTraces(new TextEncoder().encode(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [
      { traceId: TRACE_ID, spanId: SPAN_ID, startTimeUnixNano: '1700000000000000000' }, { traceId: TRACE_ID.slice(2), spanId: SPAN_ID }, { traceId: TRACE_ID, spanId: SPAN_ID, parentSpanId: 'ab' },
    ] }] }] })))
    expect(decoded).toMatchObject({ rejected: 2, accepted: 1 })
    expect(decoded.rejectionMessage).toContain('1 with an invalid parent_span_id')
  })
})

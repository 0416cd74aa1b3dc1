import { describe, expect, it } from 'vitest'
import { decodeLogsProtobuf, MAX_ANY_VALUE_DEPTH } from './decode-proto.ts'
import { decodeTracesProtobuf } from './decode-proto-traces.ts'
import { decodeLogsJson, decodeTracesJson } from './decode-json.ts'
import { OtlpDecodeError } from './errors.ts'
import { PROTOBUF_CODEC } from './codec.ts'
import { ProtoWriter, WIRE_I32, WIRE_SGROUP, WIRE_EGROUP, WIRE_VARINT, uint64ToDecimal } from './wire.ts'
import { serializeLogs, serializeSpans, SpanKind, SpanStatusCode } from './sdk-fixtures.ts'
import type { LogRecord } from './model.ts'

const TRACE_ID = '5b8efff798038103d269b633813fc60c'
const SPAN_ID = 'eee19b7ec3c1b174'

function firstRecord(req: ReturnType<typeof decodeLogsProtobuf>): LogRecord {
  return req.resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!
}

/** A LogRecord message inside ExportLogsServiceRequest → ResourceLogs → ScopeLogs. */
function wrapLogRecord(record: Uint8Array): Uint8Array {
  const scopeLogs = new ProtoWriter().lenField(2, record).finish()
  const resourceLogs = new ProtoWriter().lenField(2, scopeLogs).finish()
  return new ProtoWriter().lenField(1, resourceLogs).finish()
}

const varintLength = (n: number): number => (n < 0x80 ? 1 : 1 + varintLength(Math.floor(n / 128)))

/** AnyValue{array_value{values: AnyValue{…'leaf'…}}} nested `levels` deep, built in O(n). */
function nestedArrays(levels: number): Uint8Array {
  const sizes = [6] // AnyValue{string_value: 'leaf'}: 0x0a 0x04 'leaf'
  for (let k = 1; k <= levels; k++) {
    const arr = 1 + varintLength(sizes[k - 1]!) + sizes[k - 1]!
    sizes.push(1 + varintLength(arr) + arr)
  }
  const w = new ProtoWriter()
  for (let k = levels; k >= 1; k--) w.byte(0x2a).varint(1 + varintLength(sizes[k - 1]!) + sizes[k - 1]!).byte(0x0a).varint(sizes[k - 1]!)
  return w.stringField(1, 'leaf').finish()
}

function expectDecodeError(fn: () => unknown, pattern?: RegExp): void {
  let thrown: unknown
  try {
    fn()
  } catch (err) {
    thrown = err
  }
  expect(thrown).toBeInstanceOf(OtlpDecodeError)
  if (pattern) expect((thrown as Error).message).toMatch(pattern)
}

describe('uint64ToDecimal', () => {
  it('is exact across the whole range', () => {
    for (const v of [0n, 1n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 1700000000123456789n, 2n ** 64n - 1n, 10n ** 19n]) {
      expect(uint64ToDecimal(Number(v & 0xffffffffn), Number(v >> 32n))).toBe(v.toString())
    }
  })
})

describe('decodeLogsProtobuf', () => {
  it('decodes what the real OTel SDK + ProtobufLogsSerializer send, identically to the JSON path', async () => {
    const { protobuf, json } = await serializeLogs([{
      timestamp: 1700000000123, severityNumber: 17, severityText: 'ERROR', eventName: 'access',
      body: { msg: 'denied', code: 401, ratio: 0.5, ok: false, list: ['a', 2], raw: new Uint8Array([1, 2, 255]) },
      attributes: { 'http.request.method': 'GET', 'http.response.status_code': 401, big: 2 ** 40, d: 1.25, flag: true },
    }], { 'service.name': 'kong', 'deployment.environment': 'prod' })
    const req = decodeLogsProtobuf(protobuf)
    expect(req).toEqual(decodeLogsJson(json))
    const rl = req.resourceLogs[0]!
    expect(rl.resource.attributes).toEqual([
      { key: 'service.name', value: 'kong' }, { key: 'deployment.environment', value: 'prod' },
    ])
    expect(rl.scopeLogs[0]!.scope).toMatchObject({ name: 'claimcheck-test', version: '1.2.3' })
    const rec = firstRecord(req)
    expect(rec.timeUnixNano).toBe('1700000000123000000')
    expect(rec.severityNumber).toBe(17)
    expect(rec.severityText).toBe('ERROR')
    expect(rec.eventName).toBe('access')
    expect(rec.attributes).toEqual([
      { key: 'http.request.method', value: 'GET' }, { key: 'http.response.status_code', value: 401n },
      { key: 'big', value: 2n ** 40n }, { key: 'd', value: 1.25 }, { key: 'flag', value: true },
    ])
    expect(rec.body).toEqual({ kvlist: [
      { key: 'msg', value: 'denied' }, { key: 'code', value: 401n }, { key: 'ratio', value: 0.5 },
      { key: 'ok', value: false }, { key: 'list', value: ['a', 2n] }, { key: 'raw', value: new Uint8Array([1, 2, 255]) },
    ] })
  })

  it('decodes an empty request (zero bytes) as no data', () => {
    expect(decodeLogsProtobuf(new Uint8Array(0))).toEqual({ resourceLogs: [] })
  })

  it('keeps int64 exact, including negative and past 2^53', () => {
    for (const v of [-1n, -(2n ** 63n), 2n ** 63n - 1n, 9007199254740993n]) {
      const anyValue = new ProtoWriter().tag(3, WIRE_VARINT).varint(v).finish()
      const kv = new ProtoWriter().stringField(1, 'n').lenField(2, anyValue).finish()
      const rec = new ProtoWriter().lenField(6, kv).fixed64Field(1, 1700000000123456789n).finish()
      const got = firstRecord(decodeLogsProtobuf(wrapLogRecord(rec)))
      expect(got.attributes[0]!.value).toBe(v)
      expect(got.timeUnixNano).toBe('1700000000123456789')
    }
  })

  it('skips unknown fields of every wire type, groups included, and known fields with a wrong wire type', () => {
    const rec = new ProtoWriter()
      .tag(99, WIRE_VARINT).varint(12345)
      .fixed64Field(98, 1n)
      .tag(97, WIRE_I32).raw(new Uint8Array(4))
      .stringField(96, 'future')
      .tag(95, WIRE_SGROUP).tag(1, WIRE_VARINT).varint(1).tag(95, WIRE_EGROUP)
      .tag(3, WIRE_VARINT).varint(7) // severity_text sent as a varint: skipped
      .stringField(3, 'WARN')
      .finish()
    const got = firstRecord(decodeLogsProtobuf(wrapLogRecord(rec)))
    expect(got.severityText).toBe('WARN')
  })

  it('rejects truncated and malformed wire data with an OtlpDecodeError naming the place', async () => {
    expectDecodeError(() => decodeLogsProtobuf(new Uint8Array([0x0a])), /truncated varint at byte 1 in ExportLogsServiceRequest\.resource_logs/)
    expectDecodeError(() => decodeLogsProtobuf(new Uint8Array([0x0a, 0x05, 0x12])), /truncated length-delimited field \(declares 5 bytes, 1 left\) at byte 1/)
    expectDecodeError(() => decodeLogsProtobuf(new Uint8Array([0x00])), /invalid field number 0/)
    expectDecodeError(() => decodeLogsProtobuf(new Uint8Array([0x0f])), /invalid wire type 7/)
    expectDecodeError(() => decodeLogsProtobuf(new Uint8Array([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])), /varint longer than 10 bytes/)
    expectDecodeError(() => decodeLogsProtobuf(new Uint8Array([0x0c])), /unexpected end-group/)
    const rec = new ProtoWriter().fixed64Field(1, 5n).finish()
    expectDecodeError(() => decodeLogsProtobuf(wrapLogRecord(rec.subarray(0, 5))), /truncated 8-byte fixed field at byte 7 in LogRecord\.time_unix_nano/)
    // Every truncation of a real request either decodes (cut at a field boundary) or fails cleanly.
    const { protobuf } = await serializeLogs([{ body: 'hello', attributes: { a: 'b', n: 1 } }])
    for (let cut = 1; cut < protobuf.length; cut++) {
      try {
        decodeLogsProtobuf(protobuf.subarray(0, cut))
      } catch (err) {
        expect(err).toBeInstanceOf(OtlpDecodeError)
      }
    }
  })

  it('only ever throws OtlpDecodeError on random and mutated input', async () => {
    const { protobuf } = await serializeLogs([{ body: { a: [1, { b: 'c' }] }, attributes: { k: 'v' } }])
    let seed = 42
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    for (let i = 0; i < 2000; i++) {
      const buf = i % 2 ? Uint8Array.from(protobuf) : Uint8Array.from({ length: 1 + Math.floor(rand() * 64) }, () => Math.floor(rand() * 256))
      if (i % 2) for (let j = 0; j < 3; j++) buf[Math.floor(rand() * buf.length)] = Math.floor(rand() * 256)
      try {
        decodeLogsProtobuf(buf)
        decodeTracesProtobuf(buf)
      } catch (err) {
        expect(err).toBeInstanceOf(OtlpDecodeError)
      }
    }
  })

  it('bounds AnyValue nesting instead of overflowing the stack', () => {
    const rec = new ProtoWriter().lenField(5, nestedArrays(100_000)).finish()
    expectDecodeError(() => decodeLogsProtobuf(wrapLogRecord(rec)), new RegExp(`nested deeper than ${MAX_ANY_VALUE_DEPTH}`))
    const shallow = new ProtoWriter().lenField(5, nestedArrays(MAX_ANY_VALUE_DEPTH)).finish()
    expect(firstRecord(decodeLogsProtobuf(wrapLogRecord(shallow))).body).toBeInstanceOf(Array)
  })

  it('reports log records with ids of the wrong length as rejected, keeping the rest', () => {
    const good = new ProtoWriter().lenField(9, Buffer.from(TRACE_ID, 'hex')).lenField(10, Buffer.from(SPAN_ID, 'hex')).finish()
    const badTrace = new ProtoWriter().lenField(9, new Uint8Array(15)).finish()
    const badSpan = new ProtoWriter().lenField(10, new Uint8Array(9)).finish()
    const noIds = new ProtoWriter().stringField(3, 'INFO').finish()
    const scopeLogs = new ProtoWriter().lenField(2, good).lenField(2, badTrace).lenField(2, badSpan).lenField(2, noIds).finish()
    const body = new ProtoWriter().lenField(1, new ProtoWriter().lenField(2, scopeLogs).finish()).finish()
    const decoded = PROTOBUF_CODEC.decodeLogs(body)
    expect(decoded.rejected).toBe(2)
    expect(decoded.accepted).toBe(2)
    expect(decoded.rejectionMessage).toMatch(/rejected 2 log records: 1 with an invalid trace_id .*; 1 with an invalid span_id/)
    expect(decoded.request.resourceLogs[0]!.scopeLogs[0]!.logRecords.map((r) => r.traceId)).toEqual([TRACE_ID, ''])
  })
})

describe('decodeTracesProtobuf', () => {
  it('decodes real SDK spans (events, links, status, kinds, flags) identically to the JSON path', async () => {
    const { protobuf, json } = await serializeSpans([{
      name: 'GET /users/:id', kind: SpanKind.SERVER, startTime: 1700000000000, endTime: 1700000000250,
      attributes: { 'http.request.method': 'GET', 'http.route': '/users/:id', 'http.response.status_code': 401 },
      events: [{ name: 'exception', attributes: { 'exception.message': 'jwt expired' }, time: 1700000000100 }],
      links: [{ context: { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1 }, attributes: { why: 'retry' } }],
      status: { code: SpanStatusCode.ERROR, message: 'Unauthorized' },
      parent: { traceId: TRACE_ID, spanId: SPAN_ID },
    }])
    const req = decodeTracesProtobuf(protobuf)
    expect(req).toEqual(decodeTracesJson(json))
    const span = req.resourceSpans[0]!.scopeSpans[0]!.spans[0]!
    expect(span).toMatchObject({
      traceId: TRACE_ID, parentSpanId: SPAN_ID, name: 'GET /users/:id', kind: 2,
      startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000000250000000',
      status: { code: 2, message: 'Unauthorized' },
    })
    expect(span.spanId).toMatch(/^[0-9a-f]{16}$/)
    expect(span.flags & 0xff).toBe(1)
    expect(span.events).toEqual([{ timeUnixNano: '1700000000100000000', name: 'exception', attributes: [{ key: 'exception.message', value: 'jwt expired' }], droppedAttributesCount: 0 }])
    expect(span.links[0]).toMatchObject({ traceId: TRACE_ID, spanId: SPAN_ID, attributes: [{ key: 'why', value: 'retry' }] })
  })

  it('decodes an empty request and rejects spans with missing or all-zero ids', () => {
    expect(decodeTracesProtobuf(new Uint8Array(0))).toEqual({ resourceSpans: [] })
    const ok = new ProtoWriter().lenField(1, Buffer.from(TRACE_ID, 'hex')).lenField(2, Buffer.from(SPAN_ID, 'hex')).fixed64Field(7, 1_700_000_000_000_000_000n).finish()
    const zero = new ProtoWriter().lenField(1, new Uint8Array(16)).lenField(2, Buffer.from(SPAN_ID, 'hex')).finish()
    const missing = new ProtoWriter().stringField(5, 'no ids').finish()
    const scopeSpans = new ProtoWriter().lenField(2, ok).lenField(2, zero).lenField(2, missing).finish()
    const body = new ProtoWriter().lenField(1, new ProtoWriter().lenField(2, scopeSpans).finish()).finish()
    const decoded = PROTOBUF_CODEC.decodeTraces(body)
    expect(decoded).toMatchObject({ rejected: 2, accepted: 1 })
    expect(decoded.rejectionMessage).toBe('rejected 2 spans: 2 with an invalid trace_id (must be 16 bytes, not all zero)')
  })
})

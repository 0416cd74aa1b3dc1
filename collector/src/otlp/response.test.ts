import protobuf from 'protobufjs'
import { describe, expect, it } from 'vitest'
import {
  JsonLogsSerializer, JsonTraceSerializer, ProtobufLogsSerializer, ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer'
import { JSON_CODEC, PROTOBUF_CODEC, codecForContentType } from './codec.ts'
import { badRequestDetail, encodeStatusJson, encodeStatusProtobuf, retryInfoDetail } from './response.ts'

// google/rpc/status.proto and error_details.proto, for decoding what we encode with a real parser.
const RPC = protobuf.parse(`
syntax = "proto3";
package google.rpc;
message Any { string type_url = 1; bytes value = 2; }
message Status { int32 code = 1; string message = 2; repeated Any details = 3; }
message FieldViolation { string field = 1; string description = 2; }
message BadRequest { repeated FieldViolation field_violations = 1; }
message Duration { int64 seconds = 1; int32 nanos = 2; }
message RetryInfo { Duration retry_delay = 1; }
`).root

const text = (b: Uint8Array) => new TextDecoder().decode(b)

describe('encodeExportResponse (via the codecs)', () => {
  it('leaves partial_success unset on full success', () => {
    expect(PROTOBUF_CODEC.encodeLogsResponse()).toHaveLength(0)
    expect(PROTOBUF_CODEC.encodeTracesResponse({ rejected: 0, errorMessage: '' })).toHaveLength(0)
    expect(text(JSON_CODEC.encodeLogsResponse())).toBe('{}')
    expect(ProtobufLogsSerializer.deserializeResponse(PROTOBUF_CODEC.encodeLogsResponse())).toEqual({})
  })

  it('encodes partial success that the real OTel JS deserializers read back', () => {
    const partial = { rejected: 3, errorMessage: 'rejected 3 log records: invalid trace_id' }
    const logsPb = ProtobufLogsSerializer.deserializeResponse(PROTOBUF_CODEC.encodeLogsResponse(partial))
    expect(logsPb.partialSuccess?.errorMessage).toBe(partial.errorMessage)
    expect(Number(logsPb.partialSuccess?.rejectedLogRecords)).toBe(3)
    const spansPb = ProtobufTraceSerializer.deserializeResponse(PROTOBUF_CODEC.encodeTracesResponse({ rejected: 2n ** 40n, errorMessage: 'x' }))
    expect(BigInt(spansPb.partialSuccess!.rejectedSpans!.toString())).toBe(2n ** 40n)
    expect(JsonLogsSerializer.deserializeResponse(JSON_CODEC.encodeLogsResponse(partial)))
      .toEqual({ partialSuccess: { rejectedLogRecords: '3', errorMessage: partial.errorMessage } })
    expect(JsonTraceSerializer.deserializeResponse(JSON_CODEC.encodeTracesResponse({ rejected: 1, errorMessage: 'bad id' })))
      .toEqual({ partialSuccess: { rejectedSpans: '1', errorMessage: 'bad id' } })
  })

  it('encodes a warning (rejected 0, message set)', () => {
    expect(text(JSON_CODEC.encodeTracesResponse({ rejected: 0, errorMessage: 'slow down' })))
      .toBe('{"partialSuccess":{"errorMessage":"slow down"}}')
  })
})

describe('encodeStatus', () => {
  it('encodes google.rpc.Status with BadRequest and RetryInfo details in protobuf', () => {
    const status = {
      code: 3, message: 'invalid ExportLogsServiceRequest: truncated varint at byte 7 in LogRecord',
      details: [badRequestDetail([{ field: 'resource_logs', description: 'truncated' }]), retryInfoDetail(1500)],
    }
    const decoded = RPC.lookupType('google.rpc.Status').decode(encodeStatusProtobuf(status)) as unknown as {
      code: number; message: string; details: { typeUrl: string; value: Uint8Array }[]
    }
    expect(decoded.code).toBe(3)
    expect(decoded.message).toBe(status.message)
    expect(decoded.details[0]!.typeUrl).toBe('type.googleapis.com/google.rpc.BadRequest')
    expect(RPC.lookupType('google.rpc.BadRequest').toObject(RPC.lookupType('google.rpc.BadRequest').decode(decoded.details[0]!.value)))
      .toEqual({ fieldViolations: [{ field: 'resource_logs', description: 'truncated' }] })
    const retry = RPC.lookupType('google.rpc.RetryInfo').toObject(RPC.lookupType('google.rpc.RetryInfo').decode(decoded.details[1]!.value), { longs: Number })
    expect(retry).toEqual({ retryDelay: { seconds: 1, nanos: 500_000_000 } })
  })

  it('encodes google.rpc.Status in proto3 JSON', () => {
    expect(JSON.parse(text(encodeStatusJson({ code: 8, message: 'busy', details: [retryInfoDetail(2000)] }))))
      .toEqual({ code: 8, message: 'busy', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '2s' }] })
    expect(text(encodeStatusJson({ code: 0, message: '' }))).toBe('{}')
    expect(encodeStatusProtobuf({ code: 0, message: '' })).toHaveLength(0)
  })
})

describe('codecForContentType', () => {
  it('maps OTLP content types and ignores parameters and case', () => {
    expect(codecForContentType('application/x-protobuf')).toBe(PROTOBUF_CODEC)
    expect(codecForContentType('Application/JSON; charset=utf-8')).toBe(JSON_CODEC)
    expect(codecForContentType('text/plain')).toBeUndefined()
    expect(codecForContentType(undefined)).toBeUndefined()
  })
})

import { ProtoWriter, WIRE_VARINT } from './wire.ts'

/**
 * OTLP export responses and google.rpc.Status bodies, in protobuf and in JSON.
 * Spec (opentelemetry-proto docs/specification.md): full success leaves `partial_success` unset;
 * a partial success sets `rejected_<signal>` (int64) and SHOULD set `error_message`; a warning
 * has rejected = 0 and a non-empty message. Every 4xx/5xx body is a google.rpc.Status; a 400
 * SHOULD carry a google.rpc.BadRequest detail, a throttling answer MAY carry RetryInfo.
 */

export interface PartialSuccess {
  /** Rejected log records or spans (int64 on the wire). */
  rejected: number | bigint
  errorMessage: string
}

/** A google.protobuf.Any detail in both encodings: binary `value`, and the JSON body without `@type`. */
export interface StatusDetail {
  typeUrl: string
  value: Uint8Array
  json: Record<string, unknown>
}

export interface RpcStatus {
  /** google.rpc.Code; OTLP/HTTP clients do not act on it, so it may be 0. */
  code: number
  message: string
  details?: StatusDetail[]
}

export type Signal = 'logs' | 'traces'

/** gRPC codes used by the receivers (google/rpc/code.proto). */
export const GRPC_CODE = {
  OK: 0, INVALID_ARGUMENT: 3, RESOURCE_EXHAUSTED: 8, INTERNAL: 13, UNAVAILABLE: 14, UNIMPLEMENTED: 12,
} as const

const JSON_REJECTED_FIELD: Record<Signal, string> = { logs: 'rejectedLogRecords', traces: 'rejectedSpans' }
const TEXT = new TextEncoder()

function partialIsSet(partial: PartialSuccess | undefined): partial is PartialSuccess {
  return partial !== undefined && (BigInt(partial.rejected) !== 0n || partial.errorMessage !== '')
}

/** Export{Logs,Trace}ServiceResponse: `partial_success` is field 1 with rejected=1, error_message=2 for both. */
export function encodeExportResponseProtobuf(partial?: PartialSuccess): Uint8Array {
  if (!partialIsSet(partial)) return new Uint8Array(0)
  const inner = new ProtoWriter()
  const rejected = BigInt(partial.rejected)
  if (rejected !== 0n) inner.tag(1, WIRE_VARINT).varint(rejected)
  if (partial.errorMessage) inner.stringField(2, partial.errorMessage)
  return new ProtoWriter().lenField(1, inner.finish()).finish()
}

/** The same in OTLP/JSON; int64 is a decimal string (proto3 JSON mapping). */
export function encodeExportResponseJson(signal: Signal, partial?: PartialSuccess): Uint8Array {
  if (!partialIsSet(partial)) return TEXT.encode('{}')
  const body: Record<string, unknown> = {}
  const rejected = BigInt(partial.rejected)
  if (rejected !== 0n) body[JSON_REJECTED_FIELD[signal]] = rejected.toString()
  if (partial.errorMessage) body.errorMessage = partial.errorMessage
  return TEXT.encode(JSON.stringify({ partialSuccess: body }))
}

/** google.rpc.Status { int32 code = 1; string message = 2; repeated google.protobuf.Any details = 3 }. */
export function encodeStatusProtobuf(status: RpcStatus): Uint8Array {
  const w = new ProtoWriter()
  if (status.code !== 0) w.tag(1, WIRE_VARINT).varint(BigInt.asUintN(64, BigInt(status.code)))
  if (status.message) w.stringField(2, status.message)
  for (const d of status.details ?? []) {
    const any = new ProtoWriter().stringField(1, d.typeUrl)
    if (d.value.length > 0) any.lenField(2, d.value)
    w.lenField(3, any.finish())
  }
  return w.finish()
}

/** google.rpc.Status in proto3 JSON: details are Any with `@type` and the message's own fields. */
export function encodeStatusJson(status: RpcStatus): Uint8Array {
  const body: Record<string, unknown> = {}
  if (status.code !== 0) body.code = status.code
  if (status.message) body.message = status.message
  if (status.details?.length) body.details = status.details.map((d) => ({ '@type': d.typeUrl, ...d.json }))
  return TEXT.encode(JSON.stringify(body))
}

/** google.rpc.BadRequest { repeated FieldViolation field_violations = 1 }, FieldViolation { field = 1; description = 2 }. */
export function badRequestDetail(violations: { field: string; description: string }[]): StatusDetail {
  const w = new ProtoWriter()
  for (const v of violations) {
    const fv = new ProtoWriter()
    if (v.field) fv.stringField(1, v.field)
    if (v.description) fv.stringField(2, v.description)
    w.lenField(1, fv.finish())
  }
  return {
    typeUrl: 'type.googleapis.com/google.rpc.BadRequest',
    value: w.finish(),
    json: { fieldViolations: violations.map((v) => ({ field: v.field, description: v.description })) },
  }
}

/** google.rpc.RetryInfo { google.protobuf.Duration retry_delay = 1 }, Duration { int64 seconds = 1; int32 nanos = 2 }. */
export function retryInfoDetail(retryDelayMs: number): StatusDetail {
  const ms = Math.max(0, Math.round(retryDelayMs))
  const seconds = Math.floor(ms / 1000)
  const nanos = (ms % 1000) * 1_000_000
  const duration = new ProtoWriter()
  if (seconds) duration.tag(1, WIRE_VARINT).varint(seconds)
  if (nanos) duration.tag(2, WIRE_VARINT).varint(nanos)
  // proto3 JSON spells a Duration as seconds with an "s" suffix, e.g. "1.500s".
  const text = nanos ? `${seconds}.${String(ms % 1000).padStart(3, '0')}s` : `${seconds}s`
  return {
    typeUrl: 'type.googleapis.com/google.rpc.RetryInfo',
    value: new ProtoWriter().lenField(1, duration.finish()).finish(),
    json: { retryDelay: text },
  }
}

import { decodeLogsJson, decodeTracesJson } from './decode-json.ts'
import { decodeLogsProtobuf } from './decode-proto.ts'
import { decodeTracesProtobuf } from './decode-proto-traces.ts'
import type { Decoded, LogsRequest, TracesRequest } from './model.ts'
import {
  encodeExportResponseJson, encodeExportResponseProtobuf, encodeStatusJson, encodeStatusProtobuf,
  type PartialSuccess, type RpcStatus,
} from './response.ts'
import { validateLogs, validateTraces } from './validate.ts'

/**
 * The encoding strategy: everything that differs between OTLP protobuf and OTLP/JSON, chosen once
 * from the request's Content-Type (the spec: answer in the request's content type). The rest of
 * the pipeline sees only the model and never asks which encoding it came in.
 */
export interface OtlpCodec {
  readonly name: 'protobuf' | 'json'
  /** Content-Type of the responses. */
  readonly contentType: string
  /** Decodes and validates; throws `OtlpDecodeError` when the request is unreadable as a whole. */
  decodeLogs(body: Uint8Array): Decoded<LogsRequest>
  decodeTraces(body: Uint8Array): Decoded<TracesRequest>
  encodeLogsResponse(partial?: PartialSuccess): Uint8Array
  encodeTracesResponse(partial?: PartialSuccess): Uint8Array
  /** Body of a 4xx/5xx answer. */
  encodeStatus(status: RpcStatus): Uint8Array
}

export const PROTOBUF_CODEC: OtlpCodec = {
  name: 'protobuf',
  contentType: 'application/x-protobuf',
  decodeLogs: (body) => validateLogs(decodeLogsProtobuf(body)),
  decodeTraces: (body) => validateTraces(decodeTracesProtobuf(body)),
  encodeLogsResponse: (partial) => encodeExportResponseProtobuf(partial),
  encodeTracesResponse: (partial) => encodeExportResponseProtobuf(partial),
  encodeStatus: encodeStatusProtobuf,
}

export const JSON_CODEC: OtlpCodec = {
  name: 'json',
  contentType: 'application/json',
  decodeLogs: (body) => validateLogs(decodeLogsJson(body)),
  decodeTraces: (body) => validateTraces(decodeTracesJson(body)),
  encodeLogsResponse: (partial) => encodeExportResponseJson('logs', partial),
  encodeTracesResponse: (partial) => encodeExportResponseJson('traces', partial),
  encodeStatus: encodeStatusJson,
}

/**
 * The codec for a Content-Type header value (parameters such as `charset` ignored), or undefined
 * for anything else: the receiver answers 415.
 */
export function codecForContentType(contentType: string | undefined): OtlpCodec | undefined {
  if (!contentType) return undefined
  const semi = contentType.indexOf(';')
  const mime = (semi >= 0 ? contentType.slice(0, semi) : contentType).trim().toLowerCase()
  if (mime === 'application/x-protobuf' || mime === 'application/protobuf') return PROTOBUF_CODEC
  if (mime === 'application/json') return JSON_CODEC
  return undefined
}

// Public surface of the OTLP decode stage: request decoding (protobuf and OTLP/JSON) into one
// model, per-record validation for partial success, and response/status encoding.
export {
  SPAN_KIND, STATUS_CODE,
  type AnyValue, type Decoded, type KeyValue, type KvList, type LogRecord, type LogsRequest, type Resource,
  type ResourceLogs, type ResourceSpans, type Scope, type ScopeLogs, type ScopeSpans, type Span, type SpanEvent,
  type SpanLink, type SpanStatus, type TracesRequest,
} from './model.ts'
export { OtlpDecodeError } from './errors.ts'
export { MAX_ANY_VALUE_DEPTH, decodeLogsProtobuf } from './decode-proto.ts'
export { decodeTracesProtobuf } from './decode-proto-traces.ts'
export { decodeLogsJson, decodeTracesJson } from './decode-json.ts'
export { validateLogs, validateTraces } from './validate.ts'
export { JSON_CODEC, PROTOBUF_CODEC, codecForContentType, type OtlpCodec } from './codec.ts'
export {
  GRPC_CODE, badRequestDetail, encodeExportResponseJson, encodeExportResponseProtobuf, encodeStatusJson,
  encodeStatusProtobuf, retryInfoDetail,
  type PartialSuccess, type RpcStatus, type Signal, type StatusDetail,
} from './response.ts'

/**
 * The collector's one internal model of an OTLP export request, whatever its wire encoding
 * (protobuf or OTLP/JSON). Plain data, no classes: decoders build it, normalize reads it.
 *
 * Exactness: 64-bit quantities stay exact. Timestamps are unsigned nanoseconds as decimal strings
 * ("0" when unset); AnyValue integers are `bigint`. Ids are lowercase hex ('' when unset).
 */

/**
 * An OTLP AnyValue, represented by the JS type of its content:
 * string → string_value, boolean → bool_value, bigint → int_value (int64), number → double_value,
 * Uint8Array → bytes_value, array → array_value, `{ kvlist }` → kvlist_value, null → empty.
 */
export type AnyValue = null | string | boolean | number | bigint | Uint8Array | AnyValue[] | KvList

/** kvlist_value: a wrapper so that it stays distinguishable from array_value. */
export interface KvList {
  kvlist: KeyValue[]
}

export interface KeyValue {
  key: string
  value: AnyValue
}

export interface Resource {
  attributes: KeyValue[]
  droppedAttributesCount: number
  /** `ResourceLogs.schema_url` / `ResourceSpans.schema_url` (the resource's schema). */
  schemaUrl: string
}

export interface Scope {
  name: string
  version: string
  attributes: KeyValue[]
  droppedAttributesCount: number
  /** `ScopeLogs.schema_url` / `ScopeSpans.schema_url`. */
  schemaUrl: string
}

export interface LogRecord {
  timeUnixNano: string
  observedTimeUnixNano: string
  severityNumber: number
  severityText: string
  body: AnyValue
  attributes: KeyValue[]
  droppedAttributesCount: number
  flags: number
  traceId: string
  spanId: string
  eventName: string
}

export interface ScopeLogs {
  scope: Scope
  logRecords: LogRecord[]
}

export interface ResourceLogs {
  resource: Resource
  scopeLogs: ScopeLogs[]
}

/** ExportLogsServiceRequest. */
export interface LogsRequest {
  resourceLogs: ResourceLogs[]
}

/** Span.SpanKind numbers (trace.proto). */
export const SPAN_KIND = {
  UNSPECIFIED: 0,
  INTERNAL: 1,
  SERVER: 2,
  CLIENT: 3,
  PRODUCER: 4,
  CONSUMER: 5,
} as const

/** Status.StatusCode numbers (trace.proto). */
export const STATUS_CODE = { UNSET: 0, OK: 1, ERROR: 2 } as const

export interface SpanEvent {
  timeUnixNano: string
  name: string
  attributes: KeyValue[]
  droppedAttributesCount: number
}

export interface SpanLink {
  traceId: string
  spanId: string
  traceState: string
  attributes: KeyValue[]
  droppedAttributesCount: number
  flags: number
}

export interface SpanStatus {
  code: number
  message: string
}

export interface Span {
  traceId: string
  spanId: string
  traceState: string
  parentSpanId: string
  flags: number
  name: string
  kind: number
  startTimeUnixNano: string
  endTimeUnixNano: string
  attributes: KeyValue[]
  droppedAttributesCount: number
  events: SpanEvent[]
  droppedEventsCount: number
  links: SpanLink[]
  droppedLinksCount: number
  status: SpanStatus
}

export interface ScopeSpans {
  scope: Scope
  spans: Span[]
}

export interface ResourceSpans {
  resource: Resource
  scopeSpans: ScopeSpans[]
}

/** ExportTraceServiceRequest. */
export interface TracesRequest {
  resourceSpans: ResourceSpans[]
}

/**
 * A decoded request plus what was dropped from it record by record (invalid ids): the receiver
 * answers `partial_success` with `rejected` and `rejectionMessage` when `rejected > 0`.
 */
export interface Decoded<T> {
  request: T
  /** Records (log records or spans) present on the wire but rejected. */
  rejected: number
  /** Human readable reason(s), '' when nothing was rejected. */
  rejectionMessage: string
  /** Records kept. */
  accepted: number
}

export function emptyResource(): Resource {
  return { attributes: [], droppedAttributesCount: 0, schemaUrl: '' }
}

export function emptyScope(): Scope {
  return { name: '', version: '', attributes: [], droppedAttributesCount: 0, schemaUrl: '' }
}

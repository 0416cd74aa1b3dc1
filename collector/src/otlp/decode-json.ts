import { OtlpDecodeError, toOtlpDecodeError } from './errors.ts'
import { JSON_VALUES as V, JsonPath, asArray, asObject, field } from './json-values.ts'
import { MAX_ANY_VALUE_DEPTH } from './decode-proto.ts'
import {
  emptyResource, emptyScope,
  type AnyValue, type KeyValue, type LogRecord, type LogsRequest, type Resource, type ResourceLogs,
  type ResourceSpans, type Scope, type ScopeLogs, type ScopeSpans, type Span, type SpanEvent, type SpanLink,
  type TracesRequest,
} from './model.ts'

/**
 * OTLP/JSON decoders into the same model as the protobuf ones. Field names are lowerCamelCase
 * (snake_case accepted leniently), unknown fields are ignored, and the scalars that differ from
 * protobuf go through `JSON_VALUES`.
 */

const SEVERITY_NAMES = [
  'SEVERITY_NUMBER_UNSPECIFIED', 'SEVERITY_NUMBER_TRACE', 'SEVERITY_NUMBER_TRACE2', 'SEVERITY_NUMBER_TRACE3',
  'SEVERITY_NUMBER_TRACE4', 'SEVERITY_NUMBER_DEBUG', 'SEVERITY_NUMBER_DEBUG2', 'SEVERITY_NUMBER_DEBUG3',
  'SEVERITY_NUMBER_DEBUG4', 'SEVERITY_NUMBER_INFO', 'SEVERITY_NUMBER_INFO2', 'SEVERITY_NUMBER_INFO3',
  'SEVERITY_NUMBER_INFO4', 'SEVERITY_NUMBER_WARN', 'SEVERITY_NUMBER_WARN2', 'SEVERITY_NUMBER_WARN3',
  'SEVERITY_NUMBER_WARN4', 'SEVERITY_NUMBER_ERROR', 'SEVERITY_NUMBER_ERROR2', 'SEVERITY_NUMBER_ERROR3',
  'SEVERITY_NUMBER_ERROR4', 'SEVERITY_NUMBER_FATAL', 'SEVERITY_NUMBER_FATAL2', 'SEVERITY_NUMBER_FATAL3',
  'SEVERITY_NUMBER_FATAL4',
] as const
const SPAN_KIND_NAMES = [
  'SPAN_KIND_UNSPECIFIED', 'SPAN_KIND_INTERNAL', 'SPAN_KIND_SERVER', 'SPAN_KIND_CLIENT', 'SPAN_KIND_PRODUCER',
  'SPAN_KIND_CONSUMER',
] as const
const STATUS_CODE_NAMES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'] as const

const readSeverity = (v: unknown, p: JsonPath): number => V.enum(v, SEVERITY_NAMES, p)
const readSpanKind = (v: unknown, p: JsonPath): number => V.enum(v, SPAN_KIND_NAMES, p)
const readStatusCode = (v: unknown, p: JsonPath): number => V.enum(v, STATUS_CODE_NAMES, p)
const readAttributes = (v: unknown, p: JsonPath): KeyValue[] => keyValues(v, p, 0)
const readBody = (v: unknown, p: JsonPath): AnyValue => anyValue(v, p, 0)

function parseJson(body: Uint8Array | string): unknown {
  const text = typeof body === 'string' ? body : new TextDecoder().decode(body)
  try {
    return JSON.parse(text)
  } catch (err) {
    throw toOtlpDecodeError(err, 'invalid JSON')
  }
}

function anyValue(v: unknown, p: JsonPath, depth: number): AnyValue {
  if (depth > MAX_ANY_VALUE_DEPTH) p.fail(`AnyValue nested deeper than ${MAX_ANY_VALUE_DEPTH} levels`)
  const o = asObject(v, p)
  if (!o) return null
  let x: unknown
  if ((x = field(o, 'stringValue', 'string_value')) != null) { p.parts.push('stringValue'); const s = V.string(x, p); p.parts.pop(); return s }
  if ((x = field(o, 'boolValue', 'bool_value')) != null) { p.parts.push('boolValue'); const b = V.bool(x, p); p.parts.pop(); return b }
  if ((x = field(o, 'intValue', 'int_value')) != null) { p.parts.push('intValue'); const i = V.int64(x, p); p.parts.pop(); return i }
  if ((x = field(o, 'doubleValue', 'double_value')) != null) { p.parts.push('doubleValue'); const d = V.double(x, p); p.parts.pop(); return d }
  if ((x = field(o, 'arrayValue', 'array_value')) != null) {
    p.parts.push('arrayValue', 'values')
    const arr = asArray(asObject(x, p)?.values, p)
    const out: AnyValue[] = new Array(arr.length)
    for (let i = 0; i < arr.length; i++) {
      p.parts.push(i)
      out[i] = anyValue(arr[i], p, depth + 1)
      p.parts.pop()
    }
    p.parts.length -= 2
    return out
  }
  if ((x = field(o, 'kvlistValue', 'kvlist_value')) != null) {
    p.parts.push('kvlistValue', 'values')
    const kvlist = keyValues(asObject(x, p)?.values, p, depth + 1)
    p.parts.length -= 2
    return { kvlist }
  }
  if ((x = field(o, 'bytesValue', 'bytes_value')) != null) { p.parts.push('bytesValue'); const b = V.bytes(x, p); p.parts.pop(); return b }
  return null
}

function keyValues(v: unknown, p: JsonPath, depth: number): KeyValue[] {
  const arr = asArray(v, p)
  const out: KeyValue[] = new Array(arr.length)
  for (let i = 0; i < arr.length; i++) {
    p.parts.push(i)
    const kv = asObject(arr[i], p) ?? {}
    p.parts.push('key')
    const key = V.string(kv.key, p)
    p.parts[p.parts.length - 1] = 'value'
    out[i] = { key, value: anyValue(kv.value, p, depth) }
    p.parts.length -= 2
  }
  return out
}

/** Reads `o[camel]` (or snake) with `read`, keeping the path right for error messages. */
function at<T>(o: Record<string, unknown>, p: JsonPath, camel: string, snake: string | undefined, read: (v: unknown, p: JsonPath) => T): T {
  p.parts.push(camel)
  const v = read(field(o, camel, snake), p)
  p.parts.pop()
  return v
}


function resource(rl: Record<string, unknown>, p: JsonPath): Resource {
  const res = emptyResource()
  p.parts.push('resource')
  const o = asObject(rl.resource, p)
  if (o) {
    res.attributes = at(o, p, 'attributes', undefined, readAttributes)
    res.droppedAttributesCount = at(o, p, 'droppedAttributesCount', 'dropped_attributes_count', V.uint32)
  }
  p.parts.pop()
  res.schemaUrl = at(rl, p, 'schemaUrl', 'schema_url', V.string)
  return res
}

function scope(sl: Record<string, unknown>, p: JsonPath): Scope {
  const sc = emptyScope()
  p.parts.push('scope')
  const o = asObject(sl.scope, p)
  if (o) {
    sc.name = at(o, p, 'name', undefined, V.string)
    sc.version = at(o, p, 'version', undefined, V.string)
    sc.attributes = at(o, p, 'attributes', undefined, readAttributes)
    sc.droppedAttributesCount = at(o, p, 'droppedAttributesCount', 'dropped_attributes_count', V.uint32)
  }
  p.parts.pop()
  sc.schemaUrl = at(sl, p, 'schemaUrl', 'schema_url', V.string)
  return sc
}

/** Maps each element of `o[camel]` with `read`, with `[i]` on the path. */
function each<T>(o: Record<string, unknown>, p: JsonPath, camel: string, snake: string | undefined, read: (o: Record<string, unknown>, p: JsonPath) => T): T[] {
  p.parts.push(camel)
  const arr = asArray(field(o, camel, snake), p)
  const out: T[] = new Array(arr.length)
  for (let i = 0; i < arr.length; i++) {
    p.parts.push(i)
    out[i] = read(asObject(arr[i], p) ?? {}, p)
    p.parts.pop()
  }
  p.parts.pop()
  return out
}

function logRecord(o: Record<string, unknown>, p: JsonPath): LogRecord {
  return {
    timeUnixNano: at(o, p, 'timeUnixNano', 'time_unix_nano', V.uint64),
    observedTimeUnixNano: at(o, p, 'observedTimeUnixNano', 'observed_time_unix_nano', V.uint64),
    severityNumber: at(o, p, 'severityNumber', 'severity_number', readSeverity),
    severityText: at(o, p, 'severityText', 'severity_text', V.string),
    body: at(o, p, 'body', undefined, readBody),
    attributes: at(o, p, 'attributes', undefined, readAttributes),
    droppedAttributesCount: at(o, p, 'droppedAttributesCount', 'dropped_attributes_count', V.uint32),
    flags: at(o, p, 'flags', undefined, V.uint32),
    traceId: at(o, p, 'traceId', 'trace_id', V.id),
    spanId: at(o, p, 'spanId', 'span_id', V.id),
    eventName: at(o, p, 'eventName', 'event_name', V.string),
  }
}

function scopeLogs(o: Record<string, unknown>, p: JsonPath): ScopeLogs {
  return { scope: scope(o, p), logRecords: each(o, p, 'logRecords', 'log_records', logRecord) }
}

function resourceLogs(o: Record<string, unknown>, p: JsonPath): ResourceLogs {
  return { resource: resource(o, p), scopeLogs: each(o, p, 'scopeLogs', 'scope_logs', scopeLogs) }
}

function root(body: Uint8Array | string, p: JsonPath): Record<string, unknown> {
  const doc = parseJson(body)
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) p.fail('expected a JSON object')
  return doc as Record<string, unknown>
}

/** Decodes an OTLP/JSON ExportLogsServiceRequest. Throws `OtlpDecodeError` (only) on bad input. */
export function decodeLogsJson(body: Uint8Array | string): LogsRequest {
  const p = new JsonPath()
  try {
    return { resourceLogs: each(root(body, p), p, 'resourceLogs', 'resource_logs', resourceLogs) }
  } catch (err) {
    if (err instanceof OtlpDecodeError) throw err
    throw toOtlpDecodeError(err, 'invalid OTLP/JSON logs request')
  }
}

function event(o: Record<string, unknown>, p: JsonPath): SpanEvent {
  return {
    timeUnixNano: at(o, p, 'timeUnixNano', 'time_unix_nano', V.uint64),
    name: at(o, p, 'name', undefined, V.string),
    attributes: at(o, p, 'attributes', undefined, readAttributes),
    droppedAttributesCount: at(o, p, 'droppedAttributesCount', 'dropped_attributes_count', V.uint32),
  }
}

function link(o: Record<string, unknown>, p: JsonPath): SpanLink {
  return {
    traceId: at(o, p, 'traceId', 'trace_id', V.id),
    spanId: at(o, p, 'spanId', 'span_id', V.id),
    traceState: at(o, p, 'traceState', 'trace_state', V.string),
    attributes: at(o, p, 'attributes', undefined, readAttributes),
    droppedAttributesCount: at(o, p, 'droppedAttributesCount', 'dropped_attributes_count', V.uint32),
    flags: at(o, p, 'flags', undefined, V.uint32),
  }
}

function span(o: Record<string, unknown>, p: JsonPath): Span {
  p.parts.push('status')
  const st = asObject(o.status, p) ?? {}
  const status = {
    code: at(st, p, 'code', undefined, readStatusCode),
    message: at(st, p, 'message', undefined, V.string),
  }
  p.parts.pop()
  return {
    traceId: at(o, p, 'traceId', 'trace_id', V.id),
    spanId: at(o, p, 'spanId', 'span_id', V.id),
    traceState: at(o, p, 'traceState', 'trace_state', V.string),
    parentSpanId: at(o, p, 'parentSpanId', 'parent_span_id', V.id),
    flags: at(o, p, 'flags', undefined, V.uint32),
    name: at(o, p, 'name', undefined, V.string),
    kind: at(o, p, 'kind', undefined, readSpanKind),
    startTimeUnixNano: at(o, p, 'startTimeUnixNano', 'start_time_unix_nano', V.uint64),
    endTimeUnixNano: at(o, p, 'endTimeUnixNano', 'end_time_unix_nano', V.uint64),
    attributes: at(o, p, 'attributes', undefined, readAttributes),
    droppedAttributesCount: at(o, p, 'droppedAttributesCount', 'dropped_attributes_count', V.uint32),
    events: each(o, p, 'events', undefined, event),
    droppedEventsCount: at(o, p, 'droppedEventsCount', 'dropped_events_count', V.uint32),
    links: each(o, p, 'links', undefined, link),
    droppedLinksCount: at(o, p, 'droppedLinksCount', 'dropped_links_count', V.uint32),
    status,
  }
}

function scopeSpans(o: Record<string, unknown>, p: JsonPath): ScopeSpans {
  return { scope: scope(o, p), spans: each(o, p, 'spans', undefined, span) }
}

function resourceSpans(o: Record<string, unknown>, p: JsonPath): ResourceSpans {
  return { resource: resource(o, p), scopeSpans: each(o, p, 'scopeSpans', 'scope_spans', scopeSpans) }
}

/** Decodes an OTLP/JSON ExportTraceServiceRequest. Throws `OtlpDecodeError` (only) on bad input. */
export function decodeTracesJson(body: Uint8Array | string): TracesRequest {
  const p = new JsonPath()
  try {
    return { resourceSpans: each(root(body, p), p, 'resourceSpans', 'resource_spans', resourceSpans) }
  } catch (err) {
    if (err instanceof OtlpDecodeError) throw err
    throw toOtlpDecodeError(err, 'invalid OTLP/JSON trace request')
  }
}

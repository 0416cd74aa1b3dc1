import { toOtlpDecodeError } from './errors.ts'
import {
  emptyResource, emptyScope,
  type AnyValue, type KeyValue, type LogRecord, type LogsRequest, type Resource, type ResourceLogs,
  type Scope, type ScopeLogs,
} from './model.ts'
import { ProtoReader } from './wire.ts'

/**
 * Hand-written decoders for ExportLogsServiceRequest (traces: decode-proto-traces.ts) over the field
 * numbers of opentelemetry-proto (common, resource, logs, trace v1). Each `case` is a full tag
 * `(field << 3) | wire_type`, so a known field sent with an unexpected wire type falls through to
 * `skip` exactly like an unknown field (what protobuf-go does).
 */

/** AnyValue nesting (array/kvlist) accepted before the request is rejected. */
export const MAX_ANY_VALUE_DEPTH = 64

/** Enters a length-delimited sub-message; returns the enclosing end to restore with `leave`. */
export function enter(r: ProtoReader): number {
  const len = r.length()
  const saved = r.end
  r.end = r.pos + len
  return saved
}

export function leave(r: ProtoReader, savedEnd: number, msg: string): void {
  r.end = savedEnd
  r.msg = msg
  r.field = ''
}

/** One length-delimited sub-message decoded by `decode`, back in `msg` afterwards. */
export function readMessage<T>(r: ProtoReader, msg: string, decode: (r: ProtoReader) => T): T {
  const saved = enter(r)
  const value = decode(r)
  leave(r, saved, msg)
  return value
}

function decodeAnyValue(r: ProtoReader, depth: number): AnyValue {
  if (depth > MAX_ANY_VALUE_DEPTH) r.fail(`AnyValue nested deeper than ${MAX_ANY_VALUE_DEPTH} levels`)
  r.msg = 'AnyValue'
  let value: AnyValue = null
  while (r.pos < r.end) {
    const t = r.tag()
    switch (t) {
      case 0x0a: r.field = 'string_value'; value = r.string(); break
      case 0x10: r.field = 'bool_value'; value = r.bool(); break
      case 0x18: r.field = 'int_value'; value = r.int64(); break
      case 0x21: r.field = 'double_value'; value = r.double(); break
      case 0x2a: {
        r.field = 'array_value'
        const saved = enter(r)
        value = decodeValueList(r, depth)
        leave(r, saved, 'AnyValue')
        break
      }
      case 0x32: {
        r.field = 'kvlist_value'
        const saved = enter(r)
        value = { kvlist: decodeKeyValueList(r, depth) }
        leave(r, saved, 'AnyValue')
        break
      }
      case 0x3a: r.field = 'bytes_value'; value = r.bytes(); break
      default: r.skip(t & 7, t >>> 3)
    }
  }
  return value
}

/** ArrayValue.values. */
function decodeValueList(r: ProtoReader, depth: number): AnyValue[] {
  const values: AnyValue[] = []
  r.msg = 'ArrayValue'
  while (r.pos < r.end) {
    const t = r.tag()
    if (t === 0x0a) {
      r.field = 'values'
      const saved = enter(r)
      values.push(decodeAnyValue(r, depth + 1))
      leave(r, saved, 'ArrayValue')
    } else r.skip(t & 7, t >>> 3)
  }
  return values
}

/** KeyValueList.values. */
function decodeKeyValueList(r: ProtoReader, depth: number): KeyValue[] {
  const values: KeyValue[] = []
  r.msg = 'KeyValueList'
  while (r.pos < r.end) {
    const t = r.tag()
    if (t === 0x0a) {
      r.field = 'values'
      const saved = enter(r)
      values.push(decodeKeyValue(r, depth + 1))
      leave(r, saved, 'KeyValueList')
    } else r.skip(t & 7, t >>> 3)
  }
  return values
}

function decodeKeyValue(r: ProtoReader, depth: number): KeyValue {
  r.msg = 'KeyValue'
  let key = ''
  let value: AnyValue = null
  while (r.pos < r.end) {
    const t = r.tag()
    if (t === 0x0a) {
      r.field = 'key'
      key = r.string()
    } else if (t === 0x12) {
      r.field = 'value'
      const saved = enter(r)
      value = decodeAnyValue(r, depth)
      leave(r, saved, 'KeyValue')
    } else r.skip(t & 7, t >>> 3)
  }
  return { key, value }
}

/** Reads one `repeated KeyValue attributes` element into `out`; the caller has set `r.field`. */
export function pushAttribute(r: ProtoReader, out: KeyValue[], msg: string): void {
  const saved = enter(r)
  out.push(decodeKeyValue(r, 0))
  leave(r, saved, msg)
}

export function decodeResource(r: ProtoReader, res: Resource): void {
  r.msg = 'Resource'
  while (r.pos < r.end) {
    const t = r.tag()
    if (t === 0x0a) { r.field = 'attributes'; pushAttribute(r, res.attributes, 'Resource') }
    else if (t === 0x10) { r.field = 'dropped_attributes_count'; res.droppedAttributesCount = r.uint32() }
    else r.skip(t & 7, t >>> 3)
  }
}

export function decodeScope(r: ProtoReader, scope: Scope): void {
  r.msg = 'InstrumentationScope'
  while (r.pos < r.end) {
    const t = r.tag()
    switch (t) {
      case 0x0a: r.field = 'name'; scope.name = r.string(); break
      case 0x12: r.field = 'version'; scope.version = r.string(); break
      case 0x1a: r.field = 'attributes'; pushAttribute(r, scope.attributes, 'InstrumentationScope'); break
      case 0x20: r.field = 'dropped_attributes_count'; scope.droppedAttributesCount = r.uint32(); break
      default: r.skip(t & 7, t >>> 3)
    }
  }
}

function decodeLogRecord(r: ProtoReader): LogRecord {
  const rec: LogRecord = {
    timeUnixNano: '0', observedTimeUnixNano: '0', severityNumber: 0, severityText: '', body: null,
    attributes: [], droppedAttributesCount: 0, flags: 0, traceId: '', spanId: '', eventName: '',
  }
  r.msg = 'LogRecord'
  while (r.pos < r.end) {
    const t = r.tag()
    switch (t) {
      case 0x09: r.field = 'time_unix_nano'; rec.timeUnixNano = r.fixed64Decimal(); break
      case 0x10: r.field = 'severity_number'; rec.severityNumber = r.int32(); break
      case 0x1a: r.field = 'severity_text'; rec.severityText = r.string(); break
      case 0x2a: {
        r.field = 'body'
        const saved = enter(r)
        rec.body = decodeAnyValue(r, 0)
        leave(r, saved, 'LogRecord')
        break
      }
      case 0x32: r.field = 'attributes'; pushAttribute(r, rec.attributes, 'LogRecord'); break
      case 0x38: r.field = 'dropped_attributes_count'; rec.droppedAttributesCount = r.uint32(); break
      case 0x45: r.field = 'flags'; rec.flags = r.fixed32(); break
      case 0x4a: r.field = 'trace_id'; rec.traceId = r.hex(); break
      case 0x52: r.field = 'span_id'; rec.spanId = r.hex(); break
      case 0x59: r.field = 'observed_time_unix_nano'; rec.observedTimeUnixNano = r.fixed64Decimal(); break
      case 0x62: r.field = 'event_name'; rec.eventName = r.string(); break
      default: r.skip(t & 7, t >>> 3)
    }
  }
  return rec
}

/**
 * Field 1 the resource (or scope), field 2 the repeated children, field 3 `schema_url`: the layout
 * that ResourceLogs, ResourceSpans, ScopeLogs and ScopeSpans share (logs.proto, trace.proto).
 */
export function decodeContainer<H extends { schemaUrl: string }, C>(
  r: ProtoReader,
  names: { msg: string; head: string; children: string },
  head: H,
  decodeHead: (r: ProtoReader, head: H) => void,
  decodeChild: (r: ProtoReader) => C,
): C[] {
  const children: C[] = []
  r.msg = names.msg
  while (r.pos < r.end) {
    const t = r.tag()
    if (t === 0x0a) {
      r.field = names.head
      const saved = enter(r)
      decodeHead(r, head)
      leave(r, saved, names.msg)
    } else if (t === 0x12) {
      r.field = names.children
      const saved = enter(r)
      children.push(decodeChild(r))
      leave(r, saved, names.msg)
    } else if (t === 0x1a) {
      r.field = 'schema_url'
      head.schemaUrl = r.string()
    } else r.skip(t & 7, t >>> 3)
  }
  return children
}

/** The export request itself: `repeated Resource… resource_… = 1`. Throws `OtlpDecodeError` only. */
export function decodeExportRequest<C>(body: Uint8Array, msg: string, field: string, decodeChild: (r: ProtoReader) => C): C[] {
  const children: C[] = []
  const r = new ProtoReader(body)
  try {
    r.msg = msg
    while (r.pos < r.end) {
      const t = r.tag()
      if (t === 0x0a) {
        r.field = field
        const saved = enter(r)
        children.push(decodeChild(r))
        leave(r, saved, msg)
      } else r.skip(t & 7, t >>> 3)
    }
  } catch (err) {
    throw toOtlpDecodeError(err, `invalid ${msg}`)
  }
  return children
}

const SCOPE_LOGS = { msg: 'ScopeLogs', head: 'scope', children: 'log_records' }
const RESOURCE_LOGS = { msg: 'ResourceLogs', head: 'resource', children: 'scope_logs' }

function decodeScopeLogs(r: ProtoReader): ScopeLogs {
  const scope = emptyScope()
  return { scope, logRecords: decodeContainer(r, SCOPE_LOGS, scope, decodeScope, decodeLogRecord) }
}

function decodeResourceLogs(r: ProtoReader): ResourceLogs {
  const resource = emptyResource()
  return { resource, scopeLogs: decodeContainer(r, RESOURCE_LOGS, resource, decodeResource, decodeScopeLogs) }
}

/** Decodes a binary ExportLogsServiceRequest. Throws `OtlpDecodeError` (only) on bad input. */
export function decodeLogsProtobuf(body: Uint8Array): LogsRequest {
  return { resourceLogs: decodeExportRequest(body, 'ExportLogsServiceRequest', 'resource_logs', decodeResourceLogs) }
}

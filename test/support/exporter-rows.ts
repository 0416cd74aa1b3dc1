import { anyValueToString, idOrEmpty } from '../../collector/src/normalize/index.ts'
import type { KeyValue, LogsRequest, TracesRequest } from '../../collector/src/otlp/model.ts'

/**
 * Rows as the OpenTelemetry Collector's clickhouseexporter inserts them (logs_insert.sql /
 * traces_insert.sql column lists): attribute values and bodies as pdata `AsString()`, ids as hex,
 * `SpanKind` / `StatusCode` as pdata `String()` names, nothing redacted (the exporter stores
 * the Authorization header as it came). Timestamps as nanosecond numbers.
 */

export const EXPORTER_LOG_COLUMNS = [
  'Timestamp', 'TraceId', 'SpanId', 'TraceFlags', 'SeverityText', 'SeverityNumber', 'ServiceName', 'Body',
  'ResourceSchemaUrl', 'ResourceAttributes', 'ScopeSchemaUrl', 'ScopeName', 'ScopeVersion', 'ScopeAttributes', 'LogAttributes',
] as const
export const EXPORTER_TRACE_COLUMNS = [
  'Timestamp', 'TraceId', 'SpanId', 'ParentSpanId', 'TraceState', 'SpanName', 'SpanKind', 'ServiceName', 'ResourceAttributes',
  'ScopeName', 'ScopeVersion', 'SpanAttributes', 'Duration', 'StatusCode', 'StatusMessage', 'Events.Timestamp', 'Events.Name',
  'Events.Attributes', 'Links.TraceId', 'Links.SpanId', 'Links.TraceState', 'Links.Attributes',
] as const

const asMap = (kvs: readonly KeyValue[]) => Object.fromEntries(kvs.map((kv) => [kv.key, anyValueToString(kv.value)]))
const serviceOf = (kvs: readonly KeyValue[]) => asMap(kvs)['service.name'] ?? ''
const KIND = ['Unspecified', 'Internal', 'Server', 'Client', 'Producer', 'Consumer']
const STATUS = ['Unset', 'Ok', 'Error']

/** `eventName`: the current DDL's extra column, appended as the exporter's insert does. */
export function exporterLogRows(request: LogsRequest, eventName: boolean): unknown[][] {
  return request.resourceLogs.flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords.map((rec) => [
    rec.timeUnixNano !== '0' ? rec.timeUnixNano : rec.observedTimeUnixNano, idOrEmpty(rec.traceId), idOrEmpty(rec.spanId),
    rec.flags & 0xff, rec.severityText, rec.severityNumber, serviceOf(rl.resource.attributes), anyValueToString(rec.body),
    rl.resource.schemaUrl, asMap(rl.resource.attributes), sl.scope.schemaUrl, sl.scope.name, sl.scope.version,
    asMap(sl.scope.attributes), asMap(rec.attributes), ...(eventName ? [rec.eventName] : []),
  ])))
}

export function exporterSpanRows(request: TracesRequest): unknown[][] {
  return request.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((span) => [
    span.startTimeUnixNano, idOrEmpty(span.traceId), idOrEmpty(span.spanId), idOrEmpty(span.parentSpanId), span.traceState,
    span.name, KIND[span.kind] ?? 'Unspecified', serviceOf(rs.resource.attributes), asMap(rs.resource.attributes), ss.scope.name,
    ss.scope.version, asMap(span.attributes), (BigInt(span.endTimeUnixNano) - BigInt(span.startTimeUnixNano)).toString(),
    STATUS[span.status.code] ?? 'Unset', span.status.message, span.events.map((e) => e.timeUnixNano), span.events.map((e) => e.name),
    span.events.map((e) => asMap(e.attributes)), span.links.map((l) => idOrEmpty(l.traceId)), span.links.map((l) => idOrEmpty(l.spanId)),
    span.links.map((l) => l.traceState), span.links.map((l) => asMap(l.attributes)),
  ])))
}

import type { AnyValue, KeyValue, LogRecord, LogsRequest, Span, TracesRequest } from '../otlp/model.ts'
import { SPAN_KIND } from '../otlp/model.ts'
import { sql, type Fragment } from '@claimcheck/shared/node'

/**
 * Stored `otel_logs` / `otel_traces` rows → the collector's OTLP model, so the deriver runs the
 * very normalize + classify code of the live path over what survived in ClickHouse (our own rows
 * or rows the OpenTelemetry Collector's exporter wrote). Each row becomes its own resource and
 * scope: normalize reads them per record anyway.
 */

/** One `otel_logs` row as the deriver selects it (see LOG_SELECT). */
export interface StoredLogRow {
  TimestampNs: string
  TraceId: string
  SpanId: string
  TraceFlags: number
  SeverityText: string
  SeverityNumber: number
  Body: string
  ResourceAttributes: Record<string, string>
  ScopeName: string
  ScopeVersion: string
  ScopeAttributes: Record<string, string>
  LogAttributes: Record<string, string>
  EventName: string
  Block: string
}

/** One `otel_traces` SERVER-span row as the deriver selects it (see SPAN_SELECT). */
export interface StoredSpanRow {
  TimestampNs: string
  TraceId: string
  SpanId: string
  ParentSpanId: string
  TraceState: string
  SpanName: string
  SpanKind: string
  ResourceAttributes: Record<string, string>
  ScopeName: string
  ScopeVersion: string
  SpanAttributes: Record<string, string>
  Duration: string
  StatusCode: string
  StatusMessage: string
  EventTimesNs: string[]
  EventNames: string[]
  EventAttributes: Record<string, string>[]
  Block: string
}

/** The columns read from `otel_logs`; `eventName` is false for the exporter's previous DDL, which has no EventName. */
export function logSelect(eventName: boolean): Fragment {
  return sql`toString(toUnixTimestamp64Nano(Timestamp)) AS TimestampNs, TraceId, SpanId, TraceFlags, SeverityText, SeverityNumber,
  Body, ResourceAttributes, ScopeName, ScopeVersion, ScopeAttributes, LogAttributes, ${eventName ? sql`EventName` : sql`'' AS EventName`}`
}

export const SPAN_SELECT = sql`toString(toUnixTimestamp64Nano(Timestamp)) AS TimestampNs, TraceId, SpanId, ParentSpanId, TraceState,
  SpanName, SpanKind, ResourceAttributes, ScopeName, ScopeVersion, SpanAttributes, toString(Duration) AS Duration, StatusCode,
  StatusMessage, arrayMap(t -> toString(toUnixTimestamp64Nano(t)), Events.Timestamp) AS EventTimesNs, Events.Name AS EventNames,
  Events.Attributes AS EventAttributes`

/** The deriver reads SERVER spans only; both spellings of the kind (the exporter's DDL changed them). */
export const SERVER_SPANS = sql` AND SpanKind IN ('Server', 'SPAN_KIND_SERVER')`

const SPAN_KIND_NUMBER: Record<string, number> = {
  Unspecified: SPAN_KIND.UNSPECIFIED, Internal: SPAN_KIND.INTERNAL, Server: SPAN_KIND.SERVER, Client: SPAN_KIND.CLIENT,
  Producer: SPAN_KIND.PRODUCER, Consumer: SPAN_KIND.CONSUMER,
  // The exporter's DDL before pdata's String() names: SPAN_KIND_SERVER etc.
  SPAN_KIND_SERVER: SPAN_KIND.SERVER,
}
const STATUS_NUMBER: Record<string, number> = { Unset: 0, Ok: 1, Error: 2, STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 }

function keyValues(map: Record<string, string>): KeyValue[] {
  return Object.entries(map).map(([key, value]) => ({ key, value }))
}

/** A JSON value as the AnyValue it was most likely stored from (the exporter writes a map body as JSON). */
function anyValueOfJson(v: unknown): AnyValue {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v as AnyValue
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v
  if (Array.isArray(v)) return v.map(anyValueOfJson)
  if (typeof v === 'object') return { kvlist: Object.entries(v as Record<string, unknown>).map(([key, value]) => ({ key, value: anyValueOfJson(value) })) }
  return null
}

/**
 * The Body column holds `AsString()` of the record's body: a map body became JSON text. A body
 * that is a JSON object is read back as that map, the shape an access log shipped as a map had.
 */
export function bodyOf(stored: string): AnyValue {
  if (stored.length < 2 || stored.charCodeAt(0) !== 123 /* { */) return stored
  try {
    const parsed: unknown = JSON.parse(stored)
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? anyValueOfJson(parsed) : stored
  } catch {
    return stored
  }
}

function resourceOf(attributes: Record<string, string>) {
  return { attributes: keyValues(attributes), droppedAttributesCount: 0, schemaUrl: '' }
}

export function logsRequestFromRows(rows: readonly StoredLogRow[]): LogsRequest {
  return {
    resourceLogs: rows.map((row) => {
      const record: LogRecord = {
        timeUnixNano: row.TimestampNs, observedTimeUnixNano: row.TimestampNs, severityNumber: Number(row.SeverityNumber),
        severityText: row.SeverityText, body: bodyOf(row.Body), attributes: keyValues(row.LogAttributes), droppedAttributesCount: 0,
        flags: Number(row.TraceFlags), traceId: row.TraceId, spanId: row.SpanId, eventName: row.EventName,
      }
      return {
        resource: resourceOf(row.ResourceAttributes),
        scopeLogs: [{
          scope: { name: row.ScopeName, version: row.ScopeVersion, attributes: keyValues(row.ScopeAttributes), droppedAttributesCount: 0, schemaUrl: '' },
          logRecords: [record],
        }],
      }
    }),
  }
}

export function tracesRequestFromRows(rows: readonly StoredSpanRow[]): TracesRequest {
  return {
    resourceSpans: rows.map((row) => {
      const span: Span = {
        traceId: row.TraceId, spanId: row.SpanId, traceState: row.TraceState, parentSpanId: row.ParentSpanId, flags: 0,
        name: row.SpanName, kind: SPAN_KIND_NUMBER[row.SpanKind] ?? SPAN_KIND.UNSPECIFIED,
        startTimeUnixNano: row.TimestampNs, endTimeUnixNano: (BigInt(row.TimestampNs) + BigInt(row.Duration)).toString(),
        attributes: keyValues(row.SpanAttributes), droppedAttributesCount: 0,
        events: row.EventNames.map((name, i) => ({
          timeUnixNano: row.EventTimesNs[i] ?? '0', name, attributes: keyValues(row.EventAttributes[i] ?? {}), droppedAttributesCount: 0,
        })),
        droppedEventsCount: 0, links: [], droppedLinksCount: 0,
        status: { code: STATUS_NUMBER[row.StatusCode] ?? 0, message: row.StatusMessage },
      }
      return {
        resource: resourceOf(row.ResourceAttributes),
        scopeSpans: [{ scope: { name: row.ScopeName, version: row.ScopeVersion, attributes: [], droppedAttributesCount: 0, schemaUrl: '' }, spans: [span] }],
      }
    }),
  }
}

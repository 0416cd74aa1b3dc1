import type { AnyValue, Decoded, KeyValue, LogRecord, LogsRequest, Resource, Scope, Span, TracesRequest } from './model.ts'
import { isWellFormed } from '@claimcheck/shared'

/**
 * Per-record validation that leads to `partial_success` rejections rather than a 400 or a failed
 * insert: a record the store would refuse is dropped here, before it is accepted, so it never
 * fails the other senders' rows batched into the same INSERT, and the sender learns why.
 *
 * - Ids (the OTLP spec asks receivers to drop records with invalid ids and keep the rest):
 *   trace.proto: a trace id is 16 bytes and a span id 8 bytes, all-zero ids are invalid; a span's
 *   parent id is empty for a root. logs.proto: trace/span ids are optional on a log record.
 * - Timestamps: `DateTime64(9)` holds 1900…2262-04-11, and the engine reads a nanosecond string
 *   reliably only with 19 digits (found by inserting: "0", "999", 13-digit milliseconds are refused
 *   or misread). So a stored timestamp must lie in [2001-09-09, 2262-04-11]; anything else is a
 *   sender sending seconds or milliseconds, or garbage. A log record without time_unix_nano uses
 *   observed_time_unix_nano (logs.proto); without either, the receive time (observed_time "MUST be
 *   set once the event is observed by OpenTelemetry", and claimcheck is observing it now).
 * - Text: unpaired UTF-16 surrogates (OTLP/JSON `\ud800` escapes) in any string of the record,
 *   its scope or its resource.
 */

const TRACE_ID_HEX = 32
const SPAN_ID_HEX = 16
const ZERO_TRACE_ID = '0'.repeat(TRACE_ID_HEX)
const ZERO_SPAN_ID = '0'.repeat(SPAN_ID_HEX)
/** 2001-09-09T01:46:40Z: the first 19-digit nanosecond time. */
const MIN_NS = 1_000_000_000_000_000_000n
/** 2262-04-11T23:47:16.854775807Z: the last DateTime64(9) instant. */
const MAX_NS = 9_223_372_036_854_775_807n

type Reason = 'trace_id' | 'span_id' | 'parent_span_id' | 'link' | 'timestamp' | 'event_timestamp' | 'unicode'

const REASON_TEXT: Record<Reason, string> = {
  trace_id: 'an invalid trace_id (must be 16 bytes, not all zero)',
  span_id: 'an invalid span_id (must be 8 bytes, not all zero)',
  parent_span_id: 'an invalid parent_span_id (must be empty or 8 bytes)',
  link: 'a link with an invalid trace_id or span_id',
  timestamp: 'a timestamp outside 2001-09-09..2262-04-11 (Unix nanoseconds expected; seconds or milliseconds sent?)',
  event_timestamp: 'an event timestamp outside 2001-09-09..2262-04-11 (Unix nanoseconds expected)',
  unicode: 'a string with an unpaired UTF-16 surrogate (an invalid \\ud800-\\udfff escape)',
}

/** Decimal nanosecond strings from the decoders; a 19-digit gate keeps the BigInt off the hot path. */
export function isStorableTimestamp(ns: string): boolean {
  if (ns.length !== 19) return false
  const n = BigInt(ns)
  return n >= MIN_NS && n <= MAX_NS
}

function valueWellFormed(v: AnyValue): boolean {
  if (typeof v === 'string') return isWellFormed(v)
  if (v === null || typeof v !== 'object' || v instanceof Uint8Array) return true
  if (Array.isArray(v)) return v.every(valueWellFormed)
  return attributesWellFormed(v.kvlist)
}

function attributesWellFormed(kvs: KeyValue[]): boolean {
  for (let i = 0; i < kvs.length; i++) {
    const kv = kvs[i]!
    if (!isWellFormed(kv.key) || !valueWellFormed(kv.value)) return false
  }
  return true
}

function resourceWellFormed(resource: Resource): boolean {
  return isWellFormed(resource.schemaUrl) && attributesWellFormed(resource.attributes)
}

function scopeWellFormed(scope: Scope): boolean {
  return isWellFormed(scope.name) && isWellFormed(scope.version) && isWellFormed(scope.schemaUrl) && attributesWellFormed(scope.attributes)
}

/** Ids come from the decoders as lowercase hex, so a length check is a byte-length check. */
function logRecordProblem(rec: LogRecord): Reason | undefined {
  if (rec.traceId !== '' && rec.traceId.length !== TRACE_ID_HEX) return 'trace_id'
  if (rec.spanId !== '' && rec.spanId.length !== SPAN_ID_HEX) return 'span_id'
  if (!isStorableTimestamp(rec.timeUnixNano !== '0' ? rec.timeUnixNano : rec.observedTimeUnixNano)) return 'timestamp'
  if (!isWellFormed(rec.severityText) || !isWellFormed(rec.eventName) || !valueWellFormed(rec.body) || !attributesWellFormed(rec.attributes)) return 'unicode'
  return undefined
}

function spanProblem(span: Span): Reason | undefined {
  if (span.traceId.length !== TRACE_ID_HEX || span.traceId === ZERO_TRACE_ID) return 'trace_id'
  if (span.spanId.length !== SPAN_ID_HEX || span.spanId === ZERO_SPAN_ID) return 'span_id'
  if (span.parentSpanId !== '' && span.parentSpanId.length !== SPAN_ID_HEX) return 'parent_span_id'
  for (const link of span.links) {
    if (link.traceId.length !== TRACE_ID_HEX || link.spanId.length !== SPAN_ID_HEX) return 'link'
  }
  if (!isStorableTimestamp(span.startTimeUnixNano)) return 'timestamp'
  for (const ev of span.events) if (!isStorableTimestamp(ev.timeUnixNano)) return 'event_timestamp'
  if (!isWellFormed(span.name) || !isWellFormed(span.traceState) || !isWellFormed(span.status.message) || !attributesWellFormed(span.attributes)) return 'unicode'
  for (const ev of span.events) if (!isWellFormed(ev.name) || !attributesWellFormed(ev.attributes)) return 'unicode'
  for (const link of span.links) if (!isWellFormed(link.traceState) || !attributesWellFormed(link.attributes)) return 'unicode'
  return undefined
}

class Rejections {
  total = 0
  private readonly counts = new Map<Reason, number>()

  add(reason: Reason, n = 1): void {
    if (n === 0) return
    this.total += n
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + n)
  }

  /** Counts and reasons only: a rejection never quotes the record (nor anyone else's). */
  message(noun: string): string {
    if (this.total === 0) return ''
    const parts = [...this.counts].map(([reason, n]) => `${n} with ${REASON_TEXT[reason]}`)
    return `rejected ${this.total} ${noun}${this.total === 1 ? '' : 's'}: ${parts.join('; ')}`
  }
}

/** Keeps the records of `list` without a problem, counting the others by reason. */
function keep<T>(list: T[], problem: (item: T) => Reason | undefined, rej: Rejections): T[] {
  let bad = false
  const reasons = list.map((item) => {
    const reason = problem(item)
    if (reason) {
      rej.add(reason)
      bad = true
    }
    return reason
  })
  return bad ? list.filter((_, i) => reasons[i] === undefined) : list
}

/** Current time as a decimal nanosecond string. */
export function nowNs(): string {
  return (BigInt(Date.now()) * 1_000_000n).toString()
}

/** Drops unstorable log records in place and reports them; fills the observed time of records that have no time at all. */
export function validateLogs(request: LogsRequest, receivedNs: string = nowNs()): Decoded<LogsRequest> {
  const rej = new Rejections()
  let accepted = 0
  for (const rl of request.resourceLogs) {
    const resourceOk = resourceWellFormed(rl.resource)
    for (const sl of rl.scopeLogs) {
      if (!resourceOk || !scopeWellFormed(sl.scope)) {
        rej.add('unicode', sl.logRecords.length)
        sl.logRecords = []
        continue
      }
      for (const rec of sl.logRecords) if (rec.timeUnixNano === '0' && rec.observedTimeUnixNano === '0') rec.observedTimeUnixNano = receivedNs
      sl.logRecords = keep(sl.logRecords, logRecordProblem, rej)
      accepted += sl.logRecords.length
    }
  }
  return { request, rejected: rej.total, rejectionMessage: rej.message('log record'), accepted }
}

/** Drops unstorable spans in place and reports them. */
export function validateTraces(request: TracesRequest): Decoded<TracesRequest> {
  const rej = new Rejections()
  let accepted = 0
  for (const rs of request.resourceSpans) {
    const resourceOk = resourceWellFormed(rs.resource)
    for (const ss of rs.scopeSpans) {
      if (!resourceOk || !scopeWellFormed(ss.scope)) {
        rej.add('unicode', ss.spans.length)
        ss.spans = []
        continue
      }
      ss.spans = keep(ss.spans, spanProblem, rej)
      accepted += ss.spans.length
    }
  }
  return { request, rejected: rej.total, rejectionMessage: rej.message('span'), accepted }
}

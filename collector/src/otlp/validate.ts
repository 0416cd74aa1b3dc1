import type { Decoded, LogRecord, LogsRequest, Span, TracesRequest } from './model.ts'

/**
 * Per-record validation that leads to `partial_success` rejections rather than a 400: the OTLP
 * spec asks receivers to drop records with invalid ids and keep the rest of the request.
 * trace.proto: a trace id is 16 bytes and a span id 8 bytes, all-zero ids are invalid; a span's
 * parent id is empty for a root. logs.proto: trace/span ids are optional on a log record (empty),
 * otherwise the same sizes.
 */

const TRACE_ID_HEX = 32
const SPAN_ID_HEX = 16
const ZERO_TRACE_ID = '0'.repeat(TRACE_ID_HEX)
const ZERO_SPAN_ID = '0'.repeat(SPAN_ID_HEX)

type Reason = 'trace_id' | 'span_id' | 'parent_span_id' | 'link'

const REASON_TEXT: Record<Reason, string> = {
  trace_id: 'an invalid trace_id (must be 16 bytes, not all zero)',
  span_id: 'an invalid span_id (must be 8 bytes, not all zero)',
  parent_span_id: 'an invalid parent_span_id (must be empty or 8 bytes)',
  link: 'a link with an invalid trace_id or span_id',
}

/** Ids come from the decoders as lowercase hex, so a length check is a byte-length check. */
function logRecordProblem(rec: LogRecord): Reason | undefined {
  if (rec.traceId !== '' && rec.traceId.length !== TRACE_ID_HEX) return 'trace_id'
  if (rec.spanId !== '' && rec.spanId.length !== SPAN_ID_HEX) return 'span_id'
  return undefined
}

function spanProblem(span: Span): Reason | undefined {
  if (span.traceId.length !== TRACE_ID_HEX || span.traceId === ZERO_TRACE_ID) return 'trace_id'
  if (span.spanId.length !== SPAN_ID_HEX || span.spanId === ZERO_SPAN_ID) return 'span_id'
  if (span.parentSpanId !== '' && span.parentSpanId.length !== SPAN_ID_HEX) return 'parent_span_id'
  for (const link of span.links) {
    if (link.traceId.length !== TRACE_ID_HEX || link.spanId.length !== SPAN_ID_HEX) return 'link'
  }
  return undefined
}

class Rejections {
  total = 0
  private readonly counts = new Map<Reason, number>()

  add(reason: Reason): void {
    this.total++
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1)
  }

  message(noun: string): string {
    if (this.total === 0) return ''
    const parts = [...this.counts].map(([reason, n]) => `${n} with ${REASON_TEXT[reason]}`)
    return `rejected ${this.total} ${noun}${this.total === 1 ? '' : 's'}: ${parts.join('; ')}`
  }
}

/** Drops invalid log records in place and reports them. */
export function validateLogs(request: LogsRequest): Decoded<LogsRequest> {
  const rej = new Rejections()
  let accepted = 0
  for (const rl of request.resourceLogs) {
    for (const sl of rl.scopeLogs) {
      let bad = false
      for (const rec of sl.logRecords) {
        const reason = logRecordProblem(rec)
        if (reason) { rej.add(reason); bad = true }
      }
      if (bad) sl.logRecords = sl.logRecords.filter((rec) => logRecordProblem(rec) === undefined)
      accepted += sl.logRecords.length
    }
  }
  return { request, rejected: rej.total, rejectionMessage: rej.message('log record'), accepted }
}

/** Drops invalid spans in place and reports them. */
export function validateTraces(request: TracesRequest): Decoded<TracesRequest> {
  const rej = new Rejections()
  let accepted = 0
  for (const rs of request.resourceSpans) {
    for (const ss of rs.scopeSpans) {
      let bad = false
      for (const span of ss.spans) {
        const reason = spanProblem(span)
        if (reason) { rej.add(reason); bad = true }
      }
      if (bad) ss.spans = ss.spans.filter((span) => spanProblem(span) === undefined)
      accepted += ss.spans.length
    }
  }
  return { request, rejected: rej.total, rejectionMessage: rej.message('span'), accepted }
}

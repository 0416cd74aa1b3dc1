import type { Span, TracesRequest } from '../otlp/model.ts'
import { flattenAttributes, type AttributeMap } from './attributes.ts'
import { buildSpanCall, idOrEmpty, type CallCandidate } from './gateway-call.ts'
import { resourceContext, scopeContext, type ScopeContext } from './logs.ts'
import { DEFAULT_REDACTOR, type Redactor } from './redact.ts'
import { TokenScan } from './token-decode.ts'

/**
 * ExportTraceServiceRequest → `otel_traces` rows (OTEL_TRACE_COLUMNS order) with the
 * clickhouseexporter's semantics (exporter_traces.go): Timestamp = start; SpanKind and StatusCode
 * as pdata's `String()` (`Server`, `Unset`, …; '' for values outside the enum); Duration = end −
 * start in ns; Events and Links as parallel arrays for the Nested columns; ids hex with all-zero
 * as ''. Every stored string is redacted: attribute keys and values, names, trace state, status messages. HTTP SERVER spans also
 * become gateway call candidates.
 */

/** ptrace.SpanKind.String() by enum number. */
const SPAN_KIND_TEXT = ['Unspecified', 'Internal', 'Server', 'Client', 'Producer', 'Consumer'] as const
/** ptrace.StatusCode.String() by enum number. */
const STATUS_CODE_TEXT = ['Unset', 'Ok', 'Error'] as const

const MAX_SAFE_NS_DIGITS = 15

/**
 * end − start for decimal nanosecond strings. The exporter subtracts uint64s, so end < start
 * wraps around; claimcheck stores 0 instead. Returns a decimal string past 2^53 (UInt64 column).
 */
export function durationNs(start: string, end: string): number | string {
  const n = end.length
  // Fast path: same length and same leading digits, so the difference fits in the last 15.
  if (n === start.length && n > MAX_SAFE_NS_DIGITS) {
    const cut = n - MAX_SAFE_NS_DIGITS
    if (end.slice(0, cut) === start.slice(0, cut)) {
      const d = Number(end.slice(cut)) - Number(start.slice(cut))
      return d > 0 ? d : 0
    }
  }
  const d = BigInt(end) - BigInt(start)
  if (d <= 0n) return 0
  return d <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(d) : d.toString()
}

export interface NormalizedTraces {
  rows: unknown[][]
  calls: CallCandidate[]
}

function spanRow(span: Span, redactor: Redactor, serviceName: string, resAttrs: AttributeMap, scope: ScopeContext,
  attrs: AttributeMap, duration: number | string): unknown[] {
  const events = span.events
  const evTimes = new Array<string>(events.length)
  const evNames = new Array<string>(events.length)
  const evAttrs = new Array<AttributeMap>(events.length)
  for (let i = 0; i < events.length; i++) {
    const ev = events[i]!
    evTimes[i] = ev.timeUnixNano
    evNames[i] = redactor.text(ev.name, 'event.name')
    evAttrs[i] = flattenAttributes(ev.attributes, redactor)
  }
  const links = span.links
  const lTrace = new Array<string>(links.length)
  const lSpan = new Array<string>(links.length)
  const lState = new Array<string>(links.length)
  const lAttrs = new Array<AttributeMap>(links.length)
  for (let i = 0; i < links.length; i++) {
    const l = links[i]!
    lTrace[i] = idOrEmpty(l.traceId)
    lSpan[i] = idOrEmpty(l.spanId)
    lState[i] = redactor.text(l.traceState, 'link.trace_state')
    lAttrs[i] = flattenAttributes(l.attributes, redactor)
  }
  return [
    span.startTimeUnixNano,
    idOrEmpty(span.traceId),
    idOrEmpty(span.spanId),
    idOrEmpty(span.parentSpanId),
    redactor.text(span.traceState, 'trace_state'),
    redactor.text(span.name, 'span.name'),
    SPAN_KIND_TEXT[span.kind] ?? '',
    serviceName,
    resAttrs,
    scope.name,
    scope.version,
    attrs,
    duration,
    STATUS_CODE_TEXT[span.status.code] ?? '',
    redactor.text(span.status.message, 'status.message'),
    evTimes, evNames, evAttrs,
    lTrace, lSpan, lState, lAttrs,
  ]
}

function normalize(request: TracesRequest, withCalls: boolean, redactor: Redactor): NormalizedTraces {
  const rows: unknown[][] = []
  const calls: CallCandidate[] = []
  const scan = withCalls ? new TokenScan() : undefined
  for (const rs of request.resourceSpans) {
    const res = resourceContext(rs.resource, redactor)
    for (const ss of rs.scopeSpans) {
      const scope = scopeContext(ss.scope, redactor)
      for (const span of ss.spans) {
        scan?.reset()
        redactor.startRecord()
        const attrs = flattenAttributes(span.attributes, redactor, scan)
        const duration = durationNs(span.startTimeUnixNano, span.endTimeUnixNano)
        const row = spanRow(span, redactor, res.serviceName, res.attributes, scope, attrs, duration)
        redactor.summarize(attrs)
        rows.push(row)
        if (scan) {
          TokenScan.hideFacts(attrs)
          const call = buildSpanCall(span, res, attrs, Number(duration), scan.facts(), redactor)
          if (call) {
            calls.push(call)
            scan.keepFacts(attrs)
          }
        }
      }
    }
  }
  return { rows, calls }
}

/** `otel_traces` rows and gateway call candidates in one pass. */
export function normalizeTraces(request: TracesRequest, redactor: Redactor = DEFAULT_REDACTOR): NormalizedTraces {
  return normalize(request, true, redactor)
}

/** `otel_traces` rows in OTEL_TRACE_COLUMNS order, for JSONCompactEachRow. */
export function toTraceRows(request: TracesRequest, redactor: Redactor = DEFAULT_REDACTOR): unknown[][] {
  return normalize(request, false, redactor).rows
}

/** Gateway call candidates of the HTTP SERVER spans. */
export function extractSpanCalls(request: TracesRequest, redactor: Redactor = DEFAULT_REDACTOR): CallCandidate[] {
  return normalize(request, true, redactor).calls
}

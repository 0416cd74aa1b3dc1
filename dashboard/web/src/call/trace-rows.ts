import type { Span } from '@claimcheck/shared'
import { nsToMs } from '../lib/time.ts'
import type { DisplaySpan } from '../waterfall/Waterfall.tsx'

/** Spans may carry `Error` (exporter) or `STATUS_CODE_ERROR` (older exporters). */
export function isErrorStatus(statusCode: string): boolean {
  return /error/i.test(statusCode)
}

/** API spans → what the waterfall draws; `callSpanIds` are the gateway calls' spans (highlighted). */
export function toDisplaySpans(spans: readonly Span[], callSpanIds: ReadonlySet<string>): (DisplaySpan & { source: Span })[] {
  const serviceOf = new Map(spans.map((span) => [span.SpanId, span.ServiceName]))
  return spans.map((span) => ({
    spanId: span.SpanId,
    parentSpanId: span.ParentSpanId,
    startMs: nsToMs(span.Timestamp),
    durationMs: span.Duration / 1e6,
    name: span.SpanName,
    service: span.ServiceName,
    isError: isErrorStatus(span.StatusCode),
    isCall: callSpanIds.has(span.SpanId),
    showService: serviceOf.get(span.ParentSpanId) !== span.ServiceName,
    source: span,
  }))
}

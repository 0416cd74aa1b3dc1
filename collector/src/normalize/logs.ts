import type { LogRecord, LogsRequest, Resource } from '../otlp/model.ts'
import { anyValueToString, getAttribute } from './any-value.ts'
import { flattenAttributes, type AttributeMap } from './attributes.ts'
import { buildLogCall, idOrEmpty, type CallCandidate, type ResourceContext } from './gateway-call.ts'
import { TokenScan, redactText } from './redact.ts'

/**
 * ExportLogsServiceRequest → `otel_logs` rows (OTEL_LOG_COLUMNS order) with the clickhouseexporter's
 * semantics (exporter_logs.go): ServiceName from resource `service.name` (AsString); Timestamp
 * falls back to ObservedTimestamp when 0; TraceFlags and SeverityNumber cast to uint8; ids hex,
 * all-zero ids stored as '' (TraceIDToHexOrEmptyString); Body `AsString()`; maps flattened.
 * Everything is redacted. In the same pass, records that describe an HTTP call become
 * gateway call candidates.
 */

export interface NormalizedLogs {
  rows: unknown[][]
  calls: CallCandidate[]
}

export function resourceContext(resource: Resource): ResourceContext {
  const service = getAttribute(resource.attributes, 'service.name')
  return {
    serviceName: service === undefined ? '' : redactText(anyValueToString(service)),
    attributes: flattenAttributes(resource.attributes),
  }
}

/** The stored Body and, for a kvlist body, its top-level fields (for call detection). */
function bodyParts(rec: LogRecord, scan: TokenScan | undefined): { text: string; stored: string; fields: AttributeMap | undefined } {
  const body = rec.body
  if (typeof body === 'string') {
    if (scan) scan.see('body', body)
    const text = redactText(body)
    return { text, stored: text, fields: undefined }
  }
  const stored = redactText(anyValueToString(body))
  const fields = scan && body !== null && typeof body === 'object' && 'kvlist' in body ? flattenAttributes(body.kvlist, scan) : undefined
  return { text: '', stored, fields }
}

function normalize(request: LogsRequest, withCalls: boolean): NormalizedLogs {
  const rows: unknown[][] = []
  const calls: CallCandidate[] = []
  const scan = withCalls ? new TokenScan() : undefined
  for (const rl of request.resourceLogs) {
    const res = resourceContext(rl.resource)
    const resourceSchemaUrl = rl.resource.schemaUrl
    for (const sl of rl.scopeLogs) {
      const scope = sl.scope
      const scopeAttrs = flattenAttributes(scope.attributes)
      for (const rec of sl.logRecords) {
        scan?.reset()
        const attrs = flattenAttributes(rec.attributes, scan)
        const body = bodyParts(rec, scan)
        const ts = rec.timeUnixNano !== '0' ? rec.timeUnixNano : rec.observedTimeUnixNano
        rows.push([
          ts,
          idOrEmpty(rec.traceId),
          idOrEmpty(rec.spanId),
          rec.flags & 0xff,
          rec.severityText,
          rec.severityNumber & 0xff,
          res.serviceName,
          body.stored,
          resourceSchemaUrl,
          res.attributes,
          scope.schemaUrl,
          scope.name,
          scope.version,
          scopeAttrs,
          attrs,
          rec.eventName,
        ])
        if (scan) {
          TokenScan.hideFacts(attrs)
          const call = buildLogCall(rec, res, attrs, body.fields, body.text, scan.facts())
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

/** `otel_logs` rows and gateway call candidates in one pass (the collector's hot path). */
export function normalizeLogs(request: LogsRequest): NormalizedLogs {
  return normalize(request, true)
}

/** `otel_logs` rows in OTEL_LOG_COLUMNS order, for JSONCompactEachRow. */
export function toLogRows(request: LogsRequest): unknown[][] {
  return normalize(request, false).rows
}

/** Gateway call candidates of the log records that describe HTTP calls. */
export function extractLogCalls(request: LogsRequest): CallCandidate[] {
  return normalize(request, true).calls
}

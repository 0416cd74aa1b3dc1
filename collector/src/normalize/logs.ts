import type { LogRecord, LogsRequest, Resource, Scope } from '../otlp/model.ts'
import { anyValueToString, getAttribute } from './any-value.ts'
import { dottedLeaves, flattenAttributes, hasNestedMaps, type AttributeMap } from './attributes.ts'
import { buildLogCall, idOrEmpty, type CallCandidate, type ResourceContext } from './gateway-call.ts'
import { DEFAULT_REDACTOR, type Redactor } from './redact.ts'
import { TokenScan } from './token-decode.ts'

/**
 * ExportLogsServiceRequest → `otel_logs` rows (OTEL_LOG_COLUMNS order) with the clickhouseexporter's
 * semantics (exporter_logs.go): ServiceName from resource `service.name` (AsString); Timestamp
 * falls back to ObservedTimestamp when 0; TraceFlags and SeverityNumber cast to uint8; ids hex,
 * all-zero ids stored as '' (TraceIDToHexOrEmptyString); Body `AsString()`; maps flattened.
 * Every stored string is redacted (keys, names, versions, schema URLs included). In the same pass, records that describe an HTTP call become
 * gateway call candidates.
 */

export interface NormalizedLogs {
  rows: unknown[][]
  calls: CallCandidate[]
}

export function resourceContext(resource: Resource, redactor: Redactor = DEFAULT_REDACTOR): ResourceContext {
  const service = getAttribute(resource.attributes, 'service.name')
  return {
    serviceName: service === undefined ? '' : redactor.text(anyValueToString(service), 'service.name'),
    attributes: flattenAttributes(resource.attributes, redactor),
  }
}

/** The stored Body and, for a kvlist body, its top-level fields (for call detection). */
function bodyParts(rec: LogRecord, redactor: Redactor, scan: TokenScan | undefined): { text: string; stored: string; fields: AttributeMap | undefined } {
  const body = rec.body
  if (typeof body === 'string') {
    if (scan) scan.see('body', body)
    const text = redactor.text(body, 'body')
    return { text, stored: text, fields: undefined }
  }
  if (scan && body !== null && typeof body === 'object' && !(body instanceof Uint8Array)) scan.see('body', anyValueToString(body))
  // The masked tree is serialized, then the JSON text is scanned once more: a credential split
  // by the serialization's escaping is caught in its decoded form.
  const stored = redactor.text(anyValueToString(redactor.value('body', body, 'body')), 'body')
  const isMap = scan && body !== null && typeof body === 'object' && 'kvlist' in body
  const fields = isMap ? flattenAttributes(body.kvlist, redactor, scan) : undefined
  if (isMap && hasNestedMaps(body.kvlist)) dottedLeaves(body.kvlist, redactor, fields)
  return { text: '', stored, fields }
}

/** A scope's stored strings. */
export interface ScopeContext {
  name: string
  version: string
  schemaUrl: string
  attributes: AttributeMap
}

export function scopeContext(scope: Scope, redactor: Redactor): ScopeContext {
  return {
    name: redactor.text(scope.name, 'scope.name'),
    version: redactor.text(scope.version, 'scope.version'),
    schemaUrl: redactor.text(scope.schemaUrl, 'scope.schema_url'),
    attributes: flattenAttributes(scope.attributes, redactor),
  }
}

function normalize(request: LogsRequest, withCalls: boolean, redactor: Redactor): NormalizedLogs {
  const rows: unknown[][] = []
  const calls: CallCandidate[] = []
  const scan = withCalls ? new TokenScan() : undefined
  for (const rl of request.resourceLogs) {
    const res = resourceContext(rl.resource, redactor)
    const resourceSchemaUrl = redactor.text(rl.resource.schemaUrl, 'resource.schema_url')
    for (const sl of rl.scopeLogs) {
      const scope = scopeContext(sl.scope, redactor)
      for (const rec of sl.logRecords) {
        scan?.reset()
        redactor.startRecord()
        const attrs = flattenAttributes(rec.attributes, redactor, scan)
        const body = bodyParts(rec, redactor, scan)
        const severityText = redactor.text(rec.severityText, 'severity_text')
        redactor.summarize(attrs)
        const ts = rec.timeUnixNano !== '0' ? rec.timeUnixNano : rec.observedTimeUnixNano
        rows.push([
          ts,
          idOrEmpty(rec.traceId),
          idOrEmpty(rec.spanId),
          rec.flags & 0xff,
          severityText,
          rec.severityNumber & 0xff,
          res.serviceName,
          body.stored,
          resourceSchemaUrl,
          res.attributes,
          scope.schemaUrl,
          scope.name,
          scope.version,
          scope.attributes,
          attrs,
          rec.eventName,
        ])
        if (scan) {
          TokenScan.hideFacts(attrs)
          // JSON parsed into attributes (the filelog receiver's default): nested objects read as dotted keys.
          const callAttrs = hasNestedMaps(rec.attributes) ? dottedLeaves(rec.attributes, redactor, { ...attrs }) : attrs
          const call = buildLogCall(rec, res, callAttrs, body.fields, body.text, scan.facts())
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
export function normalizeLogs(request: LogsRequest, redactor: Redactor = DEFAULT_REDACTOR): NormalizedLogs {
  return normalize(request, true, redactor)
}

/** `otel_logs` rows in OTEL_LOG_COLUMNS order, for JSONCompactEachRow. */
export function toLogRows(request: LogsRequest, redactor: Redactor = DEFAULT_REDACTOR): unknown[][] {
  return normalize(request, false, redactor).rows
}

/** Gateway call candidates of the log records that describe HTTP calls. */
export function extractLogCalls(request: LogsRequest, redactor: Redactor = DEFAULT_REDACTOR): CallCandidate[] {
  return normalize(request, true, redactor).calls
}

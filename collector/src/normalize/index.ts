// Public surface of the normalize stage: OTLP model → otel_logs / otel_traces rows (clickhouseexporter
// semantics, redacted) and gateway call candidates → gateway_calls rows.
export { normalizeLogs, toLogRows, extractLogCalls, resourceContext, type NormalizedLogs } from './logs.ts'
export { normalizeTraces, toTraceRows, extractSpanCalls, durationNs, type NormalizedTraces } from './traces.ts'
export {
  buildLogCall, buildSpanCall, idOrEmpty, mergeCallCandidates, nsToMs, toGatewayCall, toGatewayCallRowFromCandidate,
  type CallCandidate, type CallSource, type ResourceContext,
} from './gateway-call.ts'
export { DEFAULT_REDACTOR, Redactor, redactText, type RedactionListener, type RedactionRule } from './redact.ts'
export { NO_TOKEN, TokenScan, bearerToken, decodeTokenFacts, findJwt } from './token-decode.ts'
export { anyValueToString, getAttribute, goJsonString } from './any-value.ts'
export { flattenAttributes, type AttributeMap } from './attributes.ts'

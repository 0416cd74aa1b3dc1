// Public surface of the normalize stage: OTLP model → otel_logs / otel_traces rows (clickhouseexporter
// semantics, redacted) and gateway call candidates → gateway_calls rows.
export { normalizeLogs, toLogRows, extractLogCalls, resourceContext, type NormalizedLogs } from './logs.ts'
export { normalizeTraces, toTraceRows, extractSpanCalls, durationNs, type NormalizedTraces } from './traces.ts'
export {
  buildLogCall, buildSpanCall, idOrEmpty, mergeCallCandidates, nsToMs, toGatewayCall, toGatewayCallRowFromCandidate,
  type CallCandidate, type CallSource, type ResourceContext,
} from './gateway-call.ts'
export {
  NO_TOKEN, REDACTED, REDACTED_JWT, TokenScan, bearerToken, decodeTokenFacts, findJwt, isSecretKey, redactAttribute,
  redactText, toTokenClaims,
} from './redact.ts'
export { anyValueToString, getAttribute, goJsonString } from './any-value.ts'
export { flattenAttributes, type AttributeMap } from './attributes.ts'

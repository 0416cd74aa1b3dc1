import {
  toGatewayCallRow, type CallFacts, type Classification, type GatewayCall, type TokenFacts,
} from '@claimcheck/shared'
import { SPAN_KIND, type LogRecord, type Span } from '../otlp/model.ts'
import type { AttributeMap } from './attributes.ts'
import type { Redactor } from './redact.ts'
import { NO_TOKEN } from './token-decode.ts'
import { templatePath } from './route-template.ts'

/**
 * Gateway call facts: one candidate per HTTP SERVER span or HTTP access-log record. The candidate
 * carries the CallFacts the classifier reads plus the ids/timing the `gateway_calls` row needs.
 * A call seen as both span and log is two candidates with the same (TraceId, SpanId) until
 * `mergeCallCandidates` joins them.
 */

export type CallSource = 'span' | 'log' | 'span+log'

export interface CallCandidate {
  source: CallSource
  /** Lowercase hex, '' when the record had none. */
  traceId: string
  spanId: string
  /** Start of the call, nanoseconds since the epoch, exact decimal string. */
  timestampNs: string
  /** Nanoseconds; 0 when unknown (a log record without a duration attribute). */
  durationNs: number
  clientAddress: string
  facts: CallFacts
}

/** What normalize knows about the resource once per ResourceLogs/ResourceSpans. */
export interface ResourceContext {
  serviceName: string
  /** Redacted, flattened resource attributes. */
  attributes: AttributeMap
}

const METHOD_KEYS = ['http.request.method', 'http.method'] as const
const STATUS_KEYS = ['http.response.status_code', 'http.status_code'] as const
const ROUTE_KEYS = ['http.route'] as const
const TARGET_KEYS = ['url.path', 'http.target'] as const
const URL_KEYS = ['url.full', 'http.url'] as const
const CLIENT_KEYS = ['client.address', 'net.peer.ip', 'http.client_ip'] as const
const ERROR_KEYS = ['exception.message', 'error.message', 'error_description', 'error'] as const
/**
 * Access logs parsed by the filelog receiver (JSON into attributes or a map body) use the
 * gateway's own names, looked at last; nested objects are seen as dotted keys
 * (`request.method`): Kong file-log and APISIX loggers (`request.method`, `request.uri`,
 * `response.status`), nginx `log_format … escape=json` (`request_method`, `request_uri`, `status`),
 * Envoy JSON access logs (`method`, `path`, `response_code`), Traefik (`RequestMethod`,
 * `RequestPath`, `DownstreamStatus`).
 */
const LOOSE_METHOD_KEYS = ['method', 'request_method', 'request.method', 'RequestMethod'] as const
const LOOSE_STATUS_KEYS = ['status', 'status_code', 'response_code', 'response.status', 'DownstreamStatus'] as const
const LOOSE_PATH_KEYS = ['path', 'request_path', 'uri', 'request_uri', 'request.uri', 'RequestPath'] as const
const LOOSE_URL_KEYS = ['request.url'] as const
const BODY_MESSAGE_KEYS = ['message', 'msg', 'error_message', 'error_description', 'error'] as const
/** Semantic conventions: request duration in seconds (a histogram name, also seen as a log attribute). */
const DURATION_KEYS = ['http.server.request.duration'] as const

function lookup(map: AttributeMap | undefined, keys: readonly string[]): string {
  if (map === undefined) return ''
  for (let i = 0; i < keys.length; i++) {
    const v = map[keys[i]!]
    if (v !== undefined && v !== '') return v
  }
  return ''
}

/** First non-empty value of `keys` in `a`, then in `b`. */
function lookup2(a: AttributeMap, b: AttributeMap | undefined, keys: readonly string[]): string {
  const v = lookup(a, keys)
  return v !== '' ? v : lookup(b, keys)
}

function parseStatus(s: string): number {
  const n = Number(s)
  return Number.isInteger(n) && n >= 100 && n <= 599 ? n : 0
}

/** Path part of a request target or path: no query, no fragment. */
function stripQuery(target: string): string {
  let end = target.length
  const q = target.indexOf('?')
  if (q >= 0) end = q
  const h = target.indexOf('#')
  if (h >= 0 && h < end) end = h
  return end === target.length ? target : target.slice(0, end)
}

function pathOfUrl(url: string): string {
  const scheme = url.indexOf('://')
  if (scheme < 0) return stripQuery(url)
  const slash = url.indexOf('/', scheme + 3)
  return slash < 0 ? '/' : stripQuery(url.slice(slash))
}

/** All-zero ids mean "no id" (pdata TraceID/SpanID IsEmpty): stored as '' like the exporter does. */
export function idOrEmpty(hex: string): string {
  for (let i = 0; i < hex.length; i++) if (hex.charCodeAt(i) !== 48) return hex
  return ''
}

export function nsToMs(ns: string): number {
  return ns.length > 6 ? Number(ns.slice(0, ns.length - 6)) : 0
}

interface HttpFacts {
  method: string
  statusCode: number
  route: string
  path: string
  clientAddress: string
}

function httpFacts(attrs: AttributeMap, body: AttributeMap | undefined): HttpFacts {
  let path = stripQuery(lookup2(attrs, body, TARGET_KEYS))
  if (path === '') {
    const url = lookup2(attrs, body, URL_KEYS)
    path = url !== '' ? pathOfUrl(url) : stripQuery(lookup2(attrs, body, LOOSE_PATH_KEYS))
  }
  if (path === '') {
    const url = lookup2(attrs, body, LOOSE_URL_KEYS)
    if (url !== '') path = pathOfUrl(url)
  }
  const route = lookup2(attrs, body, ROUTE_KEYS)
  return {
    method: lookup2(attrs, body, METHOD_KEYS) || lookup2(attrs, body, LOOSE_METHOD_KEYS),
    statusCode: parseStatus(lookup2(attrs, body, STATUS_KEYS) || lookup2(attrs, body, LOOSE_STATUS_KEYS)),
    // Without a declared route, the path with its ids templated: raw paths would explode the rollups.
    route: route !== '' ? route : templatePath(path),
    path,
    clientAddress: lookup2(attrs, body, CLIENT_KEYS),
  }
}

function mergedAttributes(resource: ResourceContext, ...maps: (AttributeMap | undefined)[]): AttributeMap {
  const out: AttributeMap = Object.assign({}, resource.attributes)
  for (const m of maps) if (m) Object.assign(out, m)
  return out
}

/**
 * A log record that describes an HTTP exchange (method and status code, in its attributes or its
 * kvlist body) → candidate; undefined otherwise. `attrs`/`bodyFields` are already flattened and
 * redacted; `bodyText` is the redacted string body ('' for a non-string body).
 */
export function buildLogCall(
  rec: LogRecord, resource: ResourceContext, attrs: AttributeMap, bodyFields: AttributeMap | undefined,
  bodyText: string, token: TokenFacts,
): CallCandidate | undefined {
  const http = httpFacts(attrs, bodyFields)
  if (http.method === '' || http.statusCode === 0) return undefined
  const timestampNs = rec.timeUnixNano !== '0' ? rec.timeUnixNano : rec.observedTimeUnixNano
  const seconds = Number(lookup2(attrs, bodyFields, DURATION_KEYS))
  const message = bodyText || lookup(bodyFields, BODY_MESSAGE_KEYS) || lookup(attrs, ERROR_KEYS)
  return {
    source: 'log',
    traceId: idOrEmpty(rec.traceId),
    spanId: idOrEmpty(rec.spanId),
    timestampNs,
    durationNs: Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1e9) : 0,
    clientAddress: http.clientAddress,
    facts: {
      timestampMs: nsToMs(timestampNs), serviceName: resource.serviceName, method: http.method, route: http.route,
      path: http.path, statusCode: http.statusCode, message, attributes: mergedAttributes(resource, bodyFields, attrs),
      token,
    },
  }
}

/** The exception event's message (semantic conventions: event `exception`, attribute `exception.message`). */
function exceptionMessage(span: Span, redactor: Redactor): string {
  return exceptionAttribute(span, 'exception.message', redactor)
}

function exceptionAttribute(span: Span, key: string, redactor: Redactor): string {
  for (const ev of span.events) {
    if (ev.name !== 'exception') continue
    for (const kv of ev.attributes) {
      if (kv.key === key && typeof kv.value === 'string' && kv.value !== '') return redactor.attribute(kv.key, kv.value, kv.key)
    }
  }
  return ''
}

/**
 * What the classifier reads besides the message: the exception event's type and message and the
 * span status message, which the message keeps only one of. Stored with the call's attributes, so
 * `claimcheck reclassify` sees them too. Attributes the span already carries win.
 */
function spanErrorAttributes(span: Span, attrs: AttributeMap, redactor: Redactor): AttributeMap | undefined {
  const type = exceptionAttribute(span, 'exception.type', redactor)
  const message = type !== '' ? exceptionMessage(span, redactor) : ''
  const status = span.status.message ? redactor.text(span.status.message, 'status.message') : ''
  if (type === '' && status === '') return undefined
  const out: AttributeMap = {}
  if (type !== '' && attrs['exception.type'] === undefined) out['exception.type'] = type
  if (message !== '' && attrs['exception.message'] === undefined) out['exception.message'] = message
  if (status !== '' && attrs['otel.status_description'] === undefined) out['otel.status_description'] = status
  return out
}

/** An HTTP SERVER span → candidate; undefined for any other span. `durationNs` from the row. */
export function buildSpanCall(
  span: Span, resource: ResourceContext, attrs: AttributeMap, durationNs: number, token: TokenFacts, redactor: Redactor,
): CallCandidate | undefined {
  if (span.kind !== SPAN_KIND.SERVER) return undefined
  const http = httpFacts(attrs, undefined)
  if (http.method === '') return undefined
  const message = exceptionMessage(span, redactor) || redactor.text(span.status.message, 'status.message') || lookup(attrs, ERROR_KEYS)
  return {
    source: 'span',
    traceId: span.traceId,
    spanId: span.spanId,
    timestampNs: span.startTimeUnixNano,
    durationNs,
    clientAddress: http.clientAddress,
    facts: {
      timestampMs: nsToMs(span.startTimeUnixNano), serviceName: resource.serviceName, method: http.method,
      route: http.route, path: http.path, statusCode: http.statusCode, message,
      attributes: mergedAttributes(resource, attrs, spanErrorAttributes(span, attrs, redactor)), token,
    },
  }
}

function tokenRank(t: TokenFacts): number {
  if (t.claims) return 2
  return t.present ? 1 : 0
}

const nonEmpty = (a: string, b: string): string => (a !== '' ? a : b)

/**
 * Joins a span-derived and a log-derived candidate of the same call (same TraceId/SpanId): the
 * span gives timing, route and status; the log gives the error message and its attributes win
 * on conflicts; otherwise the first non-empty value. Order of the arguments does not matter.
 */
export function mergeCallCandidates(a: CallCandidate, b: CallCandidate): CallCandidate {
  const [span, log] = a.source === 'log' && b.source !== 'log' ? [b, a] : [a, b]
  const sf = span.facts
  const lf = log.facts
  return {
    source: 'span+log',
    traceId: nonEmpty(span.traceId, log.traceId),
    spanId: nonEmpty(span.spanId, log.spanId),
    timestampNs: span.timestampNs !== '0' ? span.timestampNs : log.timestampNs,
    durationNs: span.durationNs > 0 ? span.durationNs : log.durationNs,
    clientAddress: nonEmpty(span.clientAddress, log.clientAddress),
    facts: {
      timestampMs: sf.timestampMs !== 0 ? sf.timestampMs : lf.timestampMs,
      serviceName: nonEmpty(sf.serviceName, lf.serviceName),
      method: nonEmpty(sf.method, lf.method),
      route: nonEmpty(sf.route, lf.route),
      path: nonEmpty(sf.path, lf.path),
      statusCode: sf.statusCode !== 0 ? sf.statusCode : lf.statusCode,
      message: nonEmpty(lf.message, sf.message),
      attributes: { ...sf.attributes, ...lf.attributes },
      token: tokenRank(lf.token) > tokenRank(sf.token) ? lf.token : sf.token,
    },
  }
}

/** DateTime columns hold unsigned 32-bit seconds: anything else is stored as NULL. */
function dateTimeOrNull(seconds: number | undefined): number | null {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0 || seconds > 0xffffffff) return null
  return Math.floor(seconds)
}

/** The `gateway_calls` row object for a candidate and the classifier's verdict. */
export function toGatewayCall(c: CallCandidate, cls: Classification): GatewayCall {
  const token = c.facts.token ?? NO_TOKEN
  const claims = token.claims
  return {
    Timestamp: c.timestampNs,
    TraceId: c.traceId,
    SpanId: c.spanId,
    ServiceName: c.facts.serviceName,
    Method: c.facts.method,
    Route: c.facts.route,
    Path: c.facts.path,
    StatusCode: c.facts.statusCode,
    Duration: c.durationNs,
    ClientAddress: c.clientAddress,
    Subject: claims?.sub ?? '',
    Issuer: claims?.iss ?? '',
    Audience: claims?.aud ?? [],
    ClientId: claims?.clientId ?? '',
    Tenant: claims?.tenant ?? '',
    Scopes: claims?.scopes ?? [],
    TokenKeyId: claims?.kid ?? '',
    TokenAlgorithm: claims?.alg ?? '',
    TokenIssuedAt: dateTimeOrNull(claims?.iat),
    TokenNotBefore: dateTimeOrNull(claims?.nbf),
    TokenExpiresAt: dateTimeOrNull(claims?.exp),
    TokenPresent: token.present ? 1 : 0,
    Cause: cls.cause,
    CauseDetail: cls.detail,
    EvidenceRule: cls.ruleId,
    Evidence: cls.evidence,
    ErrorMessage: c.facts.message,
    Source: c.source,
    Attributes: c.facts.attributes,
  }
}

/** The JSONCompactEachRow row (GATEWAY_CALL_COLUMNS order) for a candidate and its verdict. */
export function toGatewayCallRowFromCandidate(c: CallCandidate, cls: Classification): unknown[] {
  return toGatewayCallRow(toGatewayCall(c, cls))
}

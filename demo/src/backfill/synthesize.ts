import { REDACTED, type CallFacts, type Classification, type GatewayCall, type TokenClaims } from '@claimcheck/shared'
import { demoUserId } from '../directory.ts'
import { accessLogAttributes } from '../gateway/attributes.ts'
import { DEMO_GATEWAYS, type GatewaySpec } from '../gateway/routes.ts'
import { DEMO_ISSUER } from '../idp.ts'
import { DEMO_TENANTS, USERS_PER_TENANT } from '../traffic/clients.ts'
import type { PlannedRequest } from '../world.ts'
import { syntheticFailure, type SyntheticFailure } from './failures.ts'

/** One synthetic call as the collector's normalize stage would have assembled it (span + log). */
export interface SyntheticCall {
  facts: CallFacts
  traceId: string
  spanId: string
  /** Nanoseconds since the epoch, decimal string. */
  timestampNs: string
  durationNs: number
  clientAddress: string
}

const GATEWAYS = new Map<string, GatewaySpec>(DEMO_GATEWAYS.map((spec) => [spec.name, spec]))
const SUBS = new Map<string, string>(DEMO_TENANTS.flatMap((tenant) => Array.from({ length: USERS_PER_TENANT }, (_, index) => [`${tenant}/${index}`, demoUserId(tenant, index)] as [string, string])))
const failureCache = new Map<string, SyntheticFailure | undefined>()
const AUDIENCES = DEMO_GATEWAYS.map((spec) => spec.audience)
const NO_TOKEN = { present: false, malformed: false }
const MALFORMED = { present: true, malformed: true }

function failureFor(scenario: string, realm: string): SyntheticFailure | undefined {
  const key = `${scenario}|${realm}`
  if (!failureCache.has(key)) failureCache.set(key, syntheticFailure(scenario, realm))
  return failureCache.get(key)
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'))

function hex(random: () => number, bytes: number): string {
  let out = ''
  for (let index = 0; index < bytes; index++) out += HEX[Math.floor(random() * 256)]
  return out
}

/**
 * The attributes stored for a call, minus `url.path`: flattened to strings, credentials redacted,
 * like the collector stores them. Resource attributes other than `service.name` and the user
 * agent are left out to keep a week of history quick to insert; queries rarely need them.
 */
const templates = new Map<string, Record<string, string>>()
function attributeTemplate(request: PlannedRequest, spec: GatewaySpec, scenario: string, failure: SyntheticFailure | undefined, sub: string): Record<string, string> {
  const key = `${request.client.id}|${request.user.tenant}|${request.user.index}|${request.call.method} ${request.call.route}|${scenario}`
  let template = templates.get(key)
  if (!template) {
    const status = failure ? failure.denial.status : request.call.method === 'POST' ? 201 : 200
    const values = accessLogAttributes({
      method: request.call.method, path: '', route: request.call.route, status, clientAddress: clientAddressOf(request),
      ...(failure ? { denial: failure.denial } : {}),
      ...(!failure || failure.subVerified ? { sub } : {}),
      ...(scenario ? { scenario } : {}),
      ...(failure?.token !== 'absent' ? { authorization: `Bearer ${REDACTED}` } : {}),
    })
    template = { 'service.name': spec.name }
    for (const [name, value] of Object.entries(values)) if (value !== undefined) template[name] = name.endsWith('authorization') ? REDACTED : String(value)
    templates.set(key, template)
  }
  return template
}

function clientAddressOf(request: PlannedRequest): string {
  return `${request.client.ipPrefix}${10 + request.user.index}`
}

/**
 * Builds the call `request` would have produced at `timeMs`, failing the way `scenario` makes
 * it fail ('' = healthy). Same attributes, messages and token facts as the live gateway's.
 */
export function synthesizeCall(request: PlannedRequest, timeMs: number, scenario: string, random: () => number): SyntheticCall {
  const spec = GATEWAYS.get(request.call.gateway)!
  const failure = scenario ? failureFor(scenario, spec.realm) : undefined
  const now = Math.floor(timeMs / 1000)
  const ttl = request.client.tokenTtlSeconds
  const iat = now - Math.floor(random() * (ttl - 60))
  const healthy: TokenClaims = {
    sub: SUBS.get(`${request.user.tenant}/${request.user.index}`) ?? request.user.id, iss: DEMO_ISSUER,
    aud: AUDIENCES, scopes: request.client.scopes, clientId: request.client.id, tenant: request.user.tenant,
    kid: `${request.client.alg.toLowerCase()}-1-demo`, alg: request.client.alg, iat, nbf: iat, exp: iat + ttl,
  }
  const claims = failure?.claims ? failure.claims(healthy, now) : healthy
  const tokenKind = failure?.token ?? 'claims'
  const status = failure ? failure.denial.status : request.call.method === 'POST' ? 201 : 200
  const attributes = { ...attributeTemplate(request, spec, scenario, failure, healthy.sub!), 'url.path': request.path }
  const micros = Math.floor(random() * 1000).toString().padStart(3, '0')
  return {
    traceId: hex(random, 16), spanId: hex(random, 8), timestampNs: `${Math.floor(timeMs)}${micros}000`, clientAddress: clientAddressOf(request),
    durationNs: Math.round((failure ? 0.4 + random() * 2.5 : 4 + random() * 30 + (random() < 0.02 ? 200 * random() : 0)) * 1e6),
    facts: {
      timestampMs: Math.floor(timeMs), serviceName: spec.name, method: request.call.method, route: request.call.route, path: request.path,
      statusCode: status, message: failure ? failure.denial.message : `${request.call.method} ${request.path} ${status}`, attributes,
      token: tokenKind === 'absent' ? NO_TOKEN : tokenKind === 'malformed' ? MALFORMED : { present: true, malformed: false, claims },
    },
  }
}

/** DateTime columns hold unsigned 32-bit seconds: anything else is NULL (as the collector stores it). */
function dateTimeOrNull(seconds: number | undefined): number | null {
  return seconds === undefined || !Number.isFinite(seconds) || seconds < 0 || seconds > 0xffffffff ? null : Math.floor(seconds)
}

/** The `gateway_calls` row of a call and its verdict, the way the collector writes it. */
export function toGatewayCall(call: SyntheticCall, verdict: Classification): GatewayCall {
  const claims = call.facts.token.claims
  return {
    Timestamp: call.timestampNs, TraceId: call.traceId, SpanId: call.spanId, ServiceName: call.facts.serviceName,
    Method: call.facts.method, Route: call.facts.route, Path: call.facts.path, StatusCode: call.facts.statusCode,
    Duration: call.durationNs, ClientAddress: call.clientAddress,
    Subject: claims?.sub ?? '', Issuer: claims?.iss ?? '', Audience: claims?.aud ?? [], ClientId: claims?.clientId ?? '',
    Tenant: claims?.tenant ?? '', Scopes: claims?.scopes ?? [], TokenKeyId: claims?.kid ?? '', TokenAlgorithm: claims?.alg ?? '',
    TokenIssuedAt: dateTimeOrNull(claims?.iat), TokenNotBefore: dateTimeOrNull(claims?.nbf), TokenExpiresAt: dateTimeOrNull(claims?.exp),
    TokenPresent: call.facts.token.present ? 1 : 0,
    Cause: verdict.cause, CauseDetail: verdict.detail, EvidenceRule: verdict.ruleId, Evidence: verdict.evidence,
    ErrorMessage: call.facts.message, Source: 'span+log', Attributes: call.facts.attributes,
  }
}

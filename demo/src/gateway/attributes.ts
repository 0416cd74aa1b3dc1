import type { Attributes } from '@opentelemetry/api'
import type { Denial } from './responses.ts'

export interface CallDescription {
  method: string
  /** Path without the query. */
  path: string
  /** Route template; undefined when no route matched. */
  route?: string
  status: number
  clientAddress: string
  /** The token's `sub` once verified. */
  sub?: string
  denial?: Denial
  /** Ground-truth label set by the traffic generator. */
  scenario?: string
  /** Raw `Authorization` request header. */
  authorization?: string
}

/** Span attributes of a gateway call (OTel HTTP server semantic conventions). */
export function spanAttributes(call: CallDescription): Attributes {
  const { denial, status } = call
  return {
    'http.request.method': call.method,
    'url.path': call.path,
    'http.response.status_code': status,
    'client.address': call.clientAddress,
    ...(call.route ? { 'http.route': call.route } : {}),
    ...(call.sub ? { 'user.id': call.sub } : {}),
    ...(denial ? { 'error.type': denial.errorType } : status >= 500 ? { 'error.type': String(status) } : {}),
    ...(call.scenario ? { 'demo.scenario': call.scenario } : {}),
  }
}

/**
 * Access-log attributes: the span's, plus the verification error's structured facts, the
 * challenge sent back, and the raw `Authorization` header (the collector must redact it).
 */
export function accessLogAttributes(call: CallDescription): Attributes {
  const { denial } = call
  return {
    ...spanAttributes(call),
    ...(denial?.jose ? { 'jose.code': denial.jose.code } : {}),
    ...(denial?.jose?.claim ? { 'jose.claim': denial.jose.claim } : {}),
    ...(denial?.jose?.reason ? { 'jose.reason': denial.jose.reason } : {}),
    ...(denial ? { error_code: denial.errorCode } : {}),
    ...(denial?.wwwAuthenticate ? { 'http.response.header.www-authenticate': denial.wwwAuthenticate } : {}),
    ...(call.authorization !== undefined ? { 'http.request.header.authorization': call.authorization } : {}),
  }
}

/** The access log's body: the error message of a refused call, a request line otherwise. */
export function accessLogBody(call: CallDescription, target: string = call.path): string {
  return call.denial ? call.denial.message : `${call.method} ${target} ${call.status}`
}

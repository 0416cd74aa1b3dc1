/**
 * How the demo gateway says no. Status codes and `WWW-Authenticate` follow RFC 6750 §3 the way
 * jose-based Node resource servers do (Auth0's express-oauth2-jwt-bearer: 401 `invalid_token`
 * carrying the jose message, 403 `insufficient_scope` with the required `scope`, a bare
 * `Bearer realm=…` challenge when no credentials came). The JSON body and the user checks after
 * verification follow Supabase Auth: `{"code":403,"error_code":"user_not_found","msg":"User from
 * sub claim in JWT does not exist"}`.
 */
export interface Denial {
  status: number
  /** Supabase-style `error_code` of the body. */
  errorCode: string
  /** The error message: the log record's body and the basis of the response's `msg`. */
  message: string
  /** `msg` of the response body. */
  responseMessage: string
  wwwAuthenticate?: string
  /** OTel `error.type`: the jose error class, else the error code. */
  errorType: string
  jose?: { code: string; claim?: string; reason?: string }
}

export function denialBody(denial: Denial): { code: number; error_code: string; msg: string } {
  return { code: denial.status, error_code: denial.errorCode, msg: denial.responseMessage }
}

/** RFC 6750 auth-param values are quoted strings without `"` or `\`: jose messages contain `"`. */
function quoteParam(value: string): string {
  return `"${value.replace(/["\\]/g, "'")}"`
}

function challenge(realm: string, params: Record<string, string> = {}): string {
  return ['Bearer', [`realm=${quoteParam(realm)}`, ...Object.entries(params).map(([key, value]) => `${key}=${quoteParam(value)}`)].join(', ')].join(' ')
}

/** No `Authorization: Bearer` at all: RFC 6750 §3.1 says no error code in the challenge. */
export function missingTokenDenial(realm: string): Denial {
  return {
    status: 401, errorCode: 'no_authorization', errorType: 'no_authorization',
    message: 'This endpoint requires a Bearer token', responseMessage: 'This endpoint requires a Bearer token',
    wwwAuthenticate: challenge(realm),
  }
}

/** Verification failed in jose (or fetching its keys did). */
export function invalidTokenDenial(realm: string, error: unknown): Denial {
  const { message, name, code, claim, reason } = describeVerifyError(error)
  return {
    status: 401, errorCode: 'bad_jwt', errorType: name,
    message, responseMessage: `invalid JWT: ${message}`,
    wwwAuthenticate: challenge(realm, { error: 'invalid_token', error_description: message }),
    ...(code ? { jose: { code, ...(claim ? { claim } : {}), ...(reason ? { reason } : {}) } } : {}),
  }
}

export function insufficientScopeDenial(realm: string, required: readonly string[], missing: readonly string[]): Denial {
  return {
    status: 403, errorCode: 'insufficient_scope', errorType: 'insufficient_scope',
    message: `Insufficient scope: token lacks ${missing.join(' ')}`, responseMessage: 'Insufficient Scope',
    wwwAuthenticate: challenge(realm, { error: 'insufficient_scope', error_description: 'Insufficient Scope', scope: required.join(' ') }),
  }
}

export function userNotFoundDenial(): Denial {
  const message = 'User from sub claim in JWT does not exist'
  return { status: 403, errorCode: 'user_not_found', errorType: 'user_not_found', message, responseMessage: message }
}

export function userBannedDenial(): Denial {
  return { status: 403, errorCode: 'user_banned', errorType: 'user_banned', message: 'User is banned', responseMessage: 'User is banned' }
}

export function sessionNotFoundDenial(): Denial {
  const message = 'Session from session_id claim in JWT does not exist'
  return { status: 403, errorCode: 'session_not_found', errorType: 'session_not_found', message, responseMessage: message }
}

interface VerifyErrorFacts {
  message: string
  name: string
  code?: string
  claim?: string
  reason?: string
}

function describeVerifyError(error: unknown): VerifyErrorFacts {
  if (!(error instanceof Error)) return { message: String(error), name: 'Error' }
  const fields = error as Error & { code?: unknown; claim?: unknown; reason?: unknown }
  // jose errors carry a string `code` starting ERR_; a TypeError from fetch (host unreachable) does not.
  const code = typeof fields.code === 'string' && fields.code.startsWith('ERR_') ? fields.code : undefined
  const cause = !code && error.cause instanceof Error ? `: ${error.cause.message}` : ''
  return {
    message: `${error.message}${cause}`,
    name: error.name,
    ...(code ? { code } : {}),
    ...(typeof fields.claim === 'string' ? { claim: fields.claim } : {}),
    ...(typeof fields.reason === 'string' ? { reason: fields.reason } : {}),
  }
}

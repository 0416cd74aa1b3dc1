import type { TokenClaims } from '../claims.ts'
import { toWellFormed } from '../unicode.ts'

// Claims land in gateway_calls columns: a `\ud800` escape in a payload would fail the insert.
function str(v: unknown): string | undefined {
  if (typeof v === 'string') return toWellFormed(v)
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  return undefined
}

/** RFC 7519 NumericDate; a numeric string is read as its number (some issuers write them). */
function numericDate(v: unknown): number | undefined {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined
}

function stringList(v: unknown, splitSpaces: boolean): string[] | undefined {
  if (typeof v === 'string') return splitSpaces ? toWellFormed(v).split(' ').filter((s) => s !== '') : [toWellFormed(v)]
  if (Array.isArray(v)) return v.filter((s): s is string => typeof s === 'string').map(toWellFormed)
  return undefined
}

function firstString(payload: Record<string, unknown>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const v = str(payload[name])
    if (v !== undefined && v !== '') return v
  }
  return undefined
}

const CLIENT_ID_CLAIMS = ['azp', 'client_id', 'cid', 'appid'] as const
const TENANT_CLAIMS = ['tenant', 'tid', 'tenant_id', 'org_id'] as const

/** Namespaced custom claims such as `https://example.com/tenant` (Auth0 style). */
function namespacedTenant(payload: Record<string, unknown>): string | undefined {
  for (const key in payload) {
    if (key.endsWith('/tenant') || key.endsWith('/tenant_id')) {
      const v = str(payload[key])
      if (v) return v
    }
  }
  return undefined
}

/** Claims as TokenClaims; absent claims are left out, lists default to []. */
export function toTokenClaims(header: Record<string, unknown>, payload: Record<string, unknown>): TokenClaims {
  const claims: TokenClaims = { aud: stringList(payload.aud, false) ?? [], scopes: [] }
  const set = <K extends keyof TokenClaims>(k: K, v: TokenClaims[K] | undefined): void => {
    if (v !== undefined) claims[k] = v
  }
  set('sub', str(payload.sub))
  set('iss', str(payload.iss))
  set('exp', numericDate(payload.exp))
  set('nbf', numericDate(payload.nbf))
  set('iat', numericDate(payload.iat))
  set('jti', str(payload.jti))
  claims.scopes = stringList(payload.scope, true) ?? stringList(payload.scp, true) ?? stringList(payload.scopes, true) ?? []
  set('clientId', firstString(payload, CLIENT_ID_CLAIMS))
  set('tenant', firstString(payload, TENANT_CLAIMS) ?? namespacedTenant(payload))
  set('kid', str(header.kid))
  set('alg', str(header.alg))
  return claims
}

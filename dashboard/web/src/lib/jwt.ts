/**
 * Decodes a pasted JWT in the browser, without verifying it and without sending it anywhere:
 * base64url → JSON for header and payload, and the claims people look for first. The mapping of
 * scopes, client and tenant follows the collector's (`scope`/`scp`/`scopes`, `azp`/`client_id`…).
 */

export interface LocalClaims {
  sub?: string
  iss?: string
  aud: string[]
  exp?: number
  nbf?: number
  iat?: number
  scopes: string[]
  clientId?: string
  tenant?: string
  kid?: string
  alg?: string
  typ?: string
}

export type LocalDecode =
  | { ok: true; header: Record<string, unknown>; payload: Record<string, unknown>; claims: LocalClaims; signed: boolean }
  | { ok: false; reason: string }

/** What was pasted, without a `Bearer ` prefix, quotes or whitespace. */
export function cleanToken(input: string): string {
  return input.trim().replace(/^["']|["']$/g, '').trim().replace(/^bearer\s+/i, '').trim()
}

function segment(part: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(part)) return undefined
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=')
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes))
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined)
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined)

function list(v: unknown, split: boolean): string[] | undefined {
  if (typeof v === 'string') return split ? v.split(' ').filter(Boolean) : [v]
  if (Array.isArray(v)) return v.filter((s): s is string => typeof s === 'string')
  return undefined
}

function first(payload: Record<string, unknown>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const v = str(payload[name])
    if (v) return v
  }
  return undefined
}

export function decodeJwtLocally(input: string): LocalDecode {
  const token = cleanToken(input)
  if (token === '') return { ok: false, reason: 'Nothing pasted yet.' }
  const parts = token.split('.')
  if (parts.length === 5) return { ok: false, reason: 'Five parts: an encrypted JWE, not a signed JWT. Only the issuer can read it.' }
  if (parts.length !== 3) return { ok: false, reason: `${parts.length} part${parts.length === 1 ? '' : 's'}; a JWT has three (header.payload.signature).` }
  const header = segment(parts[0]!)
  if (!header) return { ok: false, reason: 'The header is not base64url-encoded JSON.' }
  const payload = segment(parts[1]!)
  if (!payload) return { ok: false, reason: 'The payload is not base64url-encoded JSON.' }
  const tenantKey = Object.keys(payload).find((key) => key.endsWith('/tenant') || key.endsWith('/tenant_id'))
  const claims: LocalClaims = {
    sub: str(payload.sub),
    iss: str(payload.iss),
    aud: list(payload.aud, false) ?? [],
    exp: num(payload.exp),
    nbf: num(payload.nbf),
    iat: num(payload.iat),
    scopes: list(payload.scope, true) ?? list(payload.scp, true) ?? list(payload.scopes, true) ?? [],
    clientId: first(payload, ['azp', 'client_id', 'cid', 'appid']),
    tenant: first(payload, ['tenant', 'tid', 'tenant_id', 'org_id']) ?? (tenantKey ? str(payload[tenantKey]) : undefined),
    kid: str(header.kid),
    alg: str(header.alg),
    typ: str(header.typ),
  }
  return { ok: true, header, payload, claims, signed: parts[2] !== '' }
}

/** A claim time against now: "expired 3 min ago", "expires in 54 min". */
export function relativeTo(epochSeconds: number, nowMs: number): { seconds: number; text: string } {
  const seconds = Math.round(epochSeconds - nowMs / 1000)
  const abs = Math.abs(seconds)
  const span = abs < 120 ? `${abs} s` : abs < 7_200 ? `${Math.round(abs / 60)} min` : abs < 172_800 ? `${Math.round(abs / 3_600)} h` : `${Math.round(abs / 86_400)} d`
  return { seconds, text: seconds >= 0 ? `in ${span}` : `${span} ago` }
}

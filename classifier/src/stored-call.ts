import type { CallFacts, GatewayCall, TokenClaims } from '@claimcheck/shared'

/**
 * Rebuilds the classifier input from a stored `gateway_calls` row, so `claimcheck reclassify`
 * applies exactly the rules the collector applies. The row keeps the decoded claims (not the
 * token) and the redacted attributes the classifier saw.
 */

/** Fields of a row reclassification needs; everything else in GatewayCall is ignored. */
export type StoredCallRow = Pick<GatewayCall,
  'Timestamp' | 'ServiceName' | 'Method' | 'Route' | 'Path' | 'StatusCode' | 'ErrorMessage' | 'Attributes'
  | 'Subject' | 'Issuer' | 'Audience' | 'ClientId' | 'Tenant' | 'Scopes' | 'TokenKeyId' | 'TokenAlgorithm'
  | 'TokenIssuedAt' | 'TokenNotBefore' | 'TokenExpiresAt' | 'TokenPresent'>

/** Epoch ms from the stored Timestamp: nanoseconds as a decimal string, or a DateTime64 text. */
export function timestampToMs(timestamp: string | number): number {
  if (typeof timestamp === 'number') return timestamp > 1e14 ? Math.floor(timestamp / 1e6) : timestamp
  const text = timestamp.trim()
  if (/^\d+$/.test(text)) return Number(BigInt(text) / 1_000_000n)
  // `2026-11-28 10:00:00.123456789` as ClickHouse prints DateTime64(9) (UTC in claimcheck's tables).
  const iso = text.includes('T') ? text : text.replace(' ', 'T')
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso.replace(/(\.\d{3})\d+/, '$1')}Z`)
  return Number.isNaN(ms) ? 0 : ms
}

function opt<T>(value: T | null | undefined | ''): T | undefined {
  return value === null || value === '' ? undefined : value
}

export function callFactsFromStoredRow(row: StoredCallRow): CallFacts {
  const present = row.TokenPresent === 1
  const claims: TokenClaims = {
    sub: opt(row.Subject),
    iss: opt(row.Issuer),
    aud: row.Audience ?? [],
    exp: opt(row.TokenExpiresAt),
    nbf: opt(row.TokenNotBefore),
    iat: opt(row.TokenIssuedAt),
    scopes: row.Scopes ?? [],
    clientId: opt(row.ClientId),
    tenant: opt(row.Tenant),
    kid: opt(row.TokenKeyId),
    alg: opt(row.TokenAlgorithm),
  }
  // Nothing decoded from a present credential means it was not a decodable JWT.
  const decoded = claims.alg !== undefined || claims.kid !== undefined || claims.sub !== undefined || claims.iss !== undefined
    || claims.exp !== undefined || claims.iat !== undefined || claims.nbf !== undefined || claims.aud.length > 0
  return {
    timestampMs: timestampToMs(row.Timestamp),
    serviceName: row.ServiceName ?? '',
    method: row.Method ?? '',
    route: row.Route ?? '',
    path: row.Path ?? '',
    statusCode: row.StatusCode ?? 0,
    message: row.ErrorMessage ?? '',
    attributes: row.Attributes ?? {},
    token: present ? { present, malformed: !decoded, claims: decoded ? claims : undefined } : { present: false, malformed: false },
  }
}

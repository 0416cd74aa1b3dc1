import type { TokenClaims } from '../claims.ts'
import { toTokenClaims } from './token-claims.ts'

/**
 * The one JWT decoder (collector, server inspector, web): compact JWS → header, payload and
 * claims, without verifying. Browser-safe (no Buffer): the web decodes pasted tokens locally.
 *
 * Rules, so every side gives the same answer:
 * - Segments are base64url (RFC 7515 §2); trailing `=` padding is accepted because some clients
 *   add it, anything else (`+`, `/`, whitespace, inner `=`) makes the segment unreadable.
 * - Header and payload must be JSON objects; the signature may be empty (an unsigned token).
 * - A time claim that is not a JSON number (`"exp": "1700000000"`) still decodes: it is a claim
 *   value to report (`timeClaimProblems`), which a verifier refuses ("claim must be a number").
 */

export const TIME_CLAIMS = ['exp', 'nbf', 'iat'] as const
export type TimeClaim = (typeof TIME_CLAIMS)[number]

export type JwtDecode =
  | {
    ok: true
    header: Record<string, unknown>
    payload: Record<string, unknown>
    claims: TokenClaims
    /** The third segment is not empty (says nothing about whether the signature is valid). */
    signed: boolean
    /** Time claims present but not JSON numbers, in TIME_CLAIMS order. */
    timeClaimProblems: TimeClaim[]
  }
  | { ok: false; reason: string }

/** What was pasted, without a `Bearer ` prefix, quotes or whitespace. */
export function cleanToken(input: string): string {
  return input.trim().replace(/^["']|["']$/g, '').trim().replace(/^bearer\s+/i, '').trim()
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const SEXTETS = new Int8Array(128).fill(-1)
for (let i = 0; i < ALPHABET.length; i++) SEXTETS[ALPHABET.charCodeAt(i)] = i

/** Bytes of a base64url string (optionally `=`-padded); undefined if it is not base64url. */
export function decodeBase64Url(text: string): Uint8Array | undefined {
  let end = text.length
  while (end > 0 && end > text.length - 2 && text.charCodeAt(end - 1) === 61) end--
  // One leftover character carries 6 bits, not a byte: no encoder writes that.
  if (end % 4 === 1) return undefined
  const out = new Uint8Array(Math.floor((end * 3) / 4))
  let bits = 0
  let count = 0
  let o = 0
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i)
    const v = code < 128 ? SEXTETS[code]! : -1
    if (v < 0) return undefined
    bits = (bits << 6) | v
    count += 6
    if (count >= 8) {
      count -= 8
      out[o++] = (bits >> count) & 0xff
    }
  }
  return out
}

const utf8 = new TextDecoder()

function jsonObject(segment: string): Record<string, unknown> | undefined {
  if (segment === '') return undefined
  const bytes = decodeBase64Url(segment)
  if (bytes === undefined) return undefined
  try {
    const value: unknown = JSON.parse(utf8.decode(bytes))
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

/** Decodes a compact JWS (already cleaned) without verifying; a failure says why, in words. */
export function decodeJwt(token: string): JwtDecode {
  if (token === '') return { ok: false, reason: 'the token is empty' }
  const parts = token.split('.')
  if (parts.length === 5) return { ok: false, reason: '5 parts: an encrypted JWE, not a signed JWT (only its recipient can read it)' }
  if (parts.length !== 3) return { ok: false, reason: `${parts.length} part${parts.length === 1 ? '' : 's'}; a JWT has 3 (header.payload.signature)` }
  const header = jsonObject(parts[0]!)
  if (!header) return { ok: false, reason: 'the header is not base64url-encoded JSON' }
  const payload = jsonObject(parts[1]!)
  if (!payload) return { ok: false, reason: 'the payload is not base64url-encoded JSON' }
  const timeClaimProblems = TIME_CLAIMS.filter((claim) => payload[claim] !== undefined && typeof payload[claim] !== 'number')
  return { ok: true, header, payload, claims: toTokenClaims(header, payload), signed: parts[2] !== '', timeClaimProblems }
}

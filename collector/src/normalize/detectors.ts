import { REDACTED, REDACTED_JWT, startsWithPlaceholder } from '@claimcheck/shared'
import { maskOpaque, replaceRanges } from './opaque.ts'

/**
 * The built-in credential detectors over free text, in the order `maskText` applies them. Each
 * one masks what it finds and reports it to a sink, so the redactor can count by rule. Pure: the
 * configured parts (blocked keys, value patterns) come in through `TextPolicy`.
 */

export type RedactionRule =
  | 'key' | 'value_pattern' | 'jwt' | 'jwt_segment' | 'auth_scheme' | 'url_userinfo' | 'key_value' | 'base64_text' | 'opaque'

export type MaskSink = (rule: RedactionRule) => void

export interface TextPolicy {
  /** Whether the value under `key` is a credential (blocked and not allowed). */
  isBlockedKey(key: string): boolean
  /** The configured value patterns as one global alternation, or undefined when there are none. */
  valuePattern: RegExp | undefined
}

/** Shorter strings cannot hold a credential worth the scan (`pwd=abcd` is 8). */
export const MIN_SCANNED_LENGTH = 8

function decodeBase64Text(segment: string): string | undefined {
  try {
    return Buffer.from(segment, 'base64url').toString('utf8')
  } catch {
    return undefined
  }
}

/** Whether a base64url segment decodes to a JSON object: a JOSE header or a JWT payload. */
export function isJsonObjectSegment(segment: string): boolean {
  const text = decodeBase64Text(segment.replace(/=+$/, ''))
  if (text === undefined) return false
  const trimmed = text.trimStart()
  if (trimmed[0] !== '{' || !trimmed.includes('"')) return false
  try {
    const parsed: unknown = JSON.parse(trimmed)
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
  } catch {
    return false
  }
}

// A JWS (3 segments) or JWE (5) compact serialization. Segments may carry '=' padding (RFC 7515
// forbids it, some libraries add it) and the header need not start with `eyJ` (`{ "alg"` does not).
const JWT_CANDIDATE = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{10,}={0,2}(?:\.[A-Za-z0-9_-]*={0,2}){2}(?:(?:\.[A-Za-z0-9_-]*={0,2}){2})?/g

/** Each JWT in `s` (the header decodes to a JSON object), as [start, end) ranges. */
export function findJwtRanges(s: string): [number, number][] {
  const ranges: [number, number][] = []
  if (s.indexOf('.') < 0) return ranges
  JWT_CANDIDATE.lastIndex = 0
  let m: RegExpExecArray | null
  while ((m = JWT_CANDIDATE.exec(s)) !== null) {
    const dot = m[0].indexOf('.')
    if (isJsonObjectSegment(m[0].slice(0, dot))) {
      ranges.push([m.index, m.index + m[0].length])
    } else {
      // `longword.eyJ….eyJ….sig`: the token may start at the next segment.
      JWT_CANDIDATE.lastIndex = m.index + dot + 1
    }
  }
  return ranges
}

function maskJwts(s: string, sink: MaskSink): string {
  return replaceRanges(s, findJwtRanges(s), REDACTED_JWT, () => sink('jwt'))
}

// One JWT segment on its own (a token split over attributes): base64url of a JSON object.
const JSON_SEGMENT = /(?<![A-Za-z0-9_-])e[w-z0-9][A-Za-z0-9_-]{10,}={0,2}(?![A-Za-z0-9_.-])/g

function maskJsonSegments(s: string, sink: MaskSink): string {
  if (s.indexOf('e') < 0) return s
  JSON_SEGMENT.lastIndex = 0
  return s.replace(JSON_SEGMENT, (segment) => {
    if (!isJsonObjectSegment(segment)) return segment
    sink('jwt_segment')
    return REDACTED
  })
}

// Authorization schemes with a credential after them (RFC 9110 token68, RFC 7617 Basic, …).
const SCHEME = /\b(bearer|basic|negotiate|ntlm|dpop|apikey)(\s+)([A-Za-z0-9\-._~+/]+=*)/gi
const AUTH_PARAM_NAME = /^[a-z_]+=$/

/**
 * Whether the word after a scheme is a credential. Prose ("verify bearer token", "Bearer
 * undefined") is left alone: a credential is long or carries digits or token68 punctuation.
 */
function isCredentialWord(word: string): boolean {
  return word.length >= 16 || /[0-9\-._~+/=]/.test(word)
}

function maskSchemes(s: string, sink: MaskSink): string {
  if (!/bearer|basic|negotiate|ntlm|dpop|apikey/i.test(s)) return s
  SCHEME.lastIndex = 0
  return s.replace(SCHEME, (match: string, scheme: string, space: string, word: string, offset: number) => {
    // A challenge's auth-param (`Bearer error="invalid_token"`, `Basic realm="api"`) is a
    // lowercase name and '=' followed by a value; a token68 credential is not.
    const next = s.charAt(offset + match.length)
    if (AUTH_PARAM_NAME.test(word) && (next === '"' || /[A-Za-z0-9]/.test(next))) return match
    if (!isCredentialWord(word)) return match
    sink('auth_scheme')
    return `${scheme}${space}${REDACTED}`
  })
}

const USERINFO = /\b([a-z][a-z0-9+.-]{1,15}:\/\/)([^\s/?#@"'<>[\]]+)@/gi

function maskUserinfo(s: string, sink: MaskSink): string {
  if (s.indexOf('@') < 0 || s.indexOf('://') < 0) return s
  USERINFO.lastIndex = 0
  return s.replace(USERINFO, (_m, scheme: string) => {
    sink('url_userinfo')
    return `${scheme}${REDACTED}@`
  })
}

/** Query parameters that are credentials in a URL, though too generic to block as attribute keys. */
const URL_ONLY_PARAMS = new Set(['code', 'key', 'sig', 'ticket', 'otp', 'auth', 'jwt', 'assertion', 'samlresponse'])

const KV_EQUALS = /(^|[?&;#,\s"'{(|])([A-Za-z_][A-Za-z0-9_.[\]-]{0,63})=("[^"]*"|'[^']*'|[^&;#,\s"'<>)\]}|]*)/g
const KV_JSON = /"([A-Za-z_][A-Za-z0-9_.-]{0,63})"(\s*:\s*)("(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*)/g
// Header dumps, one header per line: only header-like names, so prose such as
// "invalid token: jwt expired" keeps its words.
const KV_HEADER = /(^|[\r\n])([A-Za-z][A-Za-z0-9_.-]{0,63})([ \t]*:[ \t]*)([^\r\n]+)/g
const HEADER_LIKE = /-|^(authorization|cookie|apikey|api_key|password)$/i

// A whole text of `k=v&k=v` pairs is a query string (OTel's `url.query` has no leading `?`).
const QUERY_STRING = /^[^\s=&?#]+=[^\s&#]*(?:&[^\s=&#]+=[^\s&#]*)*$/

function maskKeyValues(s: string, policy: TextPolicy, sink: MaskSink): string {
  let out = s
  if (out.indexOf('=') >= 0) {
    const queryString = QUERY_STRING.test(out)
    KV_EQUALS.lastIndex = 0
    out = out.replace(KV_EQUALS, (match: string, lead: string, name: string, value: string) => {
      if (value === '' || startsWithPlaceholder(value)) return match
      const inUrl = lead === '?' || lead === '&' || lead === '#' || lead === ';' || (lead === '' && queryString)
      if (!policy.isBlockedKey(name) && !(inUrl && URL_ONLY_PARAMS.has(name.toLowerCase()))) return match
      sink('key_value')
      return `${lead}${name}=${REDACTED}`
    })
  }
  if (out.indexOf('":') >= 0 || out.indexOf('" :') >= 0) {
    KV_JSON.lastIndex = 0
    out = out.replace(KV_JSON, (match: string, name: string, colon: string, value: string) => {
      if (startsWithPlaceholder(value) || value === '""' || !policy.isBlockedKey(name)) return match
      sink('key_value')
      return `"${name}"${colon}"${REDACTED}"`
    })
  }
  if (out.indexOf(':') >= 0) {
    KV_HEADER.lastIndex = 0
    out = out.replace(KV_HEADER, (match: string, lead: string, name: string, colon: string, value: string) => {
      if (startsWithPlaceholder(value) || !HEADER_LIKE.test(name) || !policy.isBlockedKey(name)) return match
      sink('key_value')
      return `${lead}${name}${colon}${REDACTED}`
    })
  }
  return out
}

function maskValuePatterns(s: string, policy: TextPolicy, sink: MaskSink): string {
  const re = policy.valuePattern
  if (re === undefined) return s
  re.lastIndex = 0
  if (!re.test(s)) return s
  re.lastIndex = 0
  return s.replace(re, () => {
    sink('value_pattern')
    return REDACTED
  })
}

const B64_RUN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16,}={0,2}(?![A-Za-z0-9+/_=-])/g

/** Base64 of text that itself holds a credential ("Bearer …" or "user:password" encoded once more). */
function maskBase64Text(s: string, policy: TextPolicy, sink: MaskSink): string {
  B64_RUN.lastIndex = 0
  return s.replace(B64_RUN, (run) => {
    const text = decodeBase64Text(run)
    if (text === undefined || text.length < MIN_SCANNED_LENGTH || !isMostlyPrintable(text)) return run
    if (maskPlain(text, policy, () => undefined, false) === text) return run
    sink('base64_text')
    return REDACTED
  })
}

function isMostlyPrintable(text: string): boolean {
  let printable = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if ((c >= 32 && c < 127) || c === 9 || c === 10 || c === 13) printable++
  }
  return printable >= text.length * 0.95
}

/** Every detector over one plain (not further decoded) text. */
export function maskPlain(s: string, policy: TextPolicy, sink: MaskSink, nested = true): string {
  let out = maskValuePatterns(s, policy, sink)
  out = maskJwts(out, sink)
  out = maskJsonSegments(out, sink)
  out = maskSchemes(out, sink)
  out = maskUserinfo(out, sink)
  out = maskKeyValues(out, policy, sink)
  if (nested) out = maskBase64Text(out, policy, sink)
  return maskOpaque(out, sink)
}

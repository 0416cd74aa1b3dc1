/**
 * Error text → lowercase words, so one vocabulary matches every spelling libraries use:
 * `TokenExpiredError`, `JWTExpired`, `token_expired`, `id-token-expired`, `auth/user-not-found`,
 * `io.jsonwebtoken.ExpiredJwtException`, `ERR_JWT_EXPIRED`. Vendor codes (letters then digits, as
 * `IDX10223` or `PGRST301`) stay one word so packs and the lexicon can map them. Variable parts that
 * carry no meaning (URLs, quoted values longer than a claim name, timestamps) are dropped first:
 * an issuer URL ending in `/expired` must not say "expired".
 */

const MAX_TEXT = 2048
/** A quoted value longer than this is data (an issuer, a kid, a date), not a claim name. */
const MAX_QUOTED_WORD = 12

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90
}
function isLower(c: number): boolean {
  return c >= 97 && c <= 122
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}

/** Splits one alphanumeric run at camelCase / PascalCase boundaries (`JWTExpired` → JWT, Expired). */
function splitCamel(run: string, out: string[]): void {
  let start = 0
  for (let i = 1; i < run.length; i++) {
    const prev = run.charCodeAt(i - 1)
    const c = run.charCodeAt(i)
    const next = i + 1 < run.length ? run.charCodeAt(i + 1) : 0
    const lowerToUpper = (isLower(prev) || isDigit(prev)) && isUpper(c) && !(isDigit(prev) && isUpper(run.charCodeAt(start)) && allUpperOrDigit(run, start, i))
    const acronymEnd = isUpper(prev) && isUpper(c) && isLower(next)
    if (lowerToUpper || acronymEnd) {
      out.push(run.slice(start, i).toLowerCase())
      start = i
    }
  }
  out.push(run.slice(start).toLowerCase())
}

function allUpperOrDigit(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i)
    if (!isUpper(c) && !isDigit(c)) return false
  }
  return true
}

const URL_LIKE = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>]*/gi
// An apostrophe inside a word (can't, JWT's) is not a quote: quotes open and close at word edges.
const QUOTED = /(?<![A-Za-z])'([^'\n]*)'(?![A-Za-z])|"([^"\n]*)"|`([^`\n]*)`/g
const TIMESTAMP = /\b\d{4}-\d\d-\d\d[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?/g

function dropData(text: string): string {
  let s = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text
  if (s.includes('://')) s = s.replace(URL_LIKE, ' ')
  if (s.includes('-') && /\d{4}-\d\d-\d\d/.test(s)) s = s.replace(TIMESTAMP, ' ')
  if (s.includes("'") || s.includes('"') || s.includes('`')) {
    s = s.replace(QUOTED, (whole, a?: string, b?: string, c?: string) => {
      const inner = a ?? b ?? c ?? ''
      // Keep short quoted words (claim names: "exp", 'aud'), drop longer quoted data.
      return inner.length <= MAX_QUOTED_WORD && !/\s/.test(inner) ? ` ${inner} ` : ' '
    })
  }
  return s
}

/** Marks the end of a sentence in a word list: phrases do not span it. */
export const SENTENCE_END = '.'

/** `;`, `!`, `?`, a line break, or a `.` before a space or the end (not `io.jsonwebtoken`). */
function endsSentence(s: string, i: number, c: number): boolean {
  if (c === 59 || c === 33 || c === 63 || c === 10) return true
  if (c !== 46) return false
  const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 32
  return next === 32 || next === 10 || next === 13 || next === 9
}

/** The words of a text, lowercased, in order, with SENTENCE_END between sentences. */
export function toWords(text: string): string[] {
  const s = dropData(text)
  const out: string[] = []
  let start = -1
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 0
    if (isUpper(c) || isLower(c) || isDigit(c)) {
      if (start < 0) start = i
      continue
    }
    if (start >= 0) {
      splitCamel(s.slice(start, i), out)
      start = -1
    }
    if (i < s.length && out.length > 0 && out[out.length - 1] !== SENTENCE_END && endsSentence(s, i, c)) out.push(SENTENCE_END)
  }
  return out
}

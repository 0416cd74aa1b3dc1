import { REDACTED } from '@claimcheck/shared'
import type { MaskSink } from './detectors.ts'

/**
 * Opaque credentials with no recognisable shape (API keys, session ids, signatures, base64 key
 * material): a run of at least 24 base64 characters holding upper case, lower case and digits
 * that changes character class at least 40% of the time. Random base64 changes class ~65% of the
 * time; identifiers (`OrderService2FrontendGateway`) ~30%; hex ids and UUIDs have no upper case.
 */
const MIN_RUN = 24
const MIN_TRANSITIONS = 0.4

const enum Cls { Other, Upper, Lower, Digit }

function classOf(c: number): Cls {
  if (c >= 65 && c <= 90) return Cls.Upper
  if (c >= 97 && c <= 122) return Cls.Lower
  if (c >= 48 && c <= 57) return Cls.Digit
  return Cls.Other
}

function isRunChar(c: number): boolean {
  return classOf(c) !== Cls.Other || c === 95 || c === 45 || c === 43 || c === 47 || c === 61
}

function looksRandom(s: string, start: number, end: number): boolean {
  if (end - start < MIN_RUN) return false
  let upper = false, lower = false, digit = false, transitions = 0
  let prev = Cls.Other
  for (let i = start; i < end; i++) {
    const cls = classOf(s.charCodeAt(i))
    if (cls === Cls.Upper) upper = true
    else if (cls === Cls.Lower) lower = true
    else if (cls === Cls.Digit) digit = true
    if (i > start && cls !== prev) transitions++
    prev = cls
  }
  return upper && lower && digit && transitions >= (end - start - 1) * MIN_TRANSITIONS
}

/** [start, end) ranges to mask inside one run; a path-like run (`/api/v1/…`) is judged per segment. */
function opaqueRanges(s: string, start: number, end: number, out: [number, number][]): void {
  let slashes = 0
  for (let i = start; i < end; i++) if (s.charCodeAt(i) === 47) slashes++
  const pathLike = slashes > 0 && (s.charCodeAt(start) === 47 || slashes * 12 > end - start)
  if (!pathLike) {
    if (looksRandom(s, start, end)) out.push([start, end])
    return
  }
  let from = start
  for (let i = start; i <= end; i++) {
    if (i === end || s.charCodeAt(i) === 47) {
      if (looksRandom(s, from, i)) out.push([from, i])
      from = i + 1
    }
  }
}

export function maskOpaque(s: string, sink: MaskSink): string {
  if (s.length < MIN_RUN) return s
  const ranges: [number, number][] = []
  let runStart = -1
  for (let i = 0; i <= s.length; i++) {
    const inRun = i < s.length && isRunChar(s.charCodeAt(i))
    if (inRun && runStart < 0) runStart = i
    else if (!inRun && runStart >= 0) {
      if (i - runStart >= MIN_RUN) opaqueRanges(s, runStart, i, ranges)
      runStart = -1
    }
  }
  return replaceRanges(s, ranges, REDACTED, () => sink('opaque'))
}

/** `s` with each [start, end) range (sorted, disjoint) replaced by `placeholder`; `onEach` per range. */
export function replaceRanges(s: string, ranges: readonly (readonly [number, number])[], placeholder: string, onEach: () => void): string {
  if (ranges.length === 0) return s
  let out = ''
  let at = 0
  for (const [start, end] of ranges) {
    out += s.slice(at, start) + placeholder
    at = end
    onEach()
  }
  return out + s.slice(at)
}

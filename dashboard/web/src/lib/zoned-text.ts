/**
 * Server-written sentences (playbook answers, subject explanations) carry instants as ISO UTC
 * strings, `2026-06-03T09:12:04Z`: the only form that survives an API unambiguously. This splits
 * such text so the page can show each instant in the chosen zone.
 */
export type TextPart = { text: string } | { ms: number; iso: string }

const ISO_UTC = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?Z\b/g

export function splitIsoTimes(text: string): TextPart[] {
  const parts: TextPart[] = []
  let last = 0
  for (const match of text.matchAll(ISO_UTC)) {
    const ms = Date.parse(match[0])
    if (Number.isNaN(ms)) continue
    if (match.index > last) parts.push({ text: text.slice(last, match.index) })
    parts.push({ ms, iso: match[0] })
    last = match.index + match[0].length
  }
  if (last < text.length) parts.push({ text: text.slice(last) })
  return parts
}

/**
 * Well-formed UTF-16. OTLP/JSON can carry `\ud800` escapes without their pair; ClickHouse refuses
 * such a string in a JSON insert ("missing second part of surrogate pair") and with it the whole
 * insert, so they are found before a record is accepted. (ES2024 methods, in Node 20; the
 * project's lib is ES2023.)
 */
type WellFormedString = string & { isWellFormed(): boolean; toWellFormed(): string }

export function isWellFormed(s: string): boolean {
  return (s as WellFormedString).isWellFormed()
}

/** `s` with unpaired surrogates replaced by U+FFFD. */
export function toWellFormed(s: string): string {
  return (s as WellFormedString).toWellFormed()
}

/** `s.slice(0, end)` that never ends on the first half of a surrogate pair. */
export function sliceWellFormed(s: string, end: number): string {
  if (end >= s.length) return s
  const last = s.charCodeAt(end - 1)
  return s.slice(0, last >= 0xd800 && last <= 0xdbff ? end - 1 : end)
}

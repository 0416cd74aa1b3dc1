/**
 * The variable parts of an error message, masked before template mining so that two messages
 * differing only in an id, a number or a quoted value count as one. The patterns are written in
 * the subset shared by JavaScript and RE2 (ClickHouse's `replaceRegexpAll`): the same list masks
 * in SQL (to bound the distinct messages read) and in JS (tests, rule building), so both agree.
 */
export interface Mask {
  /** Placeholder the match becomes, e.g. `<NUM>`. */
  placeholder: string
  /** Pattern; group 1, when present, is a prefix kept in front of the placeholder. */
  pattern: string
  /** What the placeholder stands for inside a rule's regex (run on lowercased text). */
  stands: string
  /** Whether group 1 is a kept prefix. */
  keepsPrefix?: boolean
}

const QUOTE_PREFIX = '(^|[\\s=:(\\[])'

/** Order matters: a URL or email contains numbers, a timestamp contains numbers. */
export const MASKS: readonly Mask[] = [
  { placeholder: '<URL>', pattern: '[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s"\'<>]+', stands: '[a-z][a-z0-9+.-]*://[^\\s"\'<>]+' },
  { placeholder: '<EMAIL>', pattern: '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}', stands: '[a-z0-9._%+-]+@[a-z0-9.-]+' },
  {
    placeholder: '<TS>',
    pattern: '\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2})?(?:[.,]\\d+)?(?:Z|[+-]\\d{2}:?\\d{2})?)?',
    stands: '\\d{4}-\\d{2}-\\d{2}(?:[t ]\\d{2}:\\d{2}(?::\\d{2})?(?:[.,]\\d+)?(?:z|[+-]\\d{2}:?\\d{2})?)?',
  },
  { placeholder: '<TIME>', pattern: '\\b\\d{1,2}:\\d{2}:\\d{2}(?:[.,]\\d+)?\\b', stands: '\\d{1,2}:\\d{2}:\\d{2}(?:[.,]\\d+)?' },
  {
    placeholder: '<UUID>',
    pattern: '\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b',
    stands: '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
  },
  // A token's parts (header.payload.signature) never reach storage, but a prefix of one may.
  { placeholder: '<JWT>', pattern: 'eyJ[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]*){0,2}', stands: 'eyj[a-z0-9_-]+(?:\\.[a-z0-9_-]*){0,2}' },
  { placeholder: '<HEX>', pattern: '\\b(?:0[xX][0-9a-fA-F]+|[0-9a-fA-F]{16,})\\b', stands: '(?:0x[0-9a-f]+|[0-9a-f]{16,})' },
  { placeholder: '"<STR>"', pattern: `${QUOTE_PREFIX}"[^"]{0,200}"`, stands: '"[^"]{0,200}"', keepsPrefix: true },
  { placeholder: "'<STR>'", pattern: `${QUOTE_PREFIX}'[^']{0,200}'`, stands: "'[^']{0,200}'", keepsPrefix: true },
  // Numbers standing alone; vendor codes with letters (IDX10223, E4711, PGRST301) are kept whole.
  { placeholder: '<NUM>', pattern: '\\b\\d+(?:\\.\\d+)?\\b', stands: '\\d+(?:\\.\\d+)?' },
]

const COMPILED = MASKS.map((mask) => ({ mask, re: new RegExp(mask.pattern, 'g'), replacement: mask.keepsPrefix ? `$1${mask.placeholder}` : mask.placeholder }))

/** The message with its variable parts replaced by placeholders (the JS twin of the SQL masks). */
export function maskMessage(text: string): string {
  let out = text
  for (const { re, replacement } of COMPILED) out = out.replace(re, replacement)
  return out
}

/** Placeholders in the order a template's text is scanned for them (longest first). */
export const PLACEHOLDERS: readonly Mask[] = [...MASKS].sort((a, b) => b.placeholder.length - a.placeholder.length)

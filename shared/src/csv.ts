/**
 * The one CSV writer (audits, calls export, ad hoc SQL export), browser-safe. RFC 4180: a field
 * with a comma, quote or line break is quoted, inner quotes doubled, lines end in CRLF.
 *
 * Formula injection (OWASP "CSV Injection"): the text comes from senders — an unverified `sub`
 * claim can be `=HYPERLINK(…)` — and a spreadsheet would run it. A text cell starting with `=`,
 * `+`, `-`, `@`, tab or carriage return gets a leading `'`, which spreadsheets read as "this is
 * text" and do not show. Numbers and booleans are written as they are: `-1` stays a number.
 */

const FORMULA_START = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[",\r\n]/

/** One cell: null/undefined empty, objects and arrays as JSON, strings guarded. */
export function csvCell(value: unknown): string {
  let text: string
  if (value === null || value === undefined) text = ''
  else if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') text = String(value)
  else {
    text = typeof value === 'object' ? JSON.stringify(value) : String(value)
    if (FORMULA_START.test(text)) text = `'${text}`
  }
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** A header row of `columns` and one line per row. */
export function toCsv(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const lines = [columns.map(csvCell).join(',')]
  for (const row of rows) lines.push(row.map(csvCell).join(','))
  return `${lines.join('\r\n')}\r\n`
}

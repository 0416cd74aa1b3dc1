/** JSONCompactEachRow text: one JSON array per line. V8's whole-row stringify is the fast path. */
export function toJsonCompactEachRow(rows: readonly unknown[][]): string {
  let text = ''
  for (let i = 0; i < rows.length; i++) text += `${JSON.stringify(rows[i])}\n`
  return text
}

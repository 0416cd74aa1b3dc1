/** Times for check details: ISO instants and "3 min" spans. */

export function isoSeconds(epochSeconds: number): string {
  const date = new Date(epochSeconds * 1000)
  return Number.isNaN(date.getTime()) ? String(epochSeconds) : date.toISOString().replace('.000Z', 'Z')
}

/** 45 → "45 s", 180 → "3 min", 7200 → "2 h", 3 days → "3 d". */
export function formatSpan(seconds: number): string {
  const abs = Math.abs(seconds)
  if (abs < 120) return `${Math.round(abs)} s`
  if (abs < 7_200) return `${Math.round(abs / 60)} min`
  if (abs < 172_800) return `${Math.round(abs / 3_600)} h`
  return `${Math.round(abs / 86_400)} d`
}

export function list(values: readonly string[], empty = 'none'): string {
  return values.length === 0 ? empty : values.join(', ')
}

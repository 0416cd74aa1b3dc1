/** A half-open window of time [fromMs, toMs), minute aligned so rollup minutes are whole. */
export interface TimeWindow {
  fromMs: number
  toMs: number
}

const MINUTE = 60_000

/** Splits [from, to) into minute-aligned windows of `sizeMs` (the first and last may be shorter). */
export function splitWindows(fromMs: number, toMs: number, sizeMs: number): TimeWindow[] {
  const windows: TimeWindow[] = []
  const start = Math.floor(fromMs / MINUTE) * MINUTE
  const end = Math.ceil(toMs / MINUTE) * MINUTE
  const size = Math.max(MINUTE, Math.floor(sizeMs / MINUTE) * MINUTE)
  for (let at = start; at < end; at = Math.min(end, at + size)) windows.push({ fromMs: at, toMs: Math.min(end, at + size) })
  return windows
}

/** Halves a window on a minute boundary, or returns it alone when it is one minute long. */
export function halve(window: TimeWindow): TimeWindow[] {
  const minutes = Math.round((window.toMs - window.fromMs) / MINUTE)
  if (minutes <= 1) return [window]
  const middle = window.fromMs + Math.floor(minutes / 2) * MINUTE
  return [{ fromMs: window.fromMs, toMs: middle }, { fromMs: middle, toMs: window.toMs }]
}

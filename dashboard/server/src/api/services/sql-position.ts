import type { SqlPosition } from '@claimcheck/shared'

/** 1-based position, line and column of a 0-based character offset. */
export function locate(sql: string, offset: number): SqlPosition {
  const before = sql.slice(0, Math.max(0, Math.min(offset, sql.length)))
  const lines = before.split('\n')
  return { position: before.length + 1, line: lines.length, column: lines[lines.length - 1]!.length + 1 }
}

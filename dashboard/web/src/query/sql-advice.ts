import { ApiError } from '../api/client.ts'
import { adviceFor } from '../components/States.tsx'

/** What kind of failure an ad hoc query met: each asks the user for something different. */
export type SqlFailureKind = 'syntax' | 'unknown_name' | 'type' | 'refused' | 'timeout' | 'too_large' | 'busy' | 'other'

// ClickHouse error codes (the server forwards them as `clickhouse_<code>`).
const KIND_BY_CLICKHOUSE_CODE: Record<string, SqlFailureKind> = {
  '62': 'syntax', // SYNTAX_ERROR
  '47': 'unknown_name', // UNKNOWN_IDENTIFIER
  '60': 'unknown_name', // UNKNOWN_TABLE
  '46': 'unknown_name', // UNKNOWN_FUNCTION
  '43': 'type', // ILLEGAL_TYPE_OF_ARGUMENT
  '53': 'type', // TYPE_MISMATCH
  '386': 'type', // NO_COMMON_TYPE
  '164': 'refused', // READONLY
  '497': 'refused', // ACCESS_DENIED
  '159': 'timeout', // TIMEOUT_EXCEEDED
  '158': 'too_large', // TOO_MANY_ROWS
  '241': 'too_large', // MEMORY_LIMIT_EXCEEDED
  '396': 'too_large', // TOO_MANY_ROWS_OR_BYTES
}

export function sqlFailureKind(error: unknown): SqlFailureKind {
  if (!(error instanceof ApiError)) return 'other'
  if (error.code === 'sql_refused') return 'refused'
  if (error.code === 'adhoc_busy') return 'busy'
  const kind = KIND_BY_CLICKHOUSE_CODE[error.code.replace(/^clickhouse_/, '')]
  if (kind) return kind
  if (error.status === 408) return 'timeout'
  if (error.status === 413) return 'too_large'
  return 'other'
}

const ADVICE: Record<Exclude<SqlFailureKind, 'other'>, { title: string; hint: string }> = {
  syntax: { title: 'The SQL does not parse', hint: 'Fix the statement at the position ClickHouse names.' },
  unknown_name: { title: 'A table, column or function is unknown', hint: 'Check the name against the tables listed under "Read-only"; names are case-sensitive (Timestamp, Cause, Route…).' },
  type: { title: 'A function got a value of the wrong type', hint: 'Convert the argument (toDateTime, toString, dateDiff for time spans) and run again.' },
  refused: { title: 'Refused: ad hoc SQL is read-only', hint: 'Only SELECT, SHOW, DESCRIBE and EXPLAIN run here, without table functions that reach files or the network.' },
  timeout: { title: 'The query ran out of time', hint: 'Narrow the time range with a WHERE on Timestamp, aggregate sooner, or read fewer columns.' },
  too_large: { title: 'The query read or kept too much', hint: 'Add a LIMIT, filter on Timestamp, or aggregate instead of selecting raw rows.' },
  busy: { title: 'Every ad hoc connection is busy', hint: 'Other queries are running: wait for them, or run again in a moment.' },
}

/** Title and hint for a failed ad hoc query; the server's message is shown beside them. */
export function sqlAdvice(error: unknown): { kind: SqlFailureKind; title: string; hint: string; message: string | undefined } {
  const kind = sqlFailureKind(error)
  const message = error instanceof Error ? error.message : undefined
  if (kind === 'other') return { kind, ...adviceFor(error), message: undefined }
  return { kind, ...ADVICE[kind], message }
}

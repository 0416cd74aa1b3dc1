import { describe, expect, it } from 'vitest'
import { ApiError } from '../api/client.ts'
import { sqlAdvice, sqlFailureKind } from './sql-advice.ts'

describe('sqlFailureKind', () => {
  it('tells syntax, guard refusals, time-outs and size apart', () => {
    expect(sqlFailureKind(new ApiError(400, 'clickhouse_62', 'Syntax error: failed at position 8'))).toBe('syntax')
    expect(sqlFailureKind(new ApiError(400, 'sql_refused', 'INSERT is not allowed'))).toBe('refused')
    expect(sqlFailureKind(new ApiError(403, 'clickhouse_164', 'Cannot execute query in readonly mode'))).toBe('refused')
    expect(sqlFailureKind(new ApiError(408, 'clickhouse_159', 'Timeout exceeded: elapsed 30 s'))).toBe('timeout')
    expect(sqlFailureKind(new ApiError(413, 'clickhouse_241', 'Memory limit exceeded'))).toBe('too_large')
    expect(sqlFailureKind(new ApiError(400, 'clickhouse_43', 'Illegal type Interval'))).toBe('type')
    expect(sqlFailureKind(new ApiError(503, 'adhoc_busy', 'busy'))).toBe('busy')
  })

  it('falls back to the status, then to other', () => {
    expect(sqlFailureKind(new ApiError(408, 'clickhouse_999', 'slow'))).toBe('timeout')
    expect(sqlFailureKind(new ApiError(500, 'internal', 'Internal error'))).toBe('other')
    expect(sqlFailureKind(new Error('x'))).toBe('other')
    expect(sqlFailureKind(undefined)).toBe('other')
  })
})

describe('sqlAdvice', () => {
  it('keeps the server message of the user\'s own SQL, and does not tell a syntax error to narrow the range', () => {
    const advice = sqlAdvice(new ApiError(400, 'clickhouse_62', 'Syntax error at position 8'))
    expect(advice.message).toBe('Syntax error at position 8')
    expect(advice.hint).not.toMatch(/time range/)
    expect(sqlAdvice(new ApiError(408, 'clickhouse_159', 'Timeout')).hint).toMatch(/time range/)
  })
})

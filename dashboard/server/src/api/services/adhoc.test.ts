import { describe, expect, it } from 'vitest'
import { guardSql, locate, positionOfError } from './adhoc.ts'

describe('locate', () => {
  it('gives 1-based position, line and column', () => {
    expect(locate('SELECT\n  x', 9)).toEqual({ position: 10, line: 2, column: 3 })
    expect(locate('', 0)).toEqual({ position: 1, line: 1, column: 1 })
  })
})

describe('positionOfError', () => {
  it('converts ClickHouse byte positions of the trimmed text to characters of the original', () => {
    const sql = "\n SELECT 'é' FROM WHERE ("
    // 'é' is two bytes: ClickHouse reports the bracket (character 23 of the trimmed text) at byte 24.
    expect(positionOfError('Syntax error: failed at position 24 (()', sql, sql)).toEqual({ position: 25, line: 2, column: 24 })
    expect(positionOfError('Unknown table', sql, sql)).toBeUndefined()
  })
})

describe('guardSql', () => {
  it('returns the statement to send, or throws a 400 with the position', () => {
    expect(guardSql('SELECT 1;')).toBe('SELECT 1')
    expect(() => guardSql('SELECT 1\nFORMAT CSV')).toThrow(expect.objectContaining({ status: 400, code: 'sql_refused', details: { position: 10, line: 2, column: 1 } }))
  })
})

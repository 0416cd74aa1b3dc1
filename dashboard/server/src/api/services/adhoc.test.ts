import { describe, expect, it } from 'vitest'
import type { AdhocConnection } from '@claimcheck/shared/node'
import { syntaxErrorPosition } from './adhoc-check.ts'
import { cutNotice, formatLimit, readCapped } from './adhoc.ts'
import { locate } from './sql-position.ts'

describe('locate', () => {
  it('gives 1-based position, line and column', () => {
    expect(locate('SELECT\n  x', 9)).toEqual({ position: 10, line: 2, column: 3 })
    expect(locate('', 0)).toEqual({ position: 1, line: 1, column: 1 })
  })
})

describe('syntaxErrorPosition', () => {
  it('converts ClickHouse byte positions to characters of the SQL', () => {
    const sql = "\n SELECT 'é' FROM WHERE ("
    // 'é' is two bytes: ClickHouse reports the bracket (character 25) at byte 26.
    expect(syntaxErrorPosition('Syntax error: failed at position 26 (()', sql)).toEqual({ position: 25, line: 2, column: 24 })
    expect(syntaxErrorPosition('Unknown table', sql)).toBeUndefined()
  })
})

describe('formatLimit / cutNotice', () => {
  it('says where a result was cut', () => {
    expect(formatLimit(16 * 1024 ** 2)).toBe('16 MiB')
    expect(formatLimit(512 * 1024)).toBe('512 KiB')
    expect(formatLimit(1000)).toBe('1000 bytes')
    expect(cutNotice('bytes', { maxResultRows: 10, maxResultBytes: 1024 ** 2 })).toMatch(/^Cut at 1 MiB of results/)
    expect(cutNotice('rows', { maxResultRows: 10_000, maxResultBytes: 1 })).toMatch(/^Cut at 10,000 rows/)
    expect(cutNotice(null, { maxResultRows: 1, maxResultBytes: 1 })).toBeNull()
  })
})

/** A connection whose query answers with `lines`, recording whether the reader left early. */
function fakeConnection(lines: string[]): AdhocConnection & { stoppedEarly: boolean } {
  const fake = {
    stoppedEarly: false,
    text: () => Promise.reject(new Error('not used')),
    async *lines() {
      let i = 0
      try {
        for (; i < lines.length; i++) yield lines[i]!
      } finally {
        fake.stoppedEarly = i < lines.length
      }
    },
  }
  return fake
}

const meta = JSON.stringify({ meta: [{ name: 's', type: 'String' }] })
const row = (text: string) => JSON.stringify({ row: [text] })

describe('readCapped', () => {
  it('returns columns and rows, and reads progress when the engine sends it', async () => {
    const connection = fakeConnection([meta, row('a'), JSON.stringify({ progress: { read_rows: '5', read_bytes: '40' } }), row('b'), ''])
    const result = await readCapped(connection, 'SELECT', {}, { maxResultRows: 10, maxResultBytes: 1000 })
    expect(result).toEqual({ columns: [{ name: 's', type: 'String' }], rows: [['a'], ['b']], bytes: 10, cutBy: null, rowsRead: 5, bytesRead: 40 })
    expect(connection.stoppedEarly).toBe(false)
  })

  it('cuts at the byte limit before the row that would cross it, and stops reading', async () => {
    const big = 'x'.repeat(100)
    const connection = fakeConnection([meta, row(big), row(big), row(big)])
    const result = await readCapped(connection, 'SELECT', {}, { maxResultRows: 10, maxResultBytes: 250 })
    expect(result).toMatchObject({ cutBy: 'bytes', bytes: 208, rowsRead: null })
    expect(result.rows).toHaveLength(2)
    expect(connection.stoppedEarly).toBe(true)
  })

  it('cuts at the row limit only when a further row exists', async () => {
    const exact = await readCapped(fakeConnection([meta, row('a'), row('b')]), 'SELECT', {}, { maxResultRows: 2, maxResultBytes: 1000 })
    expect(exact.cutBy).toBeNull()
    const more = await readCapped(fakeConnection([meta, row('a'), row('b'), row('c')]), 'SELECT', {}, { maxResultRows: 2, maxResultBytes: 1000 })
    expect(more).toMatchObject({ cutBy: 'rows', rows: [['a'], ['b']] })
  })

  it('throws the exception the engine wrote into the stream', async () => {
    const connection = fakeConnection([meta, row('a'), JSON.stringify({ exception: 'Code: 159. DB::Exception: Timeout exceeded: elapsed 2 s. (TIMEOUT_EXCEEDED)' })])
    await expect(readCapped(connection, 'SELECT', {}, { maxResultRows: 10, maxResultBytes: 1000 })).rejects.toMatchObject({ code: '159' })
  })
})

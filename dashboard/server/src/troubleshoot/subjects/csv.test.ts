import { describe, expect, it } from 'vitest'
import { csvRecords, parseCsv } from './csv.ts'

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(parseCsv('a,"b, c","say ""hi""","two\nlines"\r\n1,2,3,4\n')).toEqual([
      ['a', 'b, c', 'say "hi"', 'two\nlines'],
      ['1', '2', '3', '4'],
    ])
  })

  it('skips a BOM and blank lines, keeps empty fields', () => {
    expect(parseCsv('\ufeffsub,status\n\nu1,\n,x')).toEqual([['sub', 'status'], ['u1', ''], ['', 'x']])
  })

  it('gives nothing for empty input and refuses an unterminated quote', () => {
    expect(parseCsv('')).toEqual([])
    expect(() => parseCsv('a,"b\n')).toThrow(/unterminated/)
  })
})

describe('csvRecords', () => {
  it('keys rows by the trimmed header, short rows padded', () => {
    expect(csvRecords(' sub , status\nu1,active\nu2')).toEqual([{ sub: 'u1', status: 'active' }, { sub: 'u2', status: '' }])
    expect(csvRecords('')).toEqual([])
  })
})

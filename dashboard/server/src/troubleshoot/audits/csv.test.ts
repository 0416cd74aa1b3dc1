import { describe, expect, it } from 'vitest'
import { toCsv } from './csv.ts'

describe('toCsv', () => {
  it('quotes separators, quotes and line breaks; empties null', () => {
    expect(toCsv(['a', 'b'], [['x,y', 'say "hi"'], [null, 'two\nlines'], [3, true]])).toBe('a,b\r\n"x,y","say ""hi"""\r\n,"two\nlines"\r\n3,true\r\n')
    expect(toCsv(['only'], [])).toBe('only\r\n')
  })
})

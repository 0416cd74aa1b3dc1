import { describe, expect, it } from 'vitest'
import { inlineParam, inlineQueryParams } from './inline-params.ts'

describe('inlineParam', () => {
  it('writes strings as hex, so no value can reach the statement as text', () => {
    const evil = "x' OR 1=1 -- \\'{p1:String}\n\u0000é"
    const constant = inlineParam(evil, 'String')!
    expect(constant).toMatch(/^CAST\(unhex\('[0-9a-f]*'\), 'String'\)$/)
    expect(Buffer.from(/'([0-9a-f]*)'/.exec(constant)![1]!, 'hex').toString('utf8')).toBe(evil)
  })

  it('checks integers against their type, and leaves what fails to the binding', () => {
    expect(inlineParam(42, 'UInt32')).toBe("CAST(42, 'UInt32')")
    expect(inlineParam('-9223372036854775808', 'Int64')).toBe("CAST(-9223372036854775808, 'Int64')")
    expect(inlineParam(18_446_744_073_709_551_615n, 'UInt64')).toBe("CAST(18446744073709551615, 'UInt64')")
    for (const [value, type] of [[-1, 'UInt32'], [256, 'UInt8'], [1.5, 'Int64'], ['1; DROP', 'UInt32'], [null, 'UInt32'], [2 ** 60, 'Int64']] as const) {
      expect(inlineParam(value, type), `${String(value)} as ${type}`).toBeUndefined()
    }
  })

  it('writes arrays with the array type, empty ones included', () => {
    expect(inlineParam(['a', 'b'], 'Array(String)')).toBe("CAST([unhex('61'), unhex('62')], 'Array(String)')")
    expect(inlineParam([], 'Array(UInt16)')).toBe("CAST([], 'Array(UInt16)')")
    expect(inlineParam(['2026-12-04 18:00:00'], 'Array(DateTime)')).toBe("CAST(['2026-12-04 18:00:00'], 'Array(DateTime)')")
    expect(inlineParam(["2026-12-04' OR 1"], 'Array(DateTime)')).toBeUndefined()
    expect(inlineParam([1, 'x'], 'Array(UInt8)')).toBeUndefined()
    expect(inlineParam('a', 'Array(String)')).toBeUndefined()
  })

  it('leaves types it does not know to the binding', () => {
    expect(inlineParam('x', 'Map(String, String)')).toBeUndefined()
    expect(inlineParam(Number.NaN, 'Float64')).toBeUndefined()
    expect(inlineParam(0.25, 'Float64')).toBe("CAST(0.25, 'Float64')")
  })
})

describe('inlineQueryParams', () => {
  it('replaces every placeholder, the same one twice included', () => {
    expect(inlineQueryParams('SELECT {p0:UInt32} + {p0:UInt32}, {p1:String}', { p0: 1, p1: 'a' }))
      .toBe("SELECT CAST(1, 'UInt32') + CAST(1, 'UInt32'), CAST(unhex('61'), 'String')")
  })

  it('reads placeholders in literals, quoted names and comments as text, as ClickHouse does', () => {
    const query = "SELECT '{p0:String}', 'it''s {p0:String}', 'a\\'{p0:String}', `{p0:String}`, \"{p0:String}\" -- {p0:String}\n/* {p0:String} */ {p0:String}"
    expect(inlineQueryParams(query, { p0: 'v' })).toBe(
      "SELECT '{p0:String}', 'it''s {p0:String}', 'a\\'{p0:String}', `{p0:String}`, \"{p0:String}\" -- {p0:String}\n/* {p0:String} */ CAST(unhex('76'), 'String')",
    )
  })

  it('gives up, so the caller binds, when a placeholder cannot be inlined or has no value', () => {
    expect(inlineQueryParams('SELECT {p0:UInt8}', { p0: 300 })).toBeUndefined()
    expect(inlineQueryParams('SELECT {p1:String}', { p0: 'a' })).toBeUndefined()
    expect(inlineQueryParams('SELECT {p0:Map(String, String)}', { p0: {} })).toBeUndefined()
  })

  it('keeps long values bound: the engine parses at most max_query_size of a statement', () => {
    const tokens = Array.from({ length: 5_000 }, (_, i) => `token-${i}`.padEnd(40, '0'))
    expect(inlineQueryParams('SELECT 1 WHERE x IN {p0:Array(String)}', { p0: tokens })).toBeUndefined()
    expect(inlineQueryParams('SELECT 1 WHERE x IN {p0:Array(String)}', { p0: tokens.slice(0, 100) })).toMatch(/^SELECT 1 WHERE x IN CAST\(\[unhex/)
  })

  it('leaves braces that are not placeholders alone', () => {
    expect(inlineQueryParams("SELECT map('a', 1), {'x': 1}, {p0:String}", { p0: '' })).toBe("SELECT map('a', 1), {'x': 1}, CAST(unhex(''), 'String')")
  })
})

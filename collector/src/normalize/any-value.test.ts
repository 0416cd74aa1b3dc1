import { describe, expect, it } from 'vitest'
import { anyValueToString, getAttribute, goJsonString } from './any-value.ts'
import { REDACTED } from '@claimcheck/shared'
import { Redactor } from './redact.ts'

describe('anyValueToString (pdata Value.AsString)', () => {
  it('stringifies scalars like Go', () => {
    expect(anyValueToString(null)).toBe('')
    expect(anyValueToString('plain <text>')).toBe('plain <text>')
    expect(anyValueToString(true)).toBe('true')
    expect(anyValueToString(-9223372036854775808n)).toBe('-9223372036854775808')
    expect(anyValueToString(1.5)).toBe('1.5')
    expect(anyValueToString(1e21)).toBe('1e+21')
    expect(anyValueToString(1e-7)).toBe('1e-7')
    expect(anyValueToString(100)).toBe('100')
    expect(anyValueToString(-0)).toBe('-0')
    expect(anyValueToString(Infinity)).toBe('json: unsupported value: +Inf')
    expect(anyValueToString(NaN)).toBe('json: unsupported value: NaN')
    expect(anyValueToString(new Uint8Array([0, 1, 254, 255]))).toBe('AAH+/w==')
  })

  it('marshals maps (sorted keys, last duplicate wins) and slices as Go encoding/json', () => {
    expect(anyValueToString({ kvlist: [{ key: 'b', value: 1n }, { key: 'a', value: ['x', 2.5, false, null] }, { key: 'b', value: 'dup' }] }))
      .toBe('{"a":["x",2.5,false,null],"b":"dup"}')
    expect(anyValueToString([new Uint8Array([1]), { kvlist: [] }, []])).toBe('["AQ==",{},[]]')
    expect(anyValueToString(['<a&b>', '\u2028', 'q"\\\n'])).toBe('["\\u003ca\\u0026b\\u003e","\\u2028","q\\"\\\\\\n"]')
    expect(anyValueToString([1.5, NaN])).toBe('') // json.Marshal fails on NaN
    expect(anyValueToString([])).toBe('[]')
  })

  it('serializes maps as they are: masking happens before, in the Redactor', () => {
    const value = { kvlist: [{ key: 'headers', value: { kvlist: [{ key: 'Authorization', value: 'Bearer abc' }, { key: 'accept', value: '*/*' }] } }] }
    expect(anyValueToString(value)).toBe('{"headers":{"Authorization":"Bearer abc","accept":"*/*"}}')
    expect(anyValueToString(new Redactor().value('body', value, 'body'))).toBe(`{"headers":{"Authorization":"${REDACTED}","accept":"*/*"}}`)
  })
})

describe('goJsonString', () => {
  it('escapes HTML-unsafe characters', () => {
    expect(goJsonString('a<b')).toBe('"a\\u003cb"')
    expect(goJsonString('')).toBe('""')
  })
})

describe('getAttribute', () => {
  it('returns the first match, undefined when absent', () => {
    const kvs = [{ key: 'a', value: 1n }, { key: 'a', value: 2n }]
    expect(getAttribute(kvs, 'a')).toBe(1n)
    expect(getAttribute([], 'a')).toBeUndefined()
  })
})

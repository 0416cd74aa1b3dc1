import { describe, expect, it } from 'vitest'
import { groupKeyOf, parseGroupKey } from './group-key.ts'

describe('groupKeyOf', () => {
  it('orders labels so the key is stable, and round-trips', () => {
    expect(groupKeyOf({ route: '/a', service: 'gw' })).toBe('{"service":"gw","route":"/a"}')
    expect(groupKeyOf({})).toBe('{}')
    expect(parseGroupKey(groupKeyOf({ tenant: 't' }))).toEqual({ tenant: 't' })
    expect(parseGroupKey('not json')).toEqual({})
  })
})

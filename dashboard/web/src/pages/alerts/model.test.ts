import { describe, expect, it } from 'vitest'
import { checkRuleText, parseMatchers, setField, timelineFractions } from './model.ts'

describe('parseMatchers', () => {
  it('reads the four operators, comma separated', () => {
    expect(parseMatchers('alertname=spike, route=~/orders.*, severity!=info, tenant!~"a|b"')).toEqual([
      { name: 'alertname', op: '=', value: 'spike' },
      { name: 'route', op: '=~', value: '/orders.*' },
      { name: 'severity', op: '!=', value: 'info' },
      { name: 'tenant', op: '!~', value: 'a|b' },
    ])
  })

  it('rejects empty and malformed input', () => {
    expect(parseMatchers('')).toBeUndefined()
    expect(parseMatchers('route')).toBeUndefined()
    expect(parseMatchers('a=b, =c')).toBeUndefined()
  })
})

describe('checkRuleText', () => {
  it('accepts a valid rule and names the field of each problem', () => {
    expect(checkRuleText('{"name":"r","target":{"cause":"expired"},"condition":{"type":"threshold","value":3}}').issues).toEqual([])
    expect(checkRuleText('{"name":"r","target":{"cause":"nope"},"condition":{"type":"spike"}}').issues[0]).toMatch(/^rule "r": target\.cause: /)
    expect(checkRuleText('{').issues[0]).toMatch(/^not valid JSON/)
    expect(checkRuleText('').issues[0]).toMatch(/^not valid JSON/)
  })
})

describe('timelineFractions', () => {
  it('maps segments to [0,1] fractions including the last step', () => {
    const timeline = [{ state: 'inactive' as const, from: 0, to: 40 }, { state: 'firing' as const, from: 50, to: 90 }]
    expect(timelineFractions({ timeline }, 0, 100, 10)).toEqual([
      { state: 'inactive', start: 0, width: 0.5 },
      { state: 'firing', start: 0.5, width: 0.5 },
    ])
    expect(timelineFractions({ timeline: [] }, 0, 100, 10)).toEqual([])
  })
})

describe('checkRuleText by field', () => {
  it('keys problems by dotted path and keeps the object of valid JSON', () => {
    const checked = checkRuleText(JSON.stringify({ name: 'r', target: { cause: 'nope' }, condition: { type: 'threshold', value: -1 } }))
    expect(checked.rule).toBeUndefined()
    expect(checked.raw?.name).toBe('r')
    expect(Object.keys(checked.byField).sort()).toEqual(['condition.value', 'target.cause'])
    expect(checkRuleText('{').byField).toEqual({})
    expect(checkRuleText('{').raw).toBeUndefined()
  })
})

describe('setField', () => {
  it('sets nested fields without touching the input, and removes a field set to undefined', () => {
    const input = { name: 'r', condition: { type: 'threshold', value: 5 } }
    expect(setField(input, ['condition', 'value'], 9)).toEqual({ name: 'r', condition: { type: 'threshold', value: 9 } })
    expect(input.condition.value).toBe(5)
    expect(setField(input, ['name'], undefined)).toEqual({ condition: input.condition })
    expect(setField({}, ['target', 'cause'], 'expired')).toEqual({ target: { cause: 'expired' } })
  })
})

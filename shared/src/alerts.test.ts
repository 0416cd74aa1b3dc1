import { describe, expect, it } from 'vitest'
import { AlertRuleSchema, AlertsFileSchema, describeRuleIssues, formatDuration, parseDuration } from './alerts.ts'

const spike = { name: 'unknown-sub-spike', target: { cause: 'unknown_sub' }, groupBy: ['route'], condition: { type: 'spike' } }

describe('parseDuration', () => {
  it('reads s/m/h/d and seconds, rejects the rest', () => {
    expect([parseDuration('90s'), parseDuration('5m'), parseDuration('2h'), parseDuration('1d'), parseDuration(30)]).toEqual([90, 300, 7200, 86_400, 30])
    expect([parseDuration(''), parseDuration('5 minutes'), parseDuration(-1), parseDuration('1w')]).toEqual([undefined, undefined, undefined, undefined])
    expect([formatDuration(300), formatDuration(86_400), formatDuration(90)]).toEqual(['5m', '1d', '90s'])
  })
})

describe('AlertRuleSchema', () => {
  it('fills defaults and accepts single values where lists are expected', () => {
    const rule = AlertRuleSchema.parse({ ...spike, target: { cause: 'unknown_sub', route: '/orders', status: 403 } })
    expect(rule.condition).toEqual({ type: 'spike', window: '5m', history: 12, days: 0, zScore: 3, minCount: 10 })
    expect(rule.target).toEqual({ cause: 'unknown_sub', route: ['/orders'], status: [403] })
    expect(rule).toMatchObject({ enabled: true, severity: 'warning', noData: 'no_data', labels: {}, annotations: {} })
  })

  it('rejects empty and malformed input', () => {
    expect(AlertRuleSchema.safeParse({}).success).toBe(false)
    expect(AlertRuleSchema.safeParse(null).success).toBe(false)
    expect(AlertRuleSchema.safeParse({ ...spike, target: { cause: 'nope' } }).success).toBe(false)
    expect(AlertRuleSchema.safeParse({ ...spike, extra: 1 }).success).toBe(false)
  })

  it('checks windows, rates, rollup compatibility and template variables', () => {
    const issues = (input: unknown) => {
      const result = AlertRuleSchema.safeParse(input)
      return result.success ? [] : describeRuleIssues(result.error, input)
    }
    expect(issues({ ...spike, condition: { type: 'spike', window: '30s' } })).toEqual(['rule "unknown-sub-spike": condition.window: must be whole minutes (the rollups are per minute)'])
    expect(issues({ ...spike, condition: { type: 'threshold', metric: 'rate', value: 5 } })).toEqual(['rule "unknown-sub-spike": condition.value: a rate is a fraction between 0 and 1'])
    expect(issues({ ...spike, groupBy: ['tenant'], target: { cause: 'unknown_sub', route: '/x' } })[0]).toMatch(/target\.route: route cannot be combined with issuer, client or tenant/)
    expect(issues({ ...spike, annotations: { summary: '{{value}} on {{labels.route}} {{nope}}' } })).toEqual(['rule "unknown-sub-spike": annotations.summary: unknown template variable {{nope}}'])
  })
})

describe('describeRuleIssues', () => {
  it('names the rule by index and name in a file', () => {
    const input = { rules: [spike, { ...spike, name: 'second', condition: { type: 'spike', zScore: 'x' } }] }
    const result = AlertsFileSchema.safeParse(input)
    expect(result.success).toBe(false)
    expect(describeRuleIssues(result.error!, input)).toEqual(['rules[1] "second": condition.zScore: Invalid input: expected number, received string'])
  })
})

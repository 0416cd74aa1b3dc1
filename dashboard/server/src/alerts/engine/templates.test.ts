import { describe, expect, it } from 'vitest'
import { AlertRuleSchema } from '@claimcheck/shared'
import { dashboardLink, renderAnnotations } from './templates.ts'

const rule = AlertRuleSchema.parse({
  name: 'spike', target: { cause: 'unknown_sub', service: 'gw' }, groupBy: ['route'], condition: { type: 'spike', window: '5m' },
  annotations: { summary: '{{value}} on {{labels.route}} vs {{baseline}} ({{group}}) {{link}}' },
})

describe('dashboardLink', () => {
  it('points at the cause page with the time range and filters', () => {
    const link = dashboardLink('http://cc:8080/', rule, { route: '/orders/:id' }, Date.UTC(2026, 0, 5, 12, 0))
    expect(link).toBe('http://cc:8080/causes/unknown_sub?from=2026-01-05T11%3A00%3A00.000Z&to=2026-01-05T12%3A00%3A00.000Z&service=gw&route=%2Forders%2F%3Aid')
    const any = AlertRuleSchema.parse({ ...rule, target: { cause: 'any' } })
    expect(dashboardLink('http://cc', any, {}, 0)).toMatch(/^http:\/\/cc\/\?from=/)
  })
})

describe('renderAnnotations', () => {
  it('renders values, labels and the link, and adds a default summary when none is set', () => {
    const context = { rule, group: { route: '/orders' }, instance: { state: 'firing' as const, value: 42, baseline: 3.25, threshold: 12 }, link: 'L' }
    expect(renderAnnotations(context)).toEqual({ summary: '42 on /orders vs 3.3 (route=/orders) L', dashboard_url: 'L' })
    const bare = renderAnnotations({ ...context, rule: { ...rule, annotations: {} } })
    expect(bare.summary).toBe('spike: unknown_sub 42 in 5m (route=/orders)')
  })
})

import { describe, expect, it } from 'vitest'
import { AlertRuleSchema } from '@claimcheck/shared'
import { renderSql } from '@claimcheck/shared/node'
import { buildSeriesQuery } from './sql.ts'

const EVIL = "x' OR 1=1 --"

describe('buildSeriesQuery', () => {
  it('puts every value of the rule in a parameter and groups by the allow-listed columns', () => {
    const rule = AlertRuleSchema.parse({
      name: 'r', target: { cause: 'unknown_sub', detail: EVIL, service: [EVIL], status: [401] }, groupBy: ['route'], condition: { type: 'spike', window: '5m' },
    })
    const { sql, params } = renderSql(buildSeriesQuery(rule, [{ from: 60, to: 120 }], { database: 'cc' }))
    expect(sql).not.toContain(EVIL)
    expect(sql).toContain('FROM `cc`.`gateway_calls_1m`')
    expect(sql).toContain(', `Route` AS `route`')
    expect(sql).toContain('GROUP BY t, `route`')
    expect(Object.values(params)).toEqual(['unknown_sub', EVIL, 60, 120, [EVIL], [401]])
  })

  it('matches nothing over no ranges, and any cause when the target says any', () => {
    const rule = AlertRuleSchema.parse({ name: 'r', target: { cause: 'any' }, condition: { type: 'spike', window: '5m' } })
    const { sql, params } = renderSql(buildSeriesQuery(rule, [], { database: 'cc' }))
    expect(sql).toContain('WHERE 0')
    expect(sql).toContain("sumIf(`Calls`, `Cause` != '')")
    expect(params).toEqual({})
  })
})

import { describe, expect, it } from 'vitest'
import { rulesFromRows } from './stored-rules.ts'

const rule = (id: string, cause = 'expired') => JSON.stringify({ id, match: { message: { contains: id } }, set: { cause } })
const row = (ruleId: string, version: number, extra: Partial<{ enabled: number; deleted: number; rule: string }> = {}) => ({
  ruleId, version, enabled: 1, deleted: 0, rule: rule(ruleId), ...extra,
})

describe('rulesFromRows', () => {
  it('is empty for no rows', () => {
    expect(rulesFromRows([])).toEqual({ rules: [], invalid: [], fingerprint: '' })
  })

  it('keeps enabled, undeleted rules and leaves out the rest', () => {
    const snapshot = rulesFromRows([row('a', 1), row('b', 2, { enabled: 0 }), row('c', 3, { deleted: 1 }), row('d', 1)])
    expect(snapshot.rules.map((r) => r.id)).toEqual(['a', 'd'])
    expect(snapshot.fingerprint).toBe('a@1,d@1')
  })

  it('reports rows that are not JSON or fail the rule schema, without dropping the others', () => {
    const snapshot = rulesFromRows([row('a', 1, { rule: '{not json' }), row('b', 1, { rule: rule('b', 'nonsense') }), row('c', 1)])
    expect(snapshot.invalid).toEqual(['a', 'b'])
    expect(snapshot.rules.map((r) => r.id)).toEqual(['c'])
  })

  it('changes the fingerprint when a version changes, also with ClickHouse strings for numbers', () => {
    const before = rulesFromRows([row('a', 1)]).fingerprint
    const after = rulesFromRows([{ ...row('a', 2), version: '2', enabled: '1', deleted: '0' }]).fingerprint
    expect(after).not.toBe(before)
  })
})

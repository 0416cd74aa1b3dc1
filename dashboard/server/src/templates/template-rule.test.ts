import { describe, expect, it } from 'vitest'
import { createClassifier } from '@claimcheck/classifier'
import { mineTemplates } from './drain.ts'
import { maskMessage } from './masks.ts'
import { ruleFromTemplate, templateId, templateKeywords, templateRegex } from './template-rule.ts'

const MESSAGES = [
  'legacy-gw: account 17 purged by "Alice Smith" at 2026-11-27T10:00:00Z',
  'legacy-gw: account 18 purged by "bob" at 2026-11-27T10:05:00Z',
  'legacy-gw: account 99 purged by ops@corp.example.com at 2026-11-27T11:00:00Z',
]

function facts(message: string, serviceName = 'legacy-gw') {
  return {
    timestampMs: Date.UTC(2026, 10, 27, 10), serviceName, method: 'GET', route: '/r', path: '/r', statusCode: 401, message, attributes: {},
    token: { present: false, malformed: false },
  }
}

describe('templateRegex', () => {
  it('matches every message the template was mined from, and not a longer one', () => {
    const [template] = mineTemplates(MESSAGES.map((text) => ({ text: maskMessage(text), count: 1 })))
    const text = template!.tokens.join(' ')
    const re = new RegExp(templateRegex(text))
    for (const message of MESSAGES) expect(re.test(message.toLowerCase())).toBe(true)
    expect(re.test(`${MESSAGES[0]!.toLowerCase()} and more`)).toBe(false)
  })

  it('escapes regex syntax in literal text', () => {
    const re = new RegExp(templateRegex('cost (x+y) [a] $5 a.b'))
    expect(re.test('cost (x+y) [a] $5 a.b')).toBe(true)
    expect(re.test('cost (xxy) [a] $5 aXb')).toBe(false)
  })

  it('matches only whitespace for an empty template', () => {
    expect(new RegExp(templateRegex('')).test('   ')).toBe(true)
  })
})

describe('templateKeywords', () => {
  it('takes whole literal words only, longest first', () => {
    expect(templateKeywords('legacy-gw: account <NUM> purged by <*>')).toEqual(['account', 'legacy', 'purged'])
    expect(templateKeywords('<NUM> <*>')).toEqual([])
  })
})

describe('templateId', () => {
  it('is stable and differs between templates', () => {
    expect(templateId('a <*>')).toBe(templateId('a <*>'))
    expect(templateId('a <*>')).not.toBe(templateId('b <*>'))
    expect(templateId('x')).toMatch(/^[0-9a-f]{8}$/)
  })
})

describe('ruleFromTemplate', () => {
  it('builds a valid rule the classifier applies to new messages of the template only', () => {
    const [template] = mineTemplates(MESSAGES.map((text) => ({ text: maskMessage(text), count: 1 })))
    const rule = ruleFromTemplate({ template: template!.tokens.join(' '), cause: 'unknown_sub', detail: 'deleted', services: ['legacy-gw'] })
    expect(rule.id).toMatch(/^template\.[0-9a-f]{8}$/)
    const classifier = createClassifier({ rules: [rule] })
    const verdict = classifier.classify(facts('legacy-gw: account 4242 purged by "Zed" at 2026-12-01T00:00:00Z'))
    expect(verdict).toMatchObject({ cause: 'unknown_sub', detail: 'deleted', ruleId: rule.id })
    expect(classifier.classify(facts('legacy-gw: account 4242 purged by "Zed" at 2026-12-01T00:00:00Z', 'other-gw')).cause).toBe('other')
    expect(classifier.classify(facts('legacy-gw: account 4242 restored by "Zed" at 2026-12-01T00:00:00Z')).cause).toBe('other')
    classifier.close()
  })

  it('scopes to several services with an exact alternation and rejects a detail that is not snake_case', () => {
    const rule = ruleFromTemplate({ template: 'quota <NUM> exceeded', cause: 'insufficient_scope', services: ['b.svc', 'a-svc'] })
    expect(rule.match.service).toMatchObject({ regex: '^(?:a-svc|b\\.svc)$', caseSensitive: true })
    expect(() => ruleFromTemplate({ template: 'x', cause: 'expired', detail: 'Not Snake' })).toThrow()
  })
})

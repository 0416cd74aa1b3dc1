import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readAlertsFile } from './rule-source.ts'

const dir = mkdtempSync(join(tmpdir(), 'claimcheck-rules-'))
function file(name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

describe('readAlertsFile', () => {
  it('reads rules and notifiers from YAML', () => {
    const path = file('ok.yaml', `
notifiers:
  - { name: slack, kind: slack, url: "https://hooks.slack.com/services/T/B/X" }
rules:
  - name: unknown-sub-spike
    target: { cause: unknown_sub }
    groupBy: [route]
    condition: { type: spike, window: 5m, zScore: 3, minCount: 10 }
    for: 5m
    notifiers: [slack]
`)
    const data = readAlertsFile(path)
    expect(data.rules.map((r) => r.name)).toEqual(['unknown-sub-spike'])
    expect(data.notifiers[0]).toMatchObject({ kind: 'slack', sendResolved: true })
  })

  it('accepts the rules `claimcheck start --demo` provisions', () => {
    const demo = readAlertsFile(new URL('../../../../demo/alerts.yaml', import.meta.url).pathname)
    expect(demo.rules.map((r) => [r.name, r.target.cause])).toEqual([
      ['demo-unknown-sub-spike', 'unknown_sub'], ['demo-misconfiguration', 'misconfig'], ['demo-expired-rate', 'expired'],
    ])
  })

  it('treats an empty file as no rules', () => {
    expect(readAlertsFile(file('empty.yaml', ''))).toEqual({ notifiers: [], rules: [] })
  })

  it('names the rule and the field of every problem', () => {
    const path = file('bad.yaml', `
rules:
  - { name: a, target: { cause: unknown_sub }, condition: { type: threshold, value: -1 } }
  - { name: b, target: { cause: unknown_sub }, condition: { type: spike }, notifiers: [pager] }
`)
    expect(() => readAlertsFile(path)).toThrow(/rules\[0\] "a": condition\.value: .*>=0/)
    const second = file('bad2.yaml', 'rules:\n  - { name: b, target: { cause: unknown_sub }, condition: { type: spike }, notifiers: [pager] }\n')
    expect(() => readAlertsFile(second)).toThrow('rule "b": notifiers: no notifier named "pager"')
  })

  it('reports unreadable and malformed files', () => {
    expect(() => readAlertsFile(join(dir, 'missing.yaml'))).toThrow(/^alert rules file .*missing\.yaml: cannot read: ENOENT/)
    expect(() => readAlertsFile(file('broken.json', '{'))).toThrow(/broken\.json: not valid JSON/)
  })
})

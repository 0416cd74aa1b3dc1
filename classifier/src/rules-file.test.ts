import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createClassifier } from './index.ts'
import { DataFileError, StartupError } from '@claimcheck/shared/node'
import { loadRulesFile, parseRulesText } from './rules-file.ts'
import { makeFacts } from './test-helpers.ts'

const dirs: string[] = []
function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'claimcheck-rules-'))
  dirs.push(dir)
  const file = join(dir, name)
  writeFileSync(file, text)
  return file
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function problems(text: string): string[] {
  try {
    parseRulesText(text, 'rules.yaml')
  } catch (err) {
    if (err instanceof DataFileError) return [...err.problems]
    throw err
  }
  return []
}

describe('parseRulesText', () => {
  it('accepts YAML and JSON, an empty file, and `body` as an alias of `message`', () => {
    expect(parseRulesText('')).toEqual([])
    const yaml = parseRulesText('rules:\n  - id: a.b\n    match:\n      body: { regex: "x+" }\n    set: { cause: expired }\n')
    expect(yaml[0]).toMatchObject({ id: 'a.b', priority: 0, generic: false, match: { message: { regex: 'x+' } }, set: { cause: 'expired', detail: '' } })
    const json = parseRulesText('{"version":1,"rules":[{"id":"c","match":{"attributes":{"k":"v"}},"set":{"cause":"other"}}]}')
    expect(json[0]?.match.attributes?.k).toEqual({ equals: 'v' })
  })

  it('names the rule (number and id) and the field of each problem', () => {
    const text = [
      'rules:',
      '  - id: acme.ok',
      '    match: { message: { regex: "fine" } }',
      '    set: { cause: expired }',
      '  - id: acme.bad-regex',
      '    match: { message: { regex: "(unclosed" } }',
      '    set: { cause: expired }',
      '  - id: acme.bad-cause',
      '    match: { status: 401, service: orders }',
      '    set: { cause: exploded }',
      '  - id: acme.only-status',
      '    match: { status: 401 }',
      '    set: { cause: other }',
      '  - id: acme.ok',
      '    match: { message: { contains: "x", regex: "y" } }',
      '    set: { cause: other, detail: "Bad Detail" }',
    ].join('\n')
    const list = problems(text)
    expect(list).toContainEqual(expect.stringMatching(/^rule #2 \(id "acme.bad-regex"\) match\.message\.regex: Invalid regular expression/))
    expect(list).toContainEqual(expect.stringMatching(/^rule #3 \(id "acme.bad-cause"\) set\.cause: /))
    expect(list).toContainEqual(expect.stringMatching(/^rule #4 \(id "acme.only-status"\) match: a rule must match on at least one/))
    expect(list).toContainEqual(expect.stringMatching(/^rule #5 \(id "acme.ok"\) match\.message: exactly one of equals, contains, regex, exists/))
    expect(list).toContainEqual(expect.stringMatching(/^rule #5 \(id "acme.ok"\) set\.detail: snake_case/))
    expect(list).toContainEqual('rule #5 (id "acme.ok") id: duplicate id "acme.ok" (also rule #1)')
  })

  it('reports unknown fields and bad YAML', () => {
    expect(problems('rules:\n  - id: a\n    when: {}\n    match: { message: x }\n    set: { cause: other }\n')[0]).toMatch(/^rule #1 \(id "a"\)/)
    expect(problems('rules: [\n')[0]).toMatch(/^\(file\)|not valid YAML/)
    expect(problems('rules: 5')[0]).toMatch(/^rules: /)
  })

  it('accepts the example rules file in deploy/examples', () => {
    const rules = loadRulesFile(new URL('../../deploy/examples/rules.yaml', import.meta.url).pathname)
    expect(rules.map((r) => r.id)).toContain('acme.legacy-gw.expired')
  })

  it('throws a DataFileError (a StartupError) for an unreadable file', () => {
    expect(() => loadRulesFile('/nonexistent/rules.yaml')).toThrow(DataFileError)
    expect(() => loadRulesFile('/nonexistent/rules.yaml')).toThrow(StartupError)
    expect(() => loadRulesFile('/nonexistent/rules.yaml')).toThrow(/^rules file \/nonexistent\/rules\.yaml: cannot read: ENOENT/)
  })
})

describe('createClassifier with a rules file', () => {
  const facts = makeFacts({ statusCode: 401, message: 'legacy-gw: token rejected (code 7)' })

  it('refuses to start on an invalid file', () => {
    const file = tempFile('rules.yaml', 'rules:\n  - id: x\n    match: { message: { regex: "[" } }\n    set: { cause: other }\n')
    expect(() => createClassifier({ config: { rulesFile: file }, watch: false })).toThrow(/rule #1 \(id "x"\) match\.message\.regex/)
  })

  it('reloads on change without a restart, and keeps the old rules when the new file is invalid', async () => {
    const file = tempFile('rules.yaml', 'rules:\n  - id: legacy.code7\n    match: { message: { regex: "code 7" } }\n    set: { cause: expired }\n')
    const logger = { info: vi.fn(), error: vi.fn() }
    const classifier = createClassifier({ config: { rulesFile: file }, logger, watchOptions: { debounceMs: 20, pollIntervalMs: 50 } })
    try {
      expect(classifier.classify(facts)).toMatchObject({ cause: 'expired', ruleId: 'legacy.code7' })

      // Replace the file the way editors and config maps do: write a sibling, rename over it.
      writeFileSync(`${file}.tmp`, readFileSync(file, 'utf8').replace('cause: expired', 'cause: revoked, detail: token'))
      renameSync(`${file}.tmp`, file)
      await vi.waitFor(() => expect(classifier.classify(facts)).toMatchObject({ cause: 'revoked', detail: 'token' }), { timeout: 5000, interval: 25 })
      expect(logger.info).toHaveBeenCalledWith(expect.objectContaining({ rules: 1 }), 'rules file reloaded')

      writeFileSync(file, 'rules:\n  - id: legacy.code7\n    match: { message: { regex: "(" } }\n    set: { cause: other }\n')
      await vi.waitFor(() => expect(logger.error).toHaveBeenCalled(), { timeout: 5000, interval: 25 })
      expect(logger.error.mock.calls[0]?.[0]).toMatchObject({ problems: [expect.stringMatching(/^rule #1 \(id "legacy.code7"\) match\.message\.regex/)] })
      expect(classifier.classify(facts)).toMatchObject({ cause: 'revoked' })
      expect(() => classifier.reload()).toThrow(DataFileError)
      expect(classifier.classify(facts)).toMatchObject({ cause: 'revoked' })
    } finally {
      classifier.close()
    }
  })
})

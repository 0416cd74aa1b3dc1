import { mkdtempSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createDataFileReloader, DataFileError, loadDataFile, parseDataText, type DataFileKind } from './data-file.ts'
import { StartupError } from './errors.ts'

const dir = mkdtempSync(join(tmpdir(), 'claimcheck-data-file-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A tiny format: `{ n: number }`. */
const KIND: DataFileKind<number> = {
  what: 'test file',
  validate: (data) => {
    const n = (data as { n?: unknown }).n
    return typeof n === 'number' ? { value: n } : { problems: ['n: expected a number'] }
  },
}

describe('parseDataText', () => {
  it('reads YAML, JSON by name, JSON as YAML, and empty text as {}', () => {
    expect(parseDataText('n: 1\n', 'a.yaml', 'x')).toEqual({ n: 1 })
    expect(parseDataText('{"n": 2}', 'a.json', 'x')).toEqual({ n: 2 })
    expect(parseDataText('{"n": 3}', '(text)', 'x')).toEqual({ n: 3 })
    expect(parseDataText('  \n', 'a.yaml', 'x')).toEqual({})
    expect(parseDataText('# only a comment\n', 'a.yaml', 'x')).toEqual({})
  })

  it('names the file and the syntax that failed, on one line', () => {
    expect(() => parseDataText('n: [1', 'a.yaml', 'test file')).toThrow(/^test file a\.yaml: not valid YAML: [^\n]+$/)
    expect(() => parseDataText('{', 'a.json', 'test file')).toThrow(/^test file a\.json: not valid JSON: /)
  })
})

describe('loadDataFile', () => {
  it('validates, and every failure is one DataFileError (a StartupError) with its problems', () => {
    const file = join(dir, 'load.yaml')
    writeFileSync(file, 'n: 4\n')
    expect(loadDataFile(file, KIND)).toBe(4)
    writeFileSync(file, 'n: four\n')
    const error = (() => {
      try {
        loadDataFile(file, KIND)
      } catch (caught) {
        return caught
      }
    })()
    expect(error).toBeInstanceOf(DataFileError)
    expect(error).toBeInstanceOf(StartupError)
    expect(error).toMatchObject({ name: 'DataFileError', file, what: 'test file', problems: ['n: expected a number'], message: `test file ${file}: n: expected a number` })
    expect(() => loadDataFile(join(dir, 'none.yaml'), KIND)).toThrow(/none\.yaml: cannot read: ENOENT/)
    expect(new DataFileError('r.yaml', 'rules file', ['a: bad', 'b: bad']).message).toBe('rules file r.yaml is invalid:\n  - a: bad\n  - b: bad')
  })
})

describe('createDataFileReloader', () => {
  it('reports a change of content, even of the same size with the old modification time', () => {
    const file = join(dir, 'reload.yaml')
    writeFileSync(file, 'n: 1\n')
    const reloader = createDataFileReloader(file, KIND)
    expect(reloader.load()).toBe(1)
    expect(reloader.reload()).toEqual({ changed: false })
    const { atime, mtime } = statSync(file)
    writeFileSync(file, 'n: 2\n')
    utimesSync(file, atime, mtime)
    expect(reloader.reload()).toEqual({ changed: true, value: 2 })
    expect(reloader.reload()).toEqual({ changed: false })
  })

  it('gives an invalid version as an error, and a file missing for a moment as no change', () => {
    const file = join(dir, 'replace.yaml')
    writeFileSync(file, 'n: 1\n')
    const reloader = createDataFileReloader(file, KIND)
    reloader.load()
    writeFileSync(file, 'n: x\n')
    const bad = reloader.reload()
    expect(bad.changed && 'error' in bad && bad.error.problems).toEqual(['n: expected a number'])
    renameSync(file, `${file}.old`)
    expect(reloader.reload()).toEqual({ changed: false })
    writeFileSync(file, 'n: 3\n')
    expect(reloader.reload()).toEqual({ changed: true, value: 3 })
  })

  it('refuses a first load that does not validate', () => {
    const file = join(dir, 'first.json')
    writeFileSync(file, '{"n": "x"}')
    expect(() => createDataFileReloader(file, KIND).load()).toThrow(DataFileError)
  })
})

import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { maskUrl } from './auth/urls.ts'
import { PLACEHOLDER_OPENING, REDACTED, REDACTED_JWT, REDACTION_PLACEHOLDERS, startsWithPlaceholder } from './redaction.ts'

const ROOT = new URL('../..', import.meta.url).pathname
const SOURCES = ['shared/src', 'collector/src', 'classifier/src', 'dashboard/server/src', 'dashboard/web/src', 'demo/src', 'cli/src']

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : []
  })
}

describe('the placeholder vocabulary', () => {
  it('is defined once: no source spells a placeholder out or masks with a second one', () => {
    // A quoted `[REDACTED…` or a `***` mask outside redaction.ts is a second copy that can drift.
    const copies = SOURCES.flatMap((dir) => sourceFiles(join(ROOT, dir)))
      .filter((file) => !file.endsWith('shared/src/redaction.ts'))
      .filter((file) => /['"`]"?\[REDACTED|\*\*\*['"`@]|=\*\*\*/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file))
    expect(copies).toEqual([])
  })

  it('masks URL credentials with the placeholder stored rows use', () => {
    expect(maskUrl('https://svc:s3cret@users.internal/u/{sub}?api_key=abc&tenant=t1')).toBe(`https://${REDACTED}@users.internal/u/{sub}?api_key=${REDACTED}&tenant=${REDACTED}`)
  })
})

describe('startsWithPlaceholder', () => {
  it('recognises every placeholder, bare or as a JSON string', () => {
    for (const placeholder of REDACTION_PLACEHOLDERS) {
      expect(startsWithPlaceholder(placeholder)).toBe(true)
      expect(startsWithPlaceholder(`"${placeholder}"`)).toBe(true)
    }
    expect(startsWithPlaceholder(`${REDACTED_JWT} and more`)).toBe(true)
    // What a `key=value` scanner sees of `jwt=[REDACTED JWT]`: the value ends at the space.
    expect(startsWithPlaceholder(REDACTED_JWT.split(' ')[0]!)).toBe(true)
    expect(REDACTION_PLACEHOLDERS.every((placeholder) => placeholder.startsWith(PLACEHOLDER_OPENING))).toBe(true)
  })

  it('does not take other text, or the empty string, for a placeholder', () => {
    for (const text of ['', '"', 'REDACTED', '***', 'Bearer [REDACTED]', '[redacted]']) expect(startsWithPlaceholder(text)).toBe(false)
  })
})

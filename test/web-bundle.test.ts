import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ROOT = new URL('..', import.meta.url).pathname
const OUT = mkdtempSync(join(tmpdir(), 'claimcheck-web-bundle-'))

/**
 * Server-only code that once shipped in the web bundle (issue 18): each marker is a string found
 * only in that code, checked to be there so a renamed setting cannot make the test pass by itself.
 */
const SERVER_ONLY = [
  { marker: 'failedRetryInterval', source: 'shared/src/config.ts', what: "the server's config schema" },
  { marker: 'initialAdminPassword', source: 'shared/src/auth/config.ts', what: "the server's auth settings" },
  { marker: 'getMergeTreeSetting', source: 'shared/src/api/sql-guard.ts', what: 'the ad hoc SQL deny-lists' },
  { marker: 'generatorURL', source: 'dashboard/server/src/alerts/engine/payloads.ts', what: "the alert engine's notifier payloads" },
]

let chunks: { name: string; text: string }[] = []

beforeAll(() => {
  // The real production build (`pnpm --filter @claimcheck/web build`), into a directory of its own.
  const result = spawnSync('pnpm', ['--filter', '@claimcheck/web', 'build', '--outDir', OUT, '--emptyOutDir', '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8' })
  expect(result.status, result.stderr).toBe(0)
  const assets = join(OUT, 'assets')
  chunks = readdirSync(assets).filter((name) => name.endsWith('.js')).map((name) => ({ name, text: readFileSync(join(assets, name), 'utf8') }))
}, 180_000)

afterAll(() => rmSync(OUT, { recursive: true, force: true }))

describe('the web bundle', () => {
  it('is searchable: code the web does use is found in it', () => {
    expect(chunks.length).toBeGreaterThan(3)
    expect(chunks.some((chunk) => chunk.text.includes('Nothing pasted yet.'))).toBe(true)
  })

  it.each(SERVER_ONLY)('does not contain $what ($marker)', ({ marker, source }) => {
    expect(readFileSync(join(ROOT, source), 'utf8')).toContain(marker)
    expect(chunks.filter((chunk) => chunk.text.includes(marker)).map((chunk) => chunk.name)).toEqual([])
  })
})

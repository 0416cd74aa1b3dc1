import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { failsOf, logsBody } from './support/call-load.ts'
import { startCli, type RunningCli } from './support/cli-process.ts'

// Production starts (`pnpm start`, the Docker image) run the compiled CLI of scripts/build-cli.js,
// not the sources through tsx. Built here into a copy of the repository's layout, so the compiled
// paths are checked too: the dashboard's web build and the demo's files are found relative to it.

const ROOT = join(import.meta.dirname, '..')
const TOKEN = 'compiled-start-token-0123456789abcdef'
const auth = { authorization: `Bearer ${TOKEN}` }
let dir = ''
let cli: RunningCli | undefined

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'claimcheck-compiled-'))
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts/build-cli.js'), '--outdir', join(dir, 'cli/dist/esm')], { encoding: 'utf8' })
  expect(build.status, build.stderr).toBe(0)
  mkdirSync(join(dir, 'dashboard/web/dist'), { recursive: true })
  writeFileSync(join(dir, 'dashboard/web/dist/index.html'), '<!doctype html><title>compiled-web-root-marker</title>')
  cli = await startCli(['start', '--data-dir', join(dir, 'data')], { CLAIMCHECK_API_TOKENS: TOKEN }, join(dir, 'cli/dist/esm/main.js'))
}, 120_000)

afterAll(async () => {
  await cli?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('the compiled CLI', () => {
  it('ingests, classifies and answers like the sources do', async () => {
    const seqs = [1, 2, 3, 4, 5, 6]
    const sent = await fetch(`http://127.0.0.1:${cli!.httpPort}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: logsBody('compiled-gw', seqs) })
    expect(sent.status).toBe(200)
    const calls = async () => {
      const response = await fetch(`http://127.0.0.1:${cli!.dashboardPort}/api/v1/calls?from=now-1h&limit=50`, { headers: auth })
      return ((await response.json()) as { calls: { Cause: string }[] }).calls
    }
    await expect.poll(async () => (await calls()).length, { timeout: 30_000 }).toBe(seqs.length)
    expect((await calls()).filter((call) => call.Cause === 'expired').length).toBe(seqs.filter(failsOf).length)
  })

  it('serves the web build found next to it', async () => {
    const page = await fetch(`http://127.0.0.1:${cli!.dashboardPort}/`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('compiled-web-root-marker')
  })
})

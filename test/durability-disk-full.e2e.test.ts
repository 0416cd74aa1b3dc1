import { spawnSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { planLoad, sendUntilAcknowledged } from './support/call-load.ts'
import { startCli } from './support/cli-process.ts'
import { settleCalls, verifyStored } from './support/durability-check.ts'
import { eventually } from './support/collector-harness.ts'

// The issue filled the data directory's filesystem for 30 s: ~14,000 calls acknowledged before the
// outage were lost (a merged part written with empty files) while /api/health said "ok". Now the
// collector stops accepting before the disk is full and takes data again once space is back.

const RESERVE_MB = 48
const root = mkdtempSync(join(tmpdir(), 'claimcheck-diskfull-'))
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=192m', 'tmpfs', root]).status === 0
if (!mounted) console.warn(`\n!!! SKIPPED: the disk-full test needs to mount a tmpfs (root); mount failed on ${root}\n`)
afterAll(() => {
  if (mounted) spawnSync('umount', ['-l', root])
  rmSync(root, { recursive: true, force: true })
})

function fillUntilFree(path: string, leaveBytes: number): number {
  const stats = statfsSync(root)
  const toWrite = stats.bavail * stats.bsize - leaveBytes
  const fd = openSync(path, 'w')
  const chunk = Buffer.alloc(1024 * 1024, 7)
  let written = 0
  try {
    while (written < toWrite) written += writeSync(fd, chunk, 0, Math.min(chunk.length, toWrite - written))
  } finally {
    closeSync(fd)
  }
  return written
}

describe.runIf(mounted)('disk full', () => {
  it('answers 503 + Retry-After under the disk reserve, says so in /api/health, and recovers by itself with nothing lost', async () => {
    const dir = join(root, 'data')
    const running = await startCli(['start', '--data-dir', dir], { CLAIMCHECK_DISK_RESERVE_MB: String(RESERVE_MB) })
    const base = `http://127.0.0.1:${running.httpPort}`
    const health = async () => (await fetch(`http://127.0.0.1:${running.dashboardPort}/api/health`)).json() as Promise<{ status: string; storeHealth: { problems: string[]; refusingWrites: boolean } }>
    expect((await health()).status).toBe('ok')
    const before = await sendUntilAcknowledged(planLoad(10, 40), () => base, 4)

    const filler = join(root, 'filler')
    fillUntilFree(filler, (RESERVE_MB - 16) * 1024 * 1024)
    const degraded = await eventually(async () => {
      const h = await health()
      return h.storeHealth.refusingWrites ? h : undefined
    })
    expect(degraded.status).toBe('degraded')
    expect(degraded.storeHealth.problems[0]).toMatch(/under the 48 MiB reserve/)

    const refusals: string[] = []
    const during = sendUntilAcknowledged(planLoad(10, 40, 100_000), () => base, 4, (status, retryAfter) => {
      if (status === 503) refusals.push(retryAfter ?? '')
    })
    await eventually(async () => refusals.length >= 5)
    expect(refusals.every((retryAfter) => Number(retryAfter) > 0)).toBe(true)
    rmSync(filler)
    const after = await during
    await eventually(async () => (await health()).status === 'ok')
    await settleCalls()
    expect(await running.stop()).toBe(0)
    const result = await verifyStored(dir, [...before, ...after])
    expect(result.problems.slice(0, 20)).toEqual([])
    expect(result.totals.callsRollup).toBe(result.totals.calls)
    expect(result.totals.subjectFailures).toBe(result.totals.failures)
    expect(result.totals.detached).toBe(0)
  }, 120_000)
})

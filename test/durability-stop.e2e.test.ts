import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { planLoad, sendUntilAcknowledged } from './support/call-load.ts'
import { startCli, type RunningCli } from './support/cli-process.ts'
import { settleCalls, verifyStored } from './support/durability-check.ts'

// The issue measured 66–71 s for SIGTERM under load: a keep-alive connection busy at close stayed
// open until its 65 s timeout. Orchestrators give 10–30 s before SIGKILL.

describe('stop under load', () => {
  it('exits within 10 s of SIGTERM while senders keep their connections busy, and loses nothing acknowledged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'claimcheck-stop-'))
    let running: RunningCli = await startCli(['start', '--data-dir', dir])
    let base: string | undefined = `http://127.0.0.1:${running.httpPort}`
    const requests = planLoad(50, 40)
    const sending = sendUntilAcknowledged(requests, () => base, 8)
    await new Promise((resolve) => setTimeout(resolve, 3_000))
    const stopped = performance.now()
    const code = await running.stop()
    const seconds = (performance.now() - stopped) / 1000
    base = undefined
    expect(code, running.output().slice(-4000)).toBe(0)
    expect(seconds).toBeLessThan(10)
    // The rest of the load goes to the next start, as a sender's retries would.
    running = await startCli(['start', '--data-dir', dir])
    base = `http://127.0.0.1:${running.httpPort}`
    const acked = await sending
    await settleCalls()
    expect(await running.stop(), running.output().slice(-4000)).toBe(0)
    const result = await verifyStored(dir, acked)
    expect(result.problems.slice(0, 20)).toEqual([])
    expect(result.totals.calls).toBe(new Set(acked.flatMap((r) => r.seqs)).size)
    expect(result.totals.callsRollup).toBe(result.totals.calls)
    expect(result.totals.subjectFailures).toBe(result.totals.failures)
  }, 120_000)
})

import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { planLoad, sendUntilAcknowledged } from './support/call-load.ts'
import { settleCalls, verifyStored } from './support/durability-check.ts'
import { startCli, type RunningCli } from './support/cli-process.ts'

// What the issue measured against `pnpm start`: SIGKILL under load used to lose acknowledged calls
// (their rows were only in memory) and leave the rollups out of step. Now the calls are derived
// again from the raw rows after the durable mark, so every acknowledged record has its call.

const KILLS = 3

describe('crash safety', () => {
  it(`keeps every acknowledged record and exactly one call each through ${KILLS} SIGKILLs under load`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'claimcheck-crash-'))
    let running: RunningCli | undefined = await startCli(['start', '--data-dir', dir])
    let base: string | undefined = `http://127.0.0.1:${running.httpPort}`
    const requests = planLoad(60, 40)
    const sending = sendUntilAcknowledged(requests, () => base, 6)
    for (let kill = 0; kill < KILLS; kill++) {
      await new Promise((resolve) => setTimeout(resolve, 2_500 + kill * 700))
      running.child.removeAllListeners('exit')
      const exited = new Promise((resolve) => running!.child.once('exit', resolve))
      running.child.kill('SIGKILL')
      base = undefined
      await exited
      running = await startCli(['start', '--data-dir', dir])
      base = `http://127.0.0.1:${running.httpPort}`
    }
    const acked = await sending
    await settleCalls()
    expect(acked).toHaveLength(requests.length)
    expect(await running.stop()).toBe(0)
    const result = await verifyStored(dir, acked)
    expect(result.problems.slice(0, 20)).toEqual([])
    expect(result.totals.calls).toBe(new Set(acked.flatMap((r) => r.seqs)).size)
    expect(result.totals.callsRollup).toBe(result.totals.calls)
    expect(result.totals.principalsRollup).toBe(result.totals.calls)
    expect(result.totals.subjectFailures).toBe(result.totals.failures)
    expect(result.totals.detached).toBe(0)
  }, 150_000)
})

import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { planLoad, sendUntilAcknowledged } from './support/call-load.ts'
import { settleCalls, verifyStored } from './support/durability-check.ts'
import { startCli } from './support/cli-process.ts'

// A request is answered once it is in the ingest journal, before ClickHouse has it. Here the
// journal holds its segments for a minute (batchMinIntervalMs), so at the SIGKILL every answered
// request after the first is still only in the journal: the next start must insert them, and
// derive their calls, before it takes new requests.

describe('ingest journal across a crash', () => {
  it('inserts what was answered but not yet stored when the process was killed, once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'claimcheck-journal-crash-'))
    const config = join(dir, 'slow-inserts.yaml')
    writeFileSync(config, 'collector:\n  batchMinIntervalMs: 60000\n')
    const first = await startCli(['start', '--data-dir', join(dir, 'data')], { CLAIMCHECK_CONFIG: config })
    const requests = planLoad(4, 25)
    const acked = await sendUntilAcknowledged(requests, () => `http://127.0.0.1:${first.httpPort}`, 3)
    expect(acked).toHaveLength(requests.length)
    // Answered, and not all inserted: segments wait in the journal.
    expect(readdirSync(join(dir, 'data', 'ingest-journal')).filter((name) => /^\d{12}-/.test(name)).length).toBeGreaterThan(0)
    first.child.removeAllListeners('exit')
    const exited = new Promise((resolve) => first.child.once('exit', resolve))
    first.child.kill('SIGKILL')
    await exited

    const again = await startCli(['start', '--data-dir', join(dir, 'data')])
    expect(again.output()).toMatch(/inserted the ingest journal left by the last stop/)
    // A sender whose answer was lost sends the same request again: stored once all the same.
    const retried = await sendUntilAcknowledged(requests.slice(-3), () => `http://127.0.0.1:${again.httpPort}`, 1)
    expect(retried).toHaveLength(3)
    await settleCalls()
    expect(await again.stop(), again.output().slice(-4000)).toBe(0)
    const result = await verifyStored(join(dir, 'data'), acked)
    expect(result.problems.slice(0, 20)).toEqual([])
    expect(result.totals.calls).toBe(new Set(acked.flatMap((r) => r.seqs)).size)
    expect(result.totals.callsRollup).toBe(result.totals.calls)
  }, 120_000)
})

import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { IngestJournal } from './ingest-journal.ts'
import { listSegments, readCommitted, streamPath } from './segment.ts'
import { journalEntry } from './test-entries.ts'

const root = () => mkdtempSync(join(tmpdir(), 'claimcheck-journal-'))
const lines = (dir: string, stream: 'logs' | 'traces' | 'requests') => readFileSync(streamPath(dir, stream), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line))

describe('ingest journal', () => {
  it('holds each acknowledged request: its rows in its signal\'s stream and its token, committed before append resolves', async () => {
    const dir = root()
    const journal = IngestJournal.open({ root: dir, maxRows: 1_000, minIntervalMs: 0 })
    await Promise.all([
      journal.append(journalEntry('logs', [[1, 'a'], [2, 'b']], 't1')),
      journal.append(journalEntry('traces', [[3, 'c']], 't2')),
    ])
    const [segment] = listSegments(dir)
    // Committed lengths cover every byte written: nothing of an acknowledged request is after the last commit.
    const committed = readCommitted(segment!.dir)
    expect(committed.logs).toBe(readFileSync(streamPath(segment!.dir, 'logs')).length)
    expect(lines(segment!.dir, 'logs')).toEqual([[1, 'a'], [2, 'b']])
    expect(lines(segment!.dir, 'traces')).toEqual([[3, 'c']])
    expect(lines(segment!.dir, 'requests')).toEqual([['t1', 'logs', 2], ['t2', 'traces', 1]])
    const taken = await journal.take()
    expect(taken?.rows).toEqual({ logs: 2, traces: 1, requests: 2 })
    await journal.close()
    expect(await journal.take()).toBeUndefined()
  })

  it('seals a segment at maxRows, so inserts never exceed it by more than one request', async () => {
    const dir = root()
    const journal = IngestJournal.open({ root: dir, maxRows: 3, minIntervalMs: 60_000 })
    for (let i = 0; i < 4; i++) await journal.append(journalEntry('logs', [[i], [i]], `t${i}`))
    // Sealed at 4 rows twice; the interval holds nothing back once a segment is full.
    expect((await journal.take())?.rows?.logs).toBe(4)
    expect((await journal.take())?.rows?.logs).toBe(4)
    await journal.close()
    expect(await journal.take()).toBeUndefined()
  })

  it('keeps to maxRows when many requests arrive in one round (60 senders at once)', async () => {
    const journal = IngestJournal.open({ root: root(), maxRows: 4, minIntervalMs: 60_000 })
    await Promise.all(Array.from({ length: 6 }, (_, i) => journal.append(journalEntry('traces', [[i], [i]], `t${i}`))))
    await journal.close()
    const sizes: number[] = []
    for (let segment = await journal.take(); segment; segment = await journal.take()) sizes.push(segment.rows!.traces)
    expect(sizes).toEqual([4, 4, 4])
  })

  it('after a crash, cuts a segment back to its last commit and hands it out first', async () => {
    const dir = root()
    const first = IngestJournal.open({ root: dir, maxRows: 1_000, minIntervalMs: 0 })
    await first.append(journalEntry('logs', [[1]], 't1'))
    await first.close()
    const [segment] = listSegments(dir)
    // The process dies mid-round: rows written but never committed, and half a commit line.
    appendFileSync(streamPath(segment!.dir, 'logs'), '[2]\n[3')
    appendFileSync(join(segment!.dir, 'commits'), '12 0 1')
    const again = IngestJournal.open({ root: dir, maxRows: 1_000, minIntervalMs: 0 })
    expect(again.leftovers).toBe(1)
    expect(lines(segment!.dir, 'logs')).toEqual([[1]])
    const left = await again.take()
    expect(left?.info.dir).toBe(segment!.dir)
    expect(left?.rows).toBeUndefined()
    // New requests go to a new segment after it.
    await again.append(journalEntry('logs', [[4]], 't4'))
    expect(listSegments(dir).map((s) => s.seq)).toEqual([1, 2])
    // One collector per journal: another in this process would insert the segments it is writing.
    expect(() => IngestJournal.open({ root: dir, maxRows: 1_000, minIntervalMs: 0 })).toThrow(/already open/)
    await again.close()
  })

  it('rejects a request it could not make durable, keeping nothing of it', async () => {
    const dir = root()
    const blocked = join(dir, 'journal')
    writeFileSync(blocked, 'not a folder')
    expect(() => IngestJournal.open({ root: blocked, maxRows: 10, minIntervalMs: 0 })).toThrow()
    const journal = IngestJournal.open({ root: join(dir, 'ok'), maxRows: 10, minIntervalMs: 0 })
    await journal.close()
    await expect(journal.append(journalEntry('logs', [[1]], 't'))).rejects.toThrow(/closed/)
  })

  it('ignores a commit line whose check does not match (a power loss mid-write)', () => {
    const dir = root()
    const segmentDir = join(dir, '000000000001-00000000-0000-0000-0000-000000000000')
    expect(readCommitted(segmentDir)).toEqual({ logs: 0, traces: 0, requests: 0 })
    mkdirSync(segmentDir)
    const good = `4 0 20 ${(4 + 0 * 3 + 20 * 7) % 2_147_483_647}\n`
    writeFileSync(join(segmentDir, 'commits'), `${good}9 9 9 9\n`)
    expect(readCommitted(segmentDir)).toEqual({ logs: 4, traces: 0, requests: 20 })
  })
})

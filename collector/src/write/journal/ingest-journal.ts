import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { lockDataDir, StartupError } from '@claimcheck/shared/node'
import type { Signal } from '../../receive/export-handler.ts'
import { listSegments, OpenSegment, removeSegment, STREAMS, trimToCommitted, type SegmentChunk, type SegmentInfo, type Stream, type StreamLengths } from './segment.ts'

export interface JournalEntry {
  signal: Signal
  /** Raw rows in the table's insert column order, as UTF-8 JSONCompactEachRow (one line per row). */
  data: Uint8Array
  rowCount: number
  /** The request's token (recent-requests.ts), stored with its rows so a retry is recognised after a crash. */
  token: string
}

export interface IngestJournalOptions {
  /** The journal's folder; segments are subfolders. */
  root: string
  /** Rows per segment at most, so per insert: the engine's cost per row halves from 3,000- to 30,000-row inserts. */
  maxRows: number
  /** Least time between two segments handed out when requests trickle in, so a trickle does not make a part each. */
  minIntervalMs: number
  now?: () => number
}

/** A segment no longer written to, ready to insert. `rows` is unknown for one left by a previous process. */
export interface SealedSegment {
  info: SegmentInfo
  rows?: StreamLengths
}

interface Pending {
  signal: Signal
  data: Uint8Array
  rows: number
  token: string
  resolve: () => void
  reject: (error: unknown) => void
}

/** Journals open in this process: the directory lock tells processes apart, not two collectors of one. */
const openRoots = new Set<string>()

/**
 * The ingest journal: a request is acknowledged once its rows are synced to a local segment, and
 * segments are inserted whole afterwards. Acknowledging no longer waits for ClickHouse, so inserts
 * are as large as the load makes them (up to `maxRows`), not the few thousand rows closed-loop
 * senders have in flight; and what is acknowledged survives any crash of this process, because the
 * next start inserts what is left (with the same deduplication tokens, so a segment inserted just
 * before the crash is not stored twice).
 *
 * Appends are committed in rounds (group commit): while one round syncs, the next collects. Rounds
 * and seals run one at a time on one chain, so a segment is never sealed mid-round.
 */
export class IngestJournal {
  private current: OpenSegment | undefined
  private pending: Pending[] = []
  private roundQueued = false
  private chain: Promise<void> = Promise.resolve()
  private readonly sealed: SealedSegment[] = []
  private wakers: (() => void)[] = []
  private lastTake = Number.NEGATIVE_INFINITY
  private closed = false
  private readonly now: () => number

  private constructor(private readonly options: IngestJournalOptions, private nextSeq: number, leftovers: SealedSegment[], private readonly unlock: () => void) {
    this.now = options.now ?? Date.now
    this.sealed.push(...leftovers)
  }

  /** Opens the journal; segments a previous process left are cut back to their last commit and come first from `take()`. */
  static open(options: IngestJournalOptions): IngestJournal {
    const root = resolve(options.root)
    // Another collector's segments would be inserted as leftovers while it still writes them.
    if (openRoots.has(root)) throw new StartupError(`Ingest journal ${root} is already open in this process: give each collector its own collector.journalDir.`)
    try {
      mkdirSync(root, { recursive: true })
    } catch (error) {
      throw new StartupError(`Cannot create the ingest journal ${root}: ${(error as Error).message}`)
    }
    const unlock = lockDataDir(root, { what: 'ingest journal', option: 'collector.journalDir / CLAIMCHECK_JOURNAL_DIR' })
    openRoots.add(root)
    const existing = listSegments(root)
    for (const segment of existing) trimToCommitted(segment.dir)
    const nextSeq = existing.length > 0 ? existing[existing.length - 1]!.seq + 1 : 1
    const release = () => {
      openRoots.delete(root)
      unlock()
    }
    return new IngestJournal({ ...options, root }, nextSeq, existing.map((info) => ({ info })), release)
  }

  /** Segments left by a previous process, still to insert. */
  get leftovers(): number {
    return this.sealed.filter((segment) => segment.rows === undefined).length
  }

  /** Resolves once the entry is durable on disk; rejects when it could not be written (nothing of it is kept). */
  append(entry: JournalEntry): Promise<void> {
    if (this.closed) return Promise.reject(new Error('ingest journal closed'))
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ signal: entry.signal, data: entry.data, rows: entry.rowCount, token: entry.token, resolve, reject })
      if (this.roundQueued) return
      this.roundQueued = true
      void this.enqueue(() => this.round())
    })
  }

  /**
   * The next segment to insert: the oldest sealed one, else the one being written, sealed now if it
   * holds rows and `minIntervalMs` has passed since the last one was taken. Waits for rows
   * otherwise; undefined once the journal is closed and everything was taken.
   */
  async take(): Promise<SealedSegment | undefined> {
    for (;;) {
      const next = this.sealed.shift()
      if (next) {
        this.lastTake = this.now()
        return next
      }
      if (this.current && this.current.totalRows > 0) {
        const wait = this.closed ? 0 : this.lastTake + this.options.minIntervalMs - this.now()
        if (wait <= 0) await this.enqueue(() => this.seal())
        else await new Promise((resolve) => setTimeout(resolve, wait))
        continue
      }
      if (this.closed && this.pending.length === 0 && !this.roundQueued) return undefined
      await new Promise<void>((resolve) => this.wakers.push(resolve))
    }
  }

  /** Accepts nothing more; `take()` hands out what is written, then undefined. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.enqueue(() => this.seal())
    this.unlock()
    this.wake()
  }

  private enqueue(op: () => Promise<void>): Promise<void> {
    const result = this.chain.then(op)
    this.chain = result.catch(() => undefined)
    return result
  }

  private async round(): Promise<void> {
    this.roundQueued = false
    // A round fills the segment up to maxRows (at least one request): an insert is never much larger than that.
    let room = this.options.maxRows - (this.current?.totalRows ?? 0)
    let count = 0
    while (count < this.pending.length && (count === 0 || this.pending[count]!.rows <= room)) room -= this.pending[count++]!.rows
    const batch = this.pending.splice(0, count)
    if (this.pending.length > 0 && !this.roundQueued) {
      this.roundQueued = true
      void this.enqueue(() => this.round())
    }
    if (batch.length === 0) return
    const chunks = Object.fromEntries(STREAMS.map((stream) => [stream, [] as SegmentChunk[]])) as Record<Stream, SegmentChunk[]>
    for (const entry of batch) {
      chunks[entry.signal].push({ data: entry.data, rows: entry.rows })
      chunks.requests.push({ data: Buffer.from(`${JSON.stringify([entry.token, entry.signal, entry.rows])}\n`), rows: 1 })
    }
    try {
      this.current ??= await OpenSegment.create(this.options.root, this.nextSeq++)
      await this.current.commit(chunks)
    } catch (error) {
      for (const entry of batch) entry.reject(error)
      return
    }
    for (const entry of batch) entry.resolve()
    if (this.current.totalRows >= this.options.maxRows) await this.seal()
    this.wake()
  }

  private async seal(): Promise<void> {
    const segment = this.current
    if (!segment || (segment.totalRows === 0 && !this.closed)) return
    this.current = undefined
    if (segment.totalRows === 0) {
      // Opened, but no round committed to it: nothing to insert.
      await segment.close()
      removeSegment(segment.info.dir)
      return
    }
    await segment.close()
    this.sealed.push({ info: segment.info, rows: { ...segment.rows } })
    this.wake()
  }

  private wake(): void {
    const wakers = this.wakers
    this.wakers = []
    for (const wake of wakers) wake()
  }
}

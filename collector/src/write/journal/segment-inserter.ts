import { readFileSync, statSync } from 'node:fs'
import type { ClickHouseClient } from '@clickhouse/client'
import type { Logger } from 'pino'
import { backoffDelay, type BackoffPolicy } from '@claimcheck/shared'
import { describeError } from '@claimcheck/shared/node'
import { deduplicatedInsertStatement, sqlLiteral, STORE_RETRY_BACKOFF } from '../store-insert.ts'
import type { IngestJournal, SealedSegment } from './ingest-journal.ts'
import { removeSegment, STREAMS, streamPath, type Stream, type StreamLengths } from './segment.ts'

export interface StreamTarget {
  /** Qualified table name. */
  table: string
  columns: readonly string[]
}

export interface SegmentInserterOptions {
  client: ClickHouseClient
  /** The embedded engine reads a segment's files itself; a server is sent their text. */
  mode: 'embedded' | 'remote'
  targets: Record<Stream, StreamTarget>
  /** After each insert attempt of one stream, for metrics and store health. */
  onInsert?: (result: { stream: Stream; table: string; seconds: number; error?: unknown }) => void
  /** After a whole segment is stored; `rows` is unknown for one a previous process left. */
  onSegment?: (result: { rows?: StreamLengths; seconds: number }) => void
  logger: Logger
  /** Retry waits: full jitter under a doubling ceiling. Default STORE_RETRY_BACKOFF. */
  backoff?: BackoffPolicy
  sleep?: (ms: number) => Promise<void>
}

/**
 * Inserts journal segments into their tables, oldest first, one stream after the other. Each
 * insert carries a token made of the segment's id and the stream, so inserting a segment again
 * (a retry after an error, a replay after a crash between insert and removal) stores it once,
 * the trace-id view included. A failing insert is retried until it succeeds: the rows are
 * acknowledged already, and while the store refuses, new requests are refused instead.
 */
export function createSegmentInserter(options: SegmentInserterOptions) {
  const backoff = options.backoff ?? STORE_RETRY_BACKOFF
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  let stopped = false
  let failing = false

  const statement = (stream: Stream, segmentId: string, from?: string) =>
    deduplicatedInsertStatement(options.targets[stream].table, options.targets[stream].columns, `${segmentId}:${stream}`, from)

  const insertStream = async (segment: SealedSegment, stream: Stream): Promise<void> => {
    const path = streamPath(segment.info.dir, stream)
    let size: number
    try {
      size = statSync(path).size
    } catch {
      return
    }
    if (size === 0) return
    const query = options.mode === 'embedded'
      // The engine streams the file: the rows never become a string in this process.
      ? statement(stream, segment.info.id, `FROM INFILE ${sqlLiteral(path)}`)
      : `${statement(stream, segment.info.id)}\n${readFileSync(path, 'utf8')}`
    for (let attempt = 1; ; attempt++) {
      const started = performance.now()
      try {
        await options.client.command({ query })
        options.onInsert?.({ stream, table: options.targets[stream].table, seconds: (performance.now() - started) / 1000 })
        if (failing) options.logger.info({ segment: segment.info.id }, 'journal segments inserted again')
        failing = false
        return
      } catch (error) {
        options.onInsert?.({ stream, table: options.targets[stream].table, seconds: (performance.now() - started) / 1000, error })
        if (!failing) options.logger.warn({ segment: segment.info.id, stream, err: describeError(error) }, 'journal segment insert failed; retrying the same segment')
        failing = true
        if (stopped) throw error
        await sleep(backoffDelay(attempt, backoff))
        if (stopped) throw error
      }
    }
  }

  /** Stores one segment and removes it from the journal. */
  const insertSegment = async (segment: SealedSegment): Promise<void> => {
    const started = performance.now()
    for (const stream of STREAMS) await insertStream(segment, stream)
    removeSegment(segment.info.dir)
    options.onSegment?.({ rows: segment.rows, seconds: (performance.now() - started) / 1000 })
  }

  return {
    insertSegment,
    /** Inserts the segments a previous process left, before anything reads the raw tables; how many there were. */
    async insertLeftovers(journal: IngestJournal): Promise<number> {
      const left = journal.leftovers
      for (let i = 0; i < left; i++) await insertSegment((await journal.take())!)
      return left
    },
    /** Inserts segments as the journal hands them out, until it is closed and empty (or `stop()`). */
    async run(journal: IngestJournal): Promise<void> {
      for (;;) {
        const segment = await journal.take()
        if (!segment || stopped) return
        try {
          await insertSegment(segment)
        } catch {
          // Stopped while the store was failing: the segment stays on disk for the next start.
          return
        }
      }
    },
    /** Gives up retrying: what is not inserted stays in the journal, which the next start inserts. */
    stop(): void {
      stopped = true
    },
    /** Whether the last insert failed (and is being retried). */
    get failing(): boolean {
      return failing
    },
  }
}

export type SegmentInserter = ReturnType<typeof createSegmentInserter>

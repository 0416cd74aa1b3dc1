import { randomUUID } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'

/** What a segment holds, one file each: raw log rows, raw span rows, the tokens of the requests. */
export const STREAMS = ['logs', 'traces', 'requests'] as const
export type Stream = (typeof STREAMS)[number]

export type StreamLengths = Record<Stream, number>

const EMPTY: StreamLengths = { logs: 0, traces: 0, requests: 0 }

/** Segment directories sort in write order: a zero-padded sequence number, then an id no other segment ever had. */
const SEGMENT_NAME = /^(\d{12})-([0-9a-f-]{36})$/

export interface SegmentInfo {
  dir: string
  seq: number
  /** Unique across restarts and machines: the deduplication token of the segment's inserts. */
  id: string
}

/** `<seq>-<uuid>` folders under `root`, oldest first; anything else there is left alone. */
export function listSegments(root: string): SegmentInfo[] {
  let names: string[]
  try {
    names = readdirSync(root)
  } catch {
    return []
  }
  return names.flatMap((name) => {
    const match = SEGMENT_NAME.exec(name)
    return match ? [{ dir: join(root, name), seq: Number(match[1]), id: match[2]! }] : []
  }).sort((a, b) => a.seq - b.seq)
}

export const streamPath = (dir: string, stream: Stream) => join(dir, `${stream}.jsonl`)
const commitsPath = (dir: string) => join(dir, 'commits')

/** A commit line: the three lengths and a check of them, so a line left half-written by a power loss is not read as lengths. */
const commitLine = (l: StreamLengths) => `${l.logs} ${l.traces} ${l.requests} ${(l.logs + l.traces * 3 + l.requests * 7) % 2_147_483_647}\n`

/**
 * The byte lengths of the last commit: one line per durable round, appended after the data it
 * counts was synced. A torn last line (a crash mid-append) is not a commit, so neither is the
 * data after the one before it.
 */
export function readCommitted(dir: string): StreamLengths {
  let text: string
  try {
    text = readFileSync(commitsPath(dir), 'utf8')
  } catch {
    return { ...EMPTY }
  }
  const lines = text.split('\n')
  // Complete lines only: the piece after the last newline was cut off.
  for (let i = lines.length - 2; i >= 0; i--) {
    const parts = lines[i]!.split(' ').map(Number)
    if (parts.length !== 4 || !parts.every((n) => Number.isSafeInteger(n) && n >= 0)) continue
    const lengths = { logs: parts[0]!, traces: parts[1]!, requests: parts[2]! }
    if (commitLine(lengths) === `${lines[i]}\n`) return lengths
  }
  return { ...EMPTY }
}

/**
 * Cuts each stream of a segment left by a crash back to its last commit: bytes after it belong to
 * requests that were never answered, so their senders send them again.
 */
export function trimToCommitted(dir: string): StreamLengths {
  const committed = readCommitted(dir)
  for (const stream of STREAMS) {
    const path = streamPath(dir, stream)
    let size: number
    try {
      size = statSync(path).size
    } catch {
      continue
    }
    // A stream shorter than its commit cannot happen (data is synced first); keep what is there.
    if (size > committed[stream]) truncateSync(path, committed[stream])
  }
  return committed
}

export function removeSegment(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}

/** Bytes of one stream from one request, and the rows they hold. */
export interface SegmentChunk {
  data: Uint8Array
  rows: number
}

/** A segment being written: its stream files are appended to and synced round by round. */
export class OpenSegment {
  readonly lengths: StreamLengths = { ...EMPTY }
  /** Rows committed so far, per stream. */
  readonly rows: StreamLengths = { ...EMPTY }
  private commitsLength = 0
  private constructor(readonly info: SegmentInfo, private readonly files: Record<Stream, FileHandle>, private readonly commits: FileHandle) {}

  static async create(root: string, seq: number): Promise<OpenSegment> {
    const id = randomUUID()
    const dir = join(root, `${String(seq).padStart(12, '0')}-${id}`)
    mkdirSync(dir, { recursive: true })
    const files = {} as Record<Stream, FileHandle>
    for (const stream of STREAMS) files[stream] = await open(streamPath(dir, stream), 'w')
    return new OpenSegment({ dir, seq, id }, files, await open(commitsPath(dir), 'w'))
  }

  get totalRows(): number {
    return this.rows.logs + this.rows.traces
  }

  /**
   * One durable round: the chunks are written and synced, then a commit line that counts them.
   * On failure the streams are cut back to the last commit, so nothing of the round survives.
   */
  async commit(chunks: Record<Stream, SegmentChunk[]>): Promise<void> {
    const written: Partial<StreamLengths> = {}
    try {
      await Promise.all(STREAMS.map(async (stream) => {
        if (chunks[stream].length === 0) return
        // The requests' bytes as they came from the prepare stage: no join, no copy on the event loop.
        const buffers = chunks[stream].map((chunk) => chunk.data)
        const length = buffers.reduce((sum, data) => sum + data.byteLength, 0)
        const { bytesWritten } = await this.files[stream].writev(buffers, this.lengths[stream])
        if (bytesWritten !== length) throw new Error(`journal segment ${this.info.dir}: wrote ${bytesWritten} of ${length} bytes`)
        await this.files[stream].datasync()
        written[stream] = length
      }))
      const next = { ...this.lengths }
      for (const stream of STREAMS) next[stream] += written[stream] ?? 0
      const line = Buffer.from(commitLine(next))
      await this.commits.write(line, 0, line.length, this.commitsLength)
      await this.commits.datasync()
      this.commitsLength += line.length
      Object.assign(this.lengths, next)
      for (const stream of STREAMS) this.rows[stream] += chunks[stream].reduce((sum, chunk) => sum + chunk.rows, 0)
    } catch (error) {
      await Promise.all([
        ...STREAMS.map((stream) => this.files[stream].truncate(this.lengths[stream]).catch(() => undefined)),
        this.commits.truncate(this.commitsLength).catch(() => undefined),
      ])
      throw error
    }
  }

  async close(): Promise<void> {
    await Promise.all([...STREAMS.map((stream) => this.files[stream].close()), this.commits.close()])
  }
}

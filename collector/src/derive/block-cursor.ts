/**
 * The deriver's progress mark, pure: per raw table and per partition, the highest insert block
 * whose rows' calls are stored. Per partition because that is how the engines number blocks:
 * a MergeTree numbers a table's inserts in one sequence, a ReplicatedMergeTree numbers each
 * partition's from 0 (its block numbers live per partition in Keeper), so one number per table
 * would skip a new day's partition on a cluster. `enable_block_number_column` keeps each row's
 * number through merges (migration 11).
 */

import { TABLES } from '@claimcheck/shared'

export const RAW_TABLES = ['logs', 'traces'] as const
export type RawTable = (typeof RAW_TABLES)[number]

/** The `TABLES` entry of each raw table (`tableName` gives its stored name). */
export const RAW_TABLE_OF: Readonly<Record<RawTable, string>> = { logs: TABLES.logs, traces: TABLES.traces }

/** Partition id → highest block number; a partition not listed has no block derived. */
export type PartitionBlocks = Readonly<Record<string, number>>
export type BlockCursor = Readonly<Record<RawTable, PartitionBlocks>>

/** Below every block number (Replicated partitions start at block 0). */
export const NO_BLOCK = -1

export const EMPTY_CURSOR: BlockCursor = { logs: {}, traces: {} }

/** One partition's blocks in (from, to]. */
export interface BlockRange {
  partition: string
  from: number
  to: number
}

/** The partitions where `to` has blocks beyond `from`, with the range to read in each. */
export function blockRanges(from: PartitionBlocks, to: PartitionBlocks): BlockRange[] {
  return Object.entries(to)
    .map(([partition, hi]) => ({ partition, from: from[partition] ?? NO_BLOCK, to: hi }))
    .filter((range) => range.to > range.from)
    .sort((a, b) => a.partition.localeCompare(b.partition))
}

/** Whether `a` has blocks in any partition of either table that `b` has not reached. */
export function cursorAhead(a: BlockCursor, b: BlockCursor): boolean {
  return RAW_TABLES.some((table) => blockRanges(b[table], a[table]).length > 0)
}

/** An active part's block numbers, as system.parts lists them. */
export interface PartBlocks {
  min: number
  max: number
}

/**
 * Windows (lo, hi] of at most `step` blocks that cover the blocks of `range` held by `parts`, in
 * order: gaps between parts (another partition's blocks on a MergeTree, whose numbering is the
 * table's) cost no query, and each read is bounded whatever the gap to cover.
 */
export function blockWindows(range: BlockRange, parts: readonly PartBlocks[], step: number): [number, number][] {
  const spans = parts
    .map((part) => ({ lo: Math.max(part.min - 1, range.from), hi: Math.min(part.max, range.to) }))
    .filter((span) => span.hi > span.lo)
    .sort((a, b) => a.lo - b.lo)
  const windows: [number, number][] = []
  let covered = range.from
  for (const span of spans) {
    let lo = Math.max(span.lo, covered)
    while (lo < span.hi) {
      const hi = Math.min(span.hi, lo + step)
      windows.push([lo, hi])
      lo = hi
    }
    covered = Math.max(covered, span.hi)
  }
  return windows
}

/**
 * A stored mark: the per-partition form, or the one-number-per-table form earlier versions wrote
 * on single servers, where every partition shared the table's sequence, so the number holds for
 * each partition present (`partitions`, from the store's current blocks).
 */
export function parseCursor(value: unknown, partitions: BlockCursor): BlockCursor | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const stored = value as Record<string, unknown>
  const table = (name: RawTable): PartitionBlocks => {
    const mark = stored[name]
    if (typeof mark === 'number' || typeof mark === 'string') {
      return Object.fromEntries(Object.keys(partitions[name]).map((partition) => [partition, Number(mark)]))
    }
    if (typeof mark !== 'object' || mark === null) return {}
    return Object.fromEntries(Object.entries(mark).map(([partition, block]) => [partition, Number(block)]))
  }
  return { logs: table('logs'), traces: table('traces') }
}

import type { ClickHouseClient } from '@clickhouse/client'
import type { Logger } from 'pino'
import type { DdlContext } from '@claimcheck/shared'
import type { CallCandidate } from '../normalize/index.ts'
import { cursorAhead, type BlockCursor } from './block-cursor.ts'
import { currentBlocks, readCursor, writeCursor } from './cursor.ts'
import { deriveCandidates, missingCalls, pairCandidates, type DeriveOptions } from './derive-calls.ts'
import type { SettleTracker } from './settle-tracker.ts'

export interface RecoverOptions extends DeriveOptions {
  client: ClickHouseClient
  ctx: DdlContext
  tracker: SettleTracker
  logger: Logger
}

export interface Recovery {
  /** The durable mark the live path continues from. */
  cursor: BlockCursor
  /** Calls stored in raw rows after the mark and missing from gateway_calls: to write now. */
  complete: CallCandidate[]
  /** Missing calls seen in one description only: they wait for the other, as live ones do. */
  halves: CallCandidate[]
  /** The tracker entry the recovered calls settle; it holds the mark until they are stored. */
  request: number
  /** The raw block numbers when the live path starts: rows in (cursor, blocks] are in doubt. */
  blocks: BlockCursor
}

/**
 * Before the receivers open: the raw rows stored after the durable mark (acknowledged, but whose
 * calls may have been only in memory at a crash) are derived again, and the calls not in
 * gateway_calls are handed back to the live path. A first start on a store marks where it is.
 */
export async function recoverAtStart(options: RecoverOptions): Promise<Recovery> {
  const { client, ctx, tracker, logger } = options
  const request = tracker.open()
  const blocks = await currentBlocks(client, ctx)
  const cursor = await readCursor(client, ctx)
  if (!cursor) {
    await writeCursor(client, ctx, blocks)
    tracker.settle(request)
    return { cursor: blocks, complete: [], halves: [], request, blocks }
  }
  if (!cursorAhead(blocks, cursor)) {
    tracker.settle(request)
    return { cursor, complete: [], halves: [], request, blocks }
  }
  const started = performance.now()
  const derived = await deriveCandidates(client, ctx, cursor, blocks, options)
  const { complete, halves } = pairCandidates(derived)
  const missing = new Set(await missingCalls(client, ctx, [...complete, ...halves]))
  const recovered = { complete: complete.filter((c) => missing.has(c)), halves: halves.filter((c) => missing.has(c)) }
  tracker.add(request, recovered.complete.length + recovered.halves.length)
  tracker.settle(request)
  logger.info({
    from: cursor, to: blocks, candidates: derived.length, missing: missing.size, waitingForPartner: recovered.halves.length,
    seconds: Math.round(performance.now() - started) / 1000,
  }, missing.size > 0 ? 'recovered gateway calls from stored raw rows' : 'stored raw rows after the mark all have their gateway calls')
  return { cursor, ...recovered, request, blocks }
}

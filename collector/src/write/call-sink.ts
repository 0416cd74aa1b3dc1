import { createHash } from 'node:crypto'
import type { ClickHouseClient } from '@clickhouse/client'
import type { Logger } from 'pino'
import { backoffDelay, type BackoffPolicy } from '@claimcheck/shared'
import { describeError } from '@claimcheck/shared/node'
import type { CollectorMetrics } from '../metrics.ts'
import { toJsonCompactEachRow } from './rows-text.ts'
import { deduplicatedInsertStatement, STORE_RETRY_BACKOFF } from './store-insert.ts'

export interface CallSinkOptions<C> {
  client: ClickHouseClient
  /** Qualified `gateway_calls` name. */
  table: string
  columns: readonly string[]
  /** Rows per insert at most. */
  maxRows: number
  /** Least time between the starts of two inserts when calls trickle in. */
  minIntervalMs: number
  /** classify + build the `gateway_calls` row of one assembled call; returns the row and its cause. */
  toRow: (candidate: C) => { row: unknown[]; cause: string }
  /** Called once the candidates' rows are stored (or could never be built). */
  onStored: (candidates: C[]) => void
  metrics: CollectorMetrics
  logger: Logger
  /** Told the outcome of every insert attempt (store health). */
  onInsert?: (error?: unknown) => void
  /** Retry waits: full jitter under a doubling ceiling. Default STORE_RETRY_BACKOFF. */
  backoff?: BackoffPolicy
  /** The jitter's source, as Math.random (the default). */
  random?: () => number
  /** Injected so tests need not wait out real backoff. */
  sleep?: (ms: number) => Promise<void>
}

interface Queued<C> {
  text: string
  rows: number
  candidates: C[]
}

/** The deduplication token of a batch: its content, so the same retried batch is the same block. */
export function batchToken(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 40)
}

/** `INSERT … FORMAT JSONCompactEachRow` of a batch, deduplicated by a token of its content. */
export function deduplicatedInsert(table: string, columns: readonly string[]): (text: string) => string {
  return (text) => `${deduplicatedInsertStatement(table, columns, batchToken(text))}\n${text}`
}

/**
 * Writes assembled gateway calls. Their raw spans and logs are already stored and acknowledged,
 * so a failed insert is retried here, as the same batch with the same deduplication token, until
 * it succeeds: an attempt that failed after ClickHouse had stored the block (a lost answer, a full
 * disk while the rollups were written) is then stored once and completes the rollups it missed.
 * What is still queued at a crash is re-derived from the raw rows (see derive/).
 */
export function createCallSink<C>(options: CallSinkOptions<C>) {
  const backoff = options.backoff ?? STORE_RETRY_BACKOFF
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const insertQuery = deduplicatedInsert(options.table, options.columns)
  const queue: Queued<C>[] = []
  let queuedRows = 0
  let running: Promise<void> | undefined
  let lastStart = Number.NEGATIVE_INFINITY
  let stopped = false
  let failing = false

  const pump = async (): Promise<void> => {
    while (queue.length > 0 && !stopped) {
      const wait = queuedRows >= options.maxRows ? 0 : lastStart + options.minIntervalMs - Date.now()
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
      let rows = 0
      let count = 0
      while (count < queue.length && (count === 0 || rows + queue[count]!.rows <= options.maxRows)) rows += queue[count++]!.rows
      const batch = queue.slice(0, count)
      const text = batch.length === 1 ? batch[0]!.text : batch.map((queued) => queued.text).join('')
      const query = insertQuery(text)
      for (let attempt = 1; !stopped; attempt++) {
        lastStart = Date.now()
        const started = performance.now()
        try {
          await options.client.command({ query })
          options.metrics.batchRows.observe({ table: 'gateway_calls' }, rows)
          options.metrics.writeSeconds.observe({ table: 'gateway_calls', outcome: 'ok' }, (performance.now() - started) / 1000)
          options.onInsert?.()
          if (failing) options.logger.info({ rows }, 'gateway calls written again')
          failing = false
          queue.splice(0, count)
          queuedRows -= rows
          options.onStored(batch.flatMap((queued) => queued.candidates))
          break
        } catch (error) {
          options.metrics.writeSeconds.observe({ table: 'gateway_calls', outcome: 'error' }, (performance.now() - started) / 1000)
          options.onInsert?.(error)
          if (!failing) options.logger.warn({ rows, err: describeError(error) }, 'gateway calls insert failed; retrying the same batch')
          failing = true
          await sleep(backoffDelay(attempt, backoff, options.random))
        }
      }
    }
  }

  const kick = () => {
    running ??= pump().finally(() => {
      running = undefined
      if (queue.length > 0 && !stopped) kick()
    })
  }

  return {
    write(candidates: C[]): void {
      const rows: unknown[][] = []
      const built: C[] = []
      const unbuildable: C[] = []
      for (const candidate of candidates) {
        try {
          const { row, cause } = options.toRow(candidate)
          rows.push(row)
          built.push(candidate)
          options.metrics.gatewayCalls.inc(cause ? { outcome: 'auth_failure', cause } : { outcome: 'success', cause: 'none' })
        } catch (error) {
          // A classifier or mapping bug must not take down ingest: count it and keep going.
          options.metrics.rejected.inc({ signal: 'calls', reason: 'classify_failed' })
          options.logger.error({ err: error }, 'could not build a gateway call row')
          unbuildable.push(candidate)
        }
      }
      if (unbuildable.length > 0) options.onStored(unbuildable)
      if (rows.length === 0) return
      queue.push({ text: toJsonCompactEachRow(rows), rows: rows.length, candidates: built })
      queuedRows += rows.length
      kick()
    },
    /** Rows waiting to be written. */
    get backlog(): number {
      return queuedRows
    },
    /** Whether the last insert failed (and is being retried). */
    get failing(): boolean {
      return failing
    },
    /** Resolves once everything queued is written, or at `deadline` (epoch ms); then stops retrying. */
    async settled(deadline = Number.POSITIVE_INFINITY): Promise<void> {
      while (running && Date.now() < deadline) {
        await Promise.race([running, new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(100, deadline - Date.now()))))])
      }
      stopped = true
    },
  }
}

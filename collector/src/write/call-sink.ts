import type { Logger } from 'pino'
import { describeError } from '@claimcheck/shared/node'
import type { CollectorMetrics } from '../metrics.ts'
import type { TableWriter } from './table-writer.ts'

export interface CallSinkOptions<C> {
  writer: TableWriter
  /** classify + build the `gateway_calls` row of one assembled call; returns the row and its cause. */
  toRow: (candidate: C) => { row: unknown[]; cause: string }
  metrics: CollectorMetrics
  logger: Logger
  /** Attempts per batch before it is dropped (and counted). Default 4. */
  attempts?: number
  /** First retry delay; doubles each time. Default 500 ms. */
  backoffMs?: number
}

/**
 * Writes assembled gateway calls. Their raw spans and logs are already stored (and acknowledged),
 * so a failed insert is retried here with backoff rather than by the sender.
 */
export function createCallSink<C>(options: CallSinkOptions<C>): { write(candidates: C[]): void; settled(): Promise<void> } {
  const attempts = options.attempts ?? 4
  const backoffMs = options.backoffMs ?? 500
  const inFlight = new Set<Promise<void>>()

  const writeWithRetry = async (rows: unknown[][]) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await options.writer.write(rows)
        return
      } catch (error) {
        if (attempt >= attempts) {
          options.metrics.rejected.inc({ signal: 'calls', reason: 'write_failed' }, rows.length)
          options.logger.error({ rows: rows.length, err: describeError(error) }, 'gateway calls dropped after retries')
          return
        }
        await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)))
      }
    }
  }

  return {
    write(candidates) {
      const rows: unknown[][] = []
      for (const candidate of candidates) {
        try {
          const { row, cause } = options.toRow(candidate)
          rows.push(row)
          options.metrics.gatewayCalls.inc({ cause })
        } catch (error) {
          // A classifier or mapping bug must not take down ingest: count it and keep going.
          options.metrics.rejected.inc({ signal: 'calls', reason: 'classify_failed' })
          options.logger.error({ err: error }, 'could not build a gateway call row')
        }
      }
      if (rows.length === 0) return
      const pending = writeWithRetry(rows).finally(() => inFlight.delete(pending))
      inFlight.add(pending)
    },
    async settled() {
      while (inFlight.size > 0) await Promise.all([...inFlight])
    },
  }
}

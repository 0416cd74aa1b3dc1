import { SpanStatusCode, trace } from '@opentelemetry/api'
import type { Logger } from 'pino'
import { describeError } from '@claimcheck/shared/node'
import type { OtlpCodec } from './otlp/index.ts'
import type { CollectorMetrics } from './metrics.ts'
import { overloaded, shuttingDown, storeUnavailable, type ExportHandler, type ExportResult, type Signal } from './receive/export-handler.ts'
import type { IngestBudget } from './write/ingest-budget.ts'
import type { TableWriter } from './write/table-writer.ts'

/** What normalize makes of one decoded request: rows for the raw table and gateway-call candidates. */
export interface NormalizedExport<C> {
  rows: unknown[][]
  candidates: C[]
  /** Records on the wire (kept + rejected), for the received counter. */
  received: number
  rejected: number
  rejectionMessage: string
}

export interface IngestDeps<C> {
  normalize: (signal: Signal, codec: OtlpCodec, body: Uint8Array) => NormalizedExport<C>
  writers: Record<Signal, TableWriter>
  budget: IngestBudget
  /** Receives the candidates once their raw rows are durable. */
  onCandidates: (candidates: C[]) => void
  metrics: CollectorMetrics
  logger: Logger
}

const tracer = trace.getTracer('claimcheck-collector')

/**
 * decode → normalize → reserve → write → hand calls on. A request is answered only once its raw
 * rows are in ClickHouse; when the queue is full it is refused before anything is kept, so a
 * retry cannot duplicate data.
 */
export function createIngestHandler<C>(deps: IngestDeps<C>): ExportHandler & { stopAccepting(): void } {
  let accepting = true
  return {
    stopAccepting() {
      accepting = false
    },
    export(signal: Signal, codec: OtlpCodec, body: Uint8Array): Promise<ExportResult> {
      // A no-op unless claimcheck's own telemetry is enabled.
      return tracer.startActiveSpan(`otlp.export ${signal}`, async (span) => {
        span.setAttributes({ 'otlp.signal': signal, 'otlp.encoding': codec.name, 'otlp.body_bytes': body.length })
        try {
          const result = await exportOnce(signal, codec, body)
          span.setAttribute('otlp.rejected', result.rejected)
          return result
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message })
          throw error
        } finally {
          span.end()
        }
      })
    },
  }

  async function exportOnce(signal: Signal, codec: OtlpCodec, body: Uint8Array): Promise<ExportResult> {
    if (!accepting) throw shuttingDown()
    const normalized = deps.normalize(signal, codec, body)
    deps.metrics.received.inc({ signal }, normalized.received)
    if (normalized.rejected > 0) deps.metrics.rejected.inc({ signal, reason: 'invalid_record' }, normalized.rejected)
    const rowCount = normalized.rows.length
    if (!deps.budget.tryReserve(rowCount)) {
      deps.metrics.rejected.inc({ signal, reason: 'queue_full' }, rowCount)
      throw overloaded()
    }
    deps.metrics.queueDepth.set(deps.budget.depth)
    try {
      await deps.writers[signal].write(normalized.rows)
    } catch (error) {
      deps.metrics.rejected.inc({ signal, reason: 'write_failed' }, rowCount)
      deps.logger.warn({ signal, rows: rowCount, err: describeError(error) }, 'insert failed; sender will retry')
      throw storeUnavailable()
    } finally {
      deps.budget.release(rowCount)
      deps.metrics.queueDepth.set(deps.budget.depth)
    }
    deps.metrics.accepted.inc({ signal }, rowCount)
    if (normalized.candidates.length > 0) deps.onCandidates(normalized.candidates)
    return { rejected: normalized.rejected, message: normalized.rejectionMessage }
  }
}

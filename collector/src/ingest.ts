import { SpanStatusCode, trace } from '@opentelemetry/api'
import type { Logger } from 'pino'
import { describeError } from '@claimcheck/shared/node'
import type { OtlpCodec } from './otlp/index.ts'
import type { CollectorMetrics } from './metrics.ts'
import { overloaded, shuttingDown, storeRefusing, storeUnavailable, type ExportHandler, type ExportResult, type Signal } from './receive/export-handler.ts'
import type { SettleTracker } from './derive/settle-tracker.ts'
import type { IngestBudget } from './write/ingest-budget.ts'
import type { JournalEntry } from './write/journal/ingest-journal.ts'
import type { PreparedExport } from './prepare/prepared-export.ts'
import { requestToken, type RecentRequests } from './write/recent-requests.ts'

export interface IngestDeps<C> {
  /** decode → normalize → serialize (prepare/): the raw rows as journal text and the gateway-call candidates. */
  prepare: (signal: Signal, codec: OtlpCodec, body: Uint8Array) => Promise<PreparedExport<C>>
  /** Makes a request's rows and token durable (journal/); its rows are inserted from there. */
  journal: { append(entry: JournalEntry): Promise<void> }
  /** Rows reserved here are released once inserted (the journal's inserter) or at once if the append fails. */
  budget: IngestBudget
  /** Registers each request's work until its calls are stored (the deriver's resume point). */
  tracker: SettleTracker
  /** Requests stored recently, so a retried one is stored once. */
  recent: RecentRequests
  /** Whether gateway-call rows are queued past their bound: their memory, like the journal's backlog, is bounded by refusing (429). */
  callsBehind?: () => boolean
  /** Why writes are refused right now (store failing, disk reserve reached), or undefined. */
  refusal?: () => string | undefined
  /** Receives the candidates once their raw rows are durable (journaled); `request` is the tracker entry to settle. */
  onCandidates: (candidates: C[], request: number) => void
  metrics: CollectorMetrics
  logger: Logger
}

const tracer = trace.getTracer('claimcheck-collector')

/**
 * prepare (decode → normalize → serialize) → reserve → journal → hand calls on. A request is
 * answered only once its raw rows and token are synced to the ingest journal, from which they are
 * inserted; when the queue is full it is refused before anything is kept, so a retry cannot
 * duplicate data. A request whose
 * token was stored recently (a sender's retry after a lost answer) is answered without storing it again.
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
    const token = requestToken(signal, body)
    const previous = deps.recent.find(token)
    if (previous !== undefined) {
      deps.metrics.rejected.inc({ signal, reason: 'duplicate_request' })
      return previous
    }
    const refusal = deps.refusal?.()
    if (refusal !== undefined) {
      deps.metrics.rejected.inc({ signal, reason: 'store_refusing' })
      throw storeRefusing(refusal)
    }
    const attempt = storeOnce(signal, codec, body, token)
    deps.recent.begin(token, attempt)
    try {
      const result = await attempt
      deps.recent.stored(token, result)
      return result
    } catch (error) {
      deps.recent.forget(token)
      throw error
    }
  }

  async function storeOnce(signal: Signal, codec: OtlpCodec, body: Uint8Array, token: string): Promise<ExportResult> {
    const prepared = await deps.prepare(signal, codec, body)
    deps.metrics.received.inc({ signal }, prepared.received)
    if (prepared.rejected > 0) deps.metrics.rejected.inc({ signal, reason: 'invalid_record' }, prepared.rejected)
    const { rowCount } = prepared
    if (deps.callsBehind?.() || !deps.budget.tryReserve(rowCount)) {
      deps.metrics.rejected.inc({ signal, reason: 'queue_full' }, rowCount)
      throw overloaded()
    }
    deps.metrics.queueDepth.set(deps.budget.depth)
    // Opened before the rows can reach a table: the deriver's mark stays before them until their calls are stored.
    const request = deps.tracker.open()
    if (rowCount > 0) {
      try {
        await deps.journal.append({ signal, data: prepared.data, rowCount, token })
      } catch (error) {
        deps.tracker.cancel(request)
        deps.budget.release(rowCount)
        deps.metrics.queueDepth.set(deps.budget.depth)
        deps.metrics.rejected.inc({ signal, reason: 'write_failed' }, rowCount)
        deps.logger.warn({ signal, rows: rowCount, err: describeError(error) }, 'journal write failed; sender will retry')
        throw storeUnavailable()
      }
    }
    deps.metrics.accepted.inc({ signal }, rowCount)
    deps.tracker.add(request, prepared.candidates.length)
    deps.tracker.settle(request)
    if (prepared.candidates.length > 0) deps.onCandidates(prepared.candidates, request)
    return { rejected: prepared.rejected, message: prepared.rejectionMessage }
  }
}

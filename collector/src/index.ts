import type { Logger } from 'pino'
import { collectorListenHost, GATEWAY_CALL_COLUMNS, OTEL_LOG_COLUMNS, OTEL_TRACE_COLUMNS, qualify, TABLES, type Config } from '@claimcheck/shared'
import { createBearerAuth, type Store } from '@claimcheck/shared/node'
import type { Classifier } from '@claimcheck/classifier'
import { createIngestHandler } from './ingest.ts'
import { createCollectorMetrics, type CollectorMetrics } from './metrics.ts'
import { Redactor, mergeCallCandidates, toGatewayCallRowFromCandidate, type CallCandidate } from './normalize/index.ts'
import { createNormalizeExport } from './pipeline.ts'
import { startGrpcReceiver } from './receive/grpc-receiver.ts'
import { startHttpReceiver } from './receive/http-receiver.ts'
import { CallAssembler } from './write/call-assembler.ts'
import { createCallSink } from './write/call-sink.ts'
import { IngestBudget } from './write/ingest-budget.ts'
import { TableWriter } from './write/table-writer.ts'
import { createLiveClassifier } from './user-rules/index.ts'

export { createNormalizeExport, normalizeExport } from './pipeline.ts'
export { createLiveClassifier, loadStoredRules, rulesFromRows, type LiveClassifier, type StoredRulesSnapshot } from './user-rules/index.ts'
export { createCollectorMetrics, type CollectorMetrics } from './metrics.ts'

export interface CollectorDeps {
  store: Store
  config: Config
  logger: Logger
  /** How often stored user rules are re-read, ms. Default 2,000. */
  userRulesPollMs?: number
}

export interface Collector {
  httpPort: number
  grpcPort: number
  metrics: CollectorMetrics
  classifier: Classifier
  /** Applies stored user rules changed in this process at once, without waiting for the poll. */
  refreshUserRules(): Promise<void>
  /** Stops accepting, writes everything accepted (and the calls still waiting for a partner), then resolves. */
  close(): Promise<void>
}

/** OTLP/HTTP + OTLP/gRPC receivers over the ingest pipeline, writing into the store. */
export async function startCollector({ store, config, logger, userRulesPollMs }: CollectorDeps): Promise<Collector> {
  const log = logger.child({ component: 'collector' })
  const settings = config.collector
  const metrics = createCollectorMetrics()
  const ctx = { database: store.database }
  const writerFor = (table: string, columns: readonly string[]) =>
    new TableWriter({
      client: store.writer,
      table: qualify(ctx, table),
      columns,
      maxRows: settings.batchMaxRows,
      minIntervalMs: settings.batchMinIntervalMs,
      onFlush: ({ rows, seconds, error }) => {
        metrics.batchRows.observe({ table }, rows)
        metrics.writeSeconds.observe({ table, outcome: error ? 'error' : 'ok' }, seconds)
      },
    })
  const writers = { logs: writerFor(TABLES.logs, OTEL_LOG_COLUMNS), traces: writerFor(TABLES.traces, OTEL_TRACE_COLUMNS) }
  const callsWriter = writerFor(TABLES.calls, GATEWAY_CALL_COLUMNS)

  const classifier = await createLiveClassifier({ client: store.writer, ctx, config: config.classifier, logger: log, pollMs: userRulesPollMs })
  const sink = createCallSink<CallCandidate>({
    writer: callsWriter,
    toRow: (candidate) => {
      const verdict = classifier.classify(candidate.facts)
      return { row: toGatewayCallRowFromCandidate(candidate, verdict), cause: verdict.cause }
    },
    metrics,
    logger: log,
  })
  const assembler = new CallAssembler<CallCandidate>({
    windowMs: settings.correlationWindowMs,
    maxWaiting: Math.max(1_000, Math.floor(settings.queueMaxRows / 2)),
    merge: mergeCallCandidates,
    emit: (candidates) => {
      sink.write(candidates)
      metrics.pendingCalls.set(assembler.size)
    },
  })
  const redactor = new Redactor(settings.redaction, (field, rule) => metrics.countRedaction(field, rule))
  const handler = createIngestHandler<CallCandidate>({
    normalize: createNormalizeExport(redactor),
    writers,
    budget: new IngestBudget(settings.queueMaxRows),
    onCandidates: (candidates) => {
      assembler.add(candidates)
      metrics.pendingCalls.set(assembler.size)
    },
    metrics,
    logger: log,
  })
  const authorize = createBearerAuth(settings.authTokens)
  // Loopback unless ingest tokens or an explicit host are set: an open ingest is never exposed by default.
  const { host } = collectorListenHost(config)
  const http = await startHttpReceiver({
    host, port: settings.httpPort, maxBodyBytes: settings.maxBodyBytes, handler, authorize, logger: log,
    metrics: metrics.registry,
    onResponse: (signal, status) => metrics.requests.inc({ transport: 'http', signal, code: String(status) }),
  })
  const grpc = await startGrpcReceiver({
    host, port: settings.grpcPort, maxBodyBytes: settings.maxBodyBytes, handler, authorize, logger: log,
    onResponse: (signal, code) => metrics.requests.inc({ transport: 'grpc', signal, code: String(code) }),
  }).catch(async (error: unknown) => {
    await http.close()
    throw error
  })

  let closing: Promise<void> | undefined
  return {
    httpPort: http.port,
    grpcPort: grpc.port,
    metrics,
    classifier,
    refreshUserRules: () => classifier.refresh(),
    close() {
      closing ??= (async () => {
        handler.stopAccepting()
        await Promise.all([http.close(), grpc.close()])
        await Promise.all([writers.logs.flush(), writers.traces.flush()])
        assembler.drain()
        await callsWriter.flush()
        await sink.settled()
        classifier.close()
        log.info('collector stopped; accepted data written')
      })()
      return closing
    },
  }
}
export { reclassifyCalls, type ReclassifyOptions, type ReclassifyProgress } from './reclassify/index.ts'

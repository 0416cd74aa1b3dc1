import { join, resolve } from 'node:path'
import type { Logger } from 'pino'
import { collectorListenHost, GATEWAY_CALL_COLUMNS, OTEL_LOG_COLUMNS, OTEL_TRACE_COLUMNS, qualify, TABLES, type Config, type StoreHealth } from '@claimcheck/shared'
import { createBearerAuth, describeError, type Store } from '@claimcheck/shared/node'
import { cursorAhead } from './derive/block-cursor.ts'
import { Checkpointer } from './derive/cursor.ts'
import { recoverAtStart } from './derive/recover.ts'
import { reconcileRollups } from './derive/reconcile-rollups.ts'
import { SettleTracker } from './derive/settle-tracker.ts'
import { createIngestHandler } from './ingest.ts'
import { createCollectorMetrics, type CollectorMetrics } from './metrics.ts'
import { mergeCallCandidates, toGatewayCallRowFromCandidate, type CallCandidate } from './normalize/index.ts'
import { startPrepareThreads } from './prepare/prepare-threads.ts'
import { RouteLimiter } from './normalize/route-template.ts'
import { startGrpcReceiver } from './receive/grpc-receiver.ts'
import { startHttpReceiver } from './receive/http-receiver.ts'
import { CallAssembler } from './write/call-assembler.ts'
import { createCallSink } from './write/call-sink.ts'
import { IngestBudget } from './write/ingest-budget.ts'
import { StoreGuard } from './write/store-guard.ts'
import { IngestJournal } from './write/journal/ingest-journal.ts'
import { createSegmentInserter } from './write/journal/segment-inserter.ts'
import { INGEST_REQUEST_COLUMNS, loadRecentRequests } from './write/request-log.ts'
import { RecentRequests } from './write/recent-requests.ts'
import { createLiveClassifier, type LiveClassifier } from './user-rules/index.ts'

export { createNormalizeExport, normalizeExport } from './pipeline.ts'
export { createLiveClassifier, loadStoredRules, rulesFromRows, type LiveClassifier, type StoredRulesSnapshot } from './user-rules/index.ts'
export { collectProcessMetrics, createCollectorMetrics, type CollectorMetrics } from './metrics.ts'

/** A call candidate with the tracker entries (requests) it settles once stored. */
type TrackedCandidate = CallCandidate & { requests: number[] }

/** The table each journal stream is inserted into (unqualified: metric labels and store health). */
const STREAM_TABLES = { logs: TABLES.logs, traces: TABLES.traces, requests: TABLES.ingestRequests } as const

/** How long close() keeps inserting the journal and writing calls before leaving them to the next start. */
const STOP_FLUSH_GRACE_MS = 4_000

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
  /** The classifier in force, stored user rules included (polled, or refreshed by refreshUserRules). */
  classifier: LiveClassifier
  /** Applies stored user rules changed in this process at once, without waiting for the poll. */
  refreshUserRules(): Promise<void>
  /** Whether the store takes writes: disk reserve, detached parts, failing inserts. */
  storeHealth(): StoreHealth
  /** Stops accepting, writes everything accepted; calls still waiting for a partner are left to the next start. */
  close(): Promise<void>
}

/** OTLP/HTTP + OTLP/gRPC receivers over the ingest pipeline, writing into the store. */
export async function startCollector({ store, config, logger, userRulesPollMs }: CollectorDeps): Promise<Collector> {
  const log = logger.child({ component: 'collector' })
  const settings = config.collector
  const metrics = createCollectorMetrics()
  const budget = new IngestBudget(settings.queueMaxRows, settings.maxQueueWaitMs)
  const guard = new StoreGuard({ client: store.writer, database: store.database, reserveBytes: settings.diskReserveMb * 1024 * 1024, metrics, logger: log })
  await guard.start()
  const ctx = store.schema
  const journal = IngestJournal.open({
    root: resolve(settings.journalDir ?? join(config.store.dataDir, 'ingest-journal')),
    maxRows: settings.batchMaxRows,
    minIntervalMs: settings.batchMinIntervalMs,
  })
  const inserter = createSegmentInserter({
    client: store.writer,
    mode: store.mode,
    targets: {
      logs: { table: qualify(ctx, STREAM_TABLES.logs), columns: OTEL_LOG_COLUMNS },
      traces: { table: qualify(ctx, STREAM_TABLES.traces), columns: OTEL_TRACE_COLUMNS },
      requests: { table: qualify(ctx, STREAM_TABLES.requests), columns: INGEST_REQUEST_COLUMNS },
    },
    onInsert: ({ stream, seconds, error }) => {
      const table = STREAM_TABLES[stream]
      guard.noteWrite(table, error)
      metrics.writeSeconds.observe({ table, outcome: error ? 'error' : 'ok' }, seconds)
    },
    onSegment: ({ rows, seconds }) => {
      if (!rows) return
      const total = rows.logs + rows.traces
      budget.noteInsert(total, seconds)
      budget.release(total)
      metrics.queueDepth.set(budget.depth)
      if (rows.logs > 0) metrics.batchRows.observe({ table: TABLES.logs }, rows.logs)
      if (rows.traces > 0) metrics.batchRows.observe({ table: TABLES.traces }, rows.traces)
    },
    logger: log,
  })
  // Acknowledged before the last stop and not inserted yet: stored before anything reads the raw tables.
  const replayStarted = performance.now()
  const replayed = await inserter.insertLeftovers(journal)
  if (replayed > 0) log.info({ segments: replayed, seconds: Math.round(performance.now() - replayStarted) / 1000 }, 'inserted the ingest journal left by the last stop')
  const tracker = new SettleTracker()
  const recent = new RecentRequests()
  await loadRecentRequests(store.writer, ctx, recent).catch((error: unknown) => log.warn({ err: describeError(error) }, 'could not load recent request tokens'))

  const classifier = await createLiveClassifier({ client: store.writer, ctx, config: config.classifier, logger: log, pollMs: userRulesPollMs })
  const routes = new RouteLimiter(settings.maxRoutesPerService, (service) => metrics.routeOverflow.inc({ service }))
  const sink = createCallSink<TrackedCandidate>({
    client: store.writer,
    table: qualify(ctx, TABLES.calls),
    columns: GATEWAY_CALL_COLUMNS,
    maxRows: settings.batchMaxRows,
    minIntervalMs: settings.batchMinIntervalMs,
    toRow: (candidate) => {
      candidate.facts.route = routes.admit(candidate.facts.serviceName, candidate.facts.route)
      const verdict = classifier.classify(candidate.facts)
      return { row: toGatewayCallRowFromCandidate(candidate, verdict), cause: verdict.cause }
    },
    onStored: (candidates) => {
      for (const candidate of candidates) for (const request of candidate.requests) tracker.settle(request)
      metrics.callsBacklog.set(sink.backlog)
    },
    metrics,
    logger: log,
    onInsert: (error) => guard.noteWrite(TABLES.calls, error),
  })
  const assembler = new CallAssembler<TrackedCandidate>({
    windowMs: settings.correlationWindowMs,
    maxWaiting: Math.max(1_000, Math.floor(settings.queueMaxRows / 2)),
    merge: (a, b) => ({ ...mergeCallCandidates(a, b), requests: [...a.requests, ...b.requests] }),
    emit: (candidates) => {
      sink.write(candidates)
      metrics.pendingCalls.set(assembler.size)
      metrics.callsBacklog.set(sink.backlog)
    },
  })
  const recovery = await recoverAtStart({ client: store.writer, ctx, tracker, logger: log })
  if (cursorAhead(recovery.blocks, recovery.cursor)) {
    const rebuilt = await reconcileRollups(store.writer, ctx)
    if (Object.keys(rebuilt).length > 0) log.warn({ rebuilt }, 'rebuilt rollup minutes that missed calls at the unclean stop')
  }
  if (recovery.complete.length > 0 || recovery.halves.length > 0) {
    metrics.derived.inc(recovery.complete.length + recovery.halves.length)
    sink.write(recovery.complete.map((candidate) => ({ ...candidate, requests: [recovery.request] })))
    assembler.add(recovery.halves.map((candidate) => ({ ...candidate, requests: [recovery.request] })))
  }
  const checkpointer = new Checkpointer({ client: store.writer, ctx, tracker, logger: log }, recovery.cursor)
  checkpointer.start()
  const inserting = inserter.run(journal)
  const callsBacklogLimit = Math.max(1_000, settings.queueMaxRows)
  const preparing = await startPrepareThreads({
    threads: settings.prepareThreads, redaction: settings.redaction, logger: log,
    onRedaction: (field, rule, count) => metrics.countRedaction(field, rule, count),
  })
  metrics.observePrepareThreads(preparing)
  const handler = createIngestHandler<CallCandidate>({
    prepare: (signal, codec, body) => preparing.prepare(signal, codec, body),
    journal,
    budget,
    tracker,
    recent,
    callsBehind: () => sink.backlog > callsBacklogLimit,
    refusal: () => guard.refusal()
      ?? (inserter.failing ? 'the raw tables cannot be written; retry later' : undefined)
      ?? (sink.failing && sink.backlog > callsBacklogLimit ? 'gateway_calls cannot be written; retry later' : undefined),
    onCandidates: (candidates, request) => {
      assembler.add(candidates.map((candidate) => ({ ...candidate, requests: [request] })))
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
    onResponse: (signal, status) => metrics.requests.inc({ transport: 'http', signal, http_status: String(status) }),
  }).catch(async (error: unknown) => {
    await journal.close()
    await preparing.close()
    throw error
  })
  const grpc = await startGrpcReceiver({
    host, port: settings.grpcPort, maxBodyBytes: settings.maxBodyBytes, handler, authorize, logger: log,
    onResponse: (signal, code) => metrics.requests.inc({ transport: 'grpc', signal, grpc_code: String(code) }),
  }).catch(async (error: unknown) => {
    await http.close()
    await journal.close()
    await preparing.close()
    throw error
  })

  let closing: Promise<void> | undefined
  return {
    httpPort: http.port,
    grpcPort: grpc.port,
    metrics,
    classifier,
    refreshUserRules: () => classifier.refresh(),
    storeHealth: () => guard.health(),
    close() {
      closing ??= (async () => {
        handler.stopAccepting()
        await Promise.all([http.close(), grpc.close()])
        await preparing.close()
        await journal.close()
        // Calls still waiting for their partner are not written alone: the durable mark stays
        // before them, and the next start derives them again, where they keep waiting (the partner
        // may come in a sender's retry).
        assembler.stop()
        // Both at once, within one grace period: past it, what is not inserted stays in the journal
        // (the next start inserts it first) and calls not written stay in the raw rows (derived again).
        const deadline = Date.now() + STOP_FLUSH_GRACE_MS
        const journalDrained = Promise.race([inserting.then(() => true), new Promise<boolean>((done) => setTimeout(() => done(false), STOP_FLUSH_GRACE_MS).unref())])
        const [drained] = await Promise.all([journalDrained, sink.settled(deadline)])
        if (!drained) {
          inserter.stop()
          log.warn('ingest journal not fully inserted at stop; the next start inserts the rest')
        }
        await checkpointer.stop()
        guard.stop()
        classifier.close()
        log.info('collector stopped; accepted data written')
      })()
      return closing
    },
  }
}
export { reclassifyCalls, type ReclassifyOptions, type ReclassifyProgress } from './reclassify/index.ts'
export { backfill, derivePass, inspectExporterTables, readTimeCursor, tail, type BackfillProgress, type TimeWindowOptions } from './derive/time-window.ts'

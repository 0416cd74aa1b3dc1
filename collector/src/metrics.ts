import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

/** The collector's Prometheus metrics, on one registry served at `/metrics`. */
/**
 * Distinct `key` labels of the redaction counter at most: keys come from senders, so past this
 * many the rest are counted under `(other)` and the series count stays bounded.
 */
export const MAX_REDACTION_KEYS = 200

/**
 * prom-client's default Node.js process metrics under their stock names (process_*, nodejs_*), so
 * the usual Node.js dashboards work on claimcheck. Its three `nodejs_active_*_total` are gauges
 * named like counters (promtool refuses them); the same numbers stay, by type, in
 * `nodejs_active_handles` / `_requests` / `_resources` without the suffix.
 */
export function collectProcessMetrics(registry: Registry): void {
  collectDefaultMetrics({ register: registry })
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) registry.removeSingleMetric(name)
}

/** What the prepare threads report (prepare/prepare-threads.ts). */
export interface PrepareThreadFigures {
  /** Threads running now (fewer than asked for while a lost one is replaced; meanwhile the event loop prepares). */
  readonly running: number
  /** Time the threads spent working since they started, seconds (event-loop utilization: waiting for a core counts). */
  busySeconds(): number
  /** The threads' V8 heaps as last reported, bytes. */
  heapBytes(): number
}

export function createCollectorMetrics(registry = new Registry()) {
  collectProcessMetrics(registry)
  const redactions = new Counter({
    name: 'claimcheck_redactions_total',
    help: 'Credentials masked before storage, by field (attribute key as stored, or body, scope.name, …) and detector rule',
    labelNames: ['key', 'rule'] as const,
    registers: [registry],
  })
  const redactionKeys = new Set<string>()
  let prepare: PrepareThreadFigures | undefined
  let prepareReported = 0
  return {
    registry,
    redactions,
    countRedaction(key: string, rule: string, count = 1): void {
      if (!redactionKeys.has(key)) {
        if (redactionKeys.size >= MAX_REDACTION_KEYS) key = '(other)'
        else redactionKeys.add(key)
      }
      redactions.inc({ key, rule }, count)
    },
    requests: new Counter({
      name: 'claimcheck_otlp_requests_total',
      // HTTP status and gRPC status code are different vocabularies: one label each, never mixed.
      help: 'OTLP export requests by transport, signal and response status (http_status for OTLP/HTTP, grpc_code for OTLP/gRPC)',
      labelNames: ['transport', 'signal', 'http_status', 'grpc_code'] as const,
      registers: [registry],
    }),
    received: new Counter({
      name: 'claimcheck_records_received_total',
      help: 'Log records and spans received, by signal',
      labelNames: ['signal'] as const,
      registers: [registry],
    }),
    accepted: new Counter({
      name: 'claimcheck_records_accepted_total',
      help: 'Log records and spans written to ClickHouse, by signal',
      labelNames: ['signal'] as const,
      registers: [registry],
    }),
    rejected: new Counter({
      name: 'claimcheck_records_rejected_total',
      help: 'Log records and spans not stored, by signal and reason',
      labelNames: ['signal', 'reason'] as const,
      registers: [registry],
    }),
    gatewayCalls: new Counter({
      name: 'claimcheck_gateway_calls_total',
      help: 'Gateway calls derived from spans and logs, by outcome (success, auth_failure) and cause (none for a success)',
      labelNames: ['outcome', 'cause'] as const,
      registers: [registry],
    }),
    batchRows: new Histogram({
      name: 'claimcheck_batch_rows',
      help: 'Rows per ClickHouse insert, by table',
      labelNames: ['table'] as const,
      buckets: [1, 10, 100, 1_000, 5_000, 10_000, 20_000, 50_000],
      registers: [registry],
    }),
    writeSeconds: new Histogram({
      name: 'claimcheck_write_duration_seconds',
      help: 'ClickHouse insert latency, by table and outcome',
      labelNames: ['table', 'outcome'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    writeErrors: new Counter({
      name: 'claimcheck_write_errors_total',
      help: 'ClickHouse inserts that failed, by table',
      labelNames: ['table'] as const,
      registers: [registry],
    }),
    callsBacklog: new Gauge({
      name: 'claimcheck_calls_backlog_rows',
      help: 'Gateway call rows assembled and not yet written',
      registers: [registry],
    }),
    derived: new Counter({
      name: 'claimcheck_calls_recovered_total',
      help: 'Gateway calls re-derived from stored raw rows after a crash or outage',
      registers: [registry],
    }),
    storeFreeBytes: new Gauge({
      name: 'claimcheck_store_free_bytes',
      help: 'Free bytes on the fullest local ClickHouse disk',
      registers: [registry],
    }),
    detachedParts: new Gauge({
      name: 'claimcheck_store_detached_parts',
      help: "Parts ClickHouse detached from claimcheck's tables (system.detached_parts)",
      registers: [registry],
    }),
    storeMemoryBytes: new Gauge({
      name: 'claimcheck_store_memory_bytes',
      help: "Memory ClickHouse tracks for queries, merges and caches (system.metrics MemoryTracking); the embedded engine's share of this process's memory",
      registers: [registry],
    }),
    storeRefusing: new Gauge({
      name: 'claimcheck_store_refusing_writes',
      help: '1 while senders are answered 503 because the store cannot take writes (disk reserve, failing inserts)',
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'claimcheck_queue_rows',
      help: 'Rows accepted and not yet written',
      registers: [registry],
    }),
    routeOverflow: new Counter({
      name: 'claimcheck_route_overflow_total',
      help: 'Calls whose route was replaced by "other" because their service reached its distinct-route limit, by service',
      labelNames: ['service'] as const,
      registers: [registry],
    }),
    prepareBusy: new Counter({
      name: 'claimcheck_prepare_busy_seconds_total',
      help: 'Time the prepare threads spent decoding, normalizing and serializing request bodies (near 1 per second per thread: they are the bottleneck)',
      registers: [registry],
      collect(this: Counter) {
        const busy = prepare?.busySeconds() ?? 0
        if (busy > prepareReported) this.inc(busy - prepareReported)
        prepareReported = Math.max(prepareReported, busy)
      },
    }),
    prepareThreads: new Gauge({
      name: 'claimcheck_prepare_threads',
      help: 'Prepare threads running (fewer than collector.prepareThreads while a lost one is replaced)',
      registers: [registry],
      collect(this: Gauge) {
        this.set(prepare?.running ?? 0)
      },
    }),
    prepareHeap: new Gauge({
      name: 'claimcheck_prepare_heap_bytes',
      help: "The prepare threads' V8 heaps (nodejs_heap_size_total_bytes counts the main thread's only)",
      registers: [registry],
      collect(this: Gauge) {
        this.set(prepare?.heapBytes() ?? 0)
      },
    }),
    /** The prepare threads whose figures the scrapes read. */
    observePrepareThreads(threads: PrepareThreadFigures): void {
      prepare = threads
    },
    pendingCalls: new Gauge({
      name: 'claimcheck_calls_awaiting_partner',
      help: 'Gateway calls waiting for their span or log partner',
      registers: [registry],
    }),
  }
}

export type CollectorMetrics = ReturnType<typeof createCollectorMetrics>

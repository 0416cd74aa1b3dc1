import type { ClickHouseClient } from '@clickhouse/client'
import { TABLES } from '@claimcheck/shared'
import { StatusResponseSchema, type CollectorStats, type StatusResponse, type StoreHealth } from '@claimcheck/shared'
import { currentStoreHealth } from '../routes/health.ts'
import { bindOperations } from '../http/operations.ts'
import { sendParsed } from './routes/respond.ts'
import { type Fragment, param, qualifiedReadTable, qualifiedTable, readRows, sql, type Store } from '@claimcheck/shared/node'

/** The slice of a prom-client `Registry` the status page reads (the collector's metrics). */
export interface MetricsSource {
  getMetricsAsJSON(): Promise<{ name: string; values: { value: number; labels: Record<string, string | number | undefined> }[] }[]>
}

export interface StatusDeps {
  store: Store
  version: string
  startedAt: Date
  /** The in-process collector's registry; absent when the collector is another process. */
  collectorMetrics?: MetricsSource | undefined
  /** Free bytes the collector keeps on ClickHouse's disk (collector.diskReserveMb). */
  reserveBytes?: number
  /** The in-process collector's store health. */
  storeHealth?: (() => StoreHealth) | undefined
}

const INGEST_MINUTES = 60

const rows = <T>(client: ClickHouseClient, fragment: Fragment, signal?: AbortSignal): Promise<T[]> => readRows<T>(client, fragment, { signal })

/** Counters by label from the collector's Prometheus registry. */
export async function readCollectorStats(source: MetricsSource): Promise<CollectorStats> {
  const metrics = await source.getMetricsAsJSON()
  const values = (name: string) => metrics.find((m) => m.name === name)?.values ?? []
  const bySignal = (name: string) => {
    const out: Record<string, number> = {}
    for (const v of values(name)) {
      const signal = String(v.labels.signal ?? 'all')
      out[signal] = (out[signal] ?? 0) + v.value
    }
    return out
  }
  return {
    received: bySignal('claimcheck_records_received_total'),
    accepted: bySignal('claimcheck_records_accepted_total'),
    rejected: values('claimcheck_records_rejected_total').map((v) => ({ signal: String(v.labels.signal ?? ''), reason: String(v.labels.reason ?? ''), count: v.value })),
    queueDepth: values('claimcheck_queue_rows')[0]?.value ?? 0,
    pendingCalls: values('claimcheck_calls_awaiting_partner')[0]?.value ?? 0,
  }
}

/** Storage per table, schema version, ClickHouse version and ingest per minute over the last hour. */
export async function getStatus(deps: StatusDeps, signal?: AbortSignal): Promise<StatusResponse> {
  const { store } = deps
  const ctx = store.schema
  const reader = store.reader
  const [clickhouseVersion, tables, migrations, calls, logs, spans, collector, storeHealth] = await Promise.all([
    store.version(),
    rows<{ table: string; rows: string; bytes: string; uncompressed: string; parts: string }>(
      reader,
      sql`SELECT table, sum(rows) AS rows, sum(bytes_on_disk) AS bytes, sum(data_uncompressed_bytes) AS uncompressed, count() AS parts
       FROM system.parts WHERE active AND database = ${param(store.database, 'String')} GROUP BY table ORDER BY sum(bytes_on_disk) DESC`,
      signal,
    ),
    rows<{ Version: number; Name: string; AppliedAt: string }>(
      reader,
      sql`SELECT Version, any(Name) AS Name, toUnixTimestamp(max(AppliedAt)) AS AppliedAt FROM ${qualifiedTable(ctx, TABLES.migrations)} GROUP BY Version ORDER BY Version`,
      signal,
    ),
    perMinute(reader, qualifiedReadTable(ctx, TABLES.calls), sql`IngestedAt`, signal),
    perMinute(reader, qualifiedReadTable(ctx, TABLES.logs), sql`TimestampTime`, signal),
    perMinute(reader, qualifiedReadTable(ctx, TABLES.traces), sql`toDateTime(Timestamp)`, signal),
    deps.collectorMetrics ? readCollectorStats(deps.collectorMetrics) : Promise.resolve(null),
    currentStoreHealth({ store, reserveBytes: deps.reserveBytes ?? 0, storeHealth: deps.storeHealth }),
  ])
  const nowMinute = Math.floor(Date.now() / 60_000) * 60_000
  const ingest = Array.from({ length: INGEST_MINUTES }, (_, i) => {
    const t = nowMinute - (INGEST_MINUTES - 1 - i) * 60_000
    return { t, calls: calls.get(t) ?? 0, logs: logs.get(t) ?? 0, spans: spans.get(t) ?? 0 }
  })
  return StatusResponseSchema.parse({
    version: deps.version,
    clickhouseVersion,
    store: { mode: store.mode, location: store.location, database: store.database },
    migrations: migrations.map((m) => ({ version: Number(m.Version), name: m.Name, appliedAt: Number(m.AppliedAt) * 1000 })),
    tables: tables.map((t) => ({ table: t.table, rows: Number(t.rows), bytesOnDisk: Number(t.bytes), uncompressedBytes: Number(t.uncompressed), parts: Number(t.parts) })),
    ingest,
    collector,
    storeHealth,
    uptimeSeconds: Math.round((Date.now() - deps.startedAt.getTime()) / 1000),
    generatedAt: Date.now(),
  })
}

async function perMinute(client: ClickHouseClient, table: Fragment, timeExpr: Fragment, signal?: AbortSignal): Promise<Map<number, number>> {
  const result = await rows<{ t: string; n: string }>(
    client,
    sql`SELECT toUnixTimestamp(toStartOfMinute(${timeExpr})) AS t, count() AS n FROM ${table}
     WHERE ${timeExpr} >= now() - INTERVAL ${param(INGEST_MINUTES, 'UInt32')} MINUTE GROUP BY t`,
    signal,
  )
  return new Map(result.map((r) => [Number(r.t) * 1000, Number(r.n)]))
}

/** `GET /api/v1/status`, for `createDashboardApp({ operations })`. */
export function statusHandlers(deps: StatusDeps) {
  return bindOperations({
    getStatus: async (req, res) => {
      const controller = new AbortController()
      req.on('close', () => controller.abort())
      sendParsed(res, StatusResponseSchema, await getStatus(deps, controller.signal))
    },
  })
}

import { z } from 'zod'

/**
 * `GET /api/v1/status`: what the Status page shows. Numbers are plain JSON numbers (row and byte
 * counts stay far below 2^53); times are epoch milliseconds.
 */
export const TableStorageSchema = z.object({
  table: z.string(),
  rows: z.number(),
  bytesOnDisk: z.number(),
  uncompressedBytes: z.number(),
  parts: z.number(),
})
export type TableStorage = z.infer<typeof TableStorageSchema>

export const AppliedMigrationSchema = z.object({
  version: z.number(),
  name: z.string(),
  /** Epoch ms. */
  appliedAt: z.number(),
})
export type AppliedMigration = z.infer<typeof AppliedMigrationSchema>

/** Rows per minute by the time they arrived (gateway_calls) or happened (logs, spans). */
export const IngestMinuteSchema = z.object({
  /** Minute start, epoch ms. */
  t: z.number(),
  calls: z.number(),
  logs: z.number(),
  spans: z.number(),
})
export type IngestMinute = z.infer<typeof IngestMinuteSchema>

/** The in-process collector's counters; null when the collector runs in another process. */
export const CollectorStatsSchema = z.object({
  received: z.record(z.string(), z.number()),
  accepted: z.record(z.string(), z.number()),
  rejected: z.array(z.object({ signal: z.string(), reason: z.string(), count: z.number() })),
  queueDepth: z.number(),
  pendingCalls: z.number(),
})
export type CollectorStats = z.infer<typeof CollectorStatsSchema>

/** Whether ClickHouse can take writes safely: disk space against the reserve, broken parts, failing inserts. */
export const StoreHealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  /** What makes it degraded, one sentence each; empty when ok. */
  problems: z.array(z.string()),
  /** Free and total bytes on the fullest ClickHouse disk; null when the server does not say. */
  freeBytes: z.number().nullable(),
  totalBytes: z.number().nullable(),
  /** Free space under which claimcheck stops accepting writes (collector.diskReserveMb). */
  reserveBytes: z.number(),
  /** Parts ClickHouse detached from claimcheck's tables, and how many of them as broken. */
  detachedParts: z.number(),
  brokenParts: z.number(),
  /** Failed inserts since the collector started; null when the collector is another process. */
  writeErrors: z.number().nullable(),
  lastWriteError: z.string().nullable(),
  /** Whether senders are answered 503 right now. */
  refusingWrites: z.boolean(),
})
export type StoreHealth = z.infer<typeof StoreHealthSchema>

/** Where the store is: embedded (a data directory) or remote (a ClickHouse URL), and its database. */
const StoreInfoSchema = z.object({ mode: z.enum(['embedded', 'remote']), location: z.string(), database: z.string() })

export const StatusResponseSchema = z.object({
  version: z.string(),
  clickhouseVersion: z.string(),
  store: StoreInfoSchema,
  migrations: z.array(AppliedMigrationSchema),
  tables: z.array(TableStorageSchema),
  ingest: z.array(IngestMinuteSchema),
  collector: CollectorStatsSchema.nullable(),
  storeHealth: StoreHealthSchema.optional(),
  uptimeSeconds: z.number(),
  /** Epoch ms when this status was computed. */
  generatedAt: z.number(),
})
export type StatusResponse = z.infer<typeof StatusResponseSchema>

/** `GET /api/health` once the store answers: `degraded` when it cannot take writes safely. */
export const HealthResponseSchema = z.object({
  status: StoreHealthSchema.shape.status,
  version: z.string(),
  store: StoreInfoSchema.extend({ clickhouseVersion: z.string() }),
  storeHealth: StoreHealthSchema,
  startedAt: z.iso.datetime(),
  uptimeSeconds: z.number(),
})
export type HealthResponse = z.infer<typeof HealthResponseSchema>

/** `GET /api/health` with status 503: the store does not answer. */
export const HealthUnavailableSchema = z.object({
  status: z.literal('unavailable'),
  store: StoreInfoSchema.pick({ mode: true, location: true }),
})
export type HealthUnavailable = z.infer<typeof HealthUnavailableSchema>

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

export const StatusResponseSchema = z.object({
  version: z.string(),
  clickhouseVersion: z.string(),
  store: z.object({ mode: z.enum(['embedded', 'remote']), location: z.string(), database: z.string() }),
  migrations: z.array(AppliedMigrationSchema),
  tables: z.array(TableStorageSchema),
  ingest: z.array(IngestMinuteSchema),
  collector: CollectorStatsSchema.nullable(),
  uptimeSeconds: z.number(),
  /** Epoch ms when this status was computed. */
  generatedAt: z.number(),
})
export type StatusResponse = z.infer<typeof StatusResponseSchema>

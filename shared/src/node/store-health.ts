import type { ClickHouseClient } from '@clickhouse/client'
import type { StoreHealth } from '../api/status.ts'
import { readRows } from '../sql/run.ts'
import { param, sql } from '../sql/template.ts'

/** What the engine says about its disks and claimcheck's detached parts. */
export interface StoreFacts {
  freeBytes: number | null
  totalBytes: number | null
  detachedParts: number
  brokenParts: number
  /** Memory the engine tracks (system.metrics MemoryTracking); embedded, part of this process's RSS. */
  memoryBytes: number | null
}

/** The in-process collector's view of its inserts. */
export interface WriteState {
  writeErrors: number
  /** The last insert failed (and is being retried or was answered 503). */
  failing: boolean
  lastWriteError: string | null
}

export async function readStoreFacts(client: ClickHouseClient, database: string): Promise<StoreFacts> {
  const [disks, detached, memory] = await Promise.all([
    readRows<{ free: string | null; total: string | null }>(client, sql`SELECT min(free_space) AS free, any(total_space) AS total FROM system.disks WHERE type = 'Local'`),
    readRows<{ n: string; broken: string }>(client,
      sql`SELECT count() AS n, countIf(startsWith(ifNull(reason, ''), 'broken')) AS broken FROM system.detached_parts WHERE database = ${param(database, 'String')}`),
    readRows<{ bytes: string }>(client, sql`SELECT value AS bytes FROM system.metrics WHERE metric = 'MemoryTracking'`),
  ])
  const disk = disks[0]
  const total = disk?.total === null || disk?.total === undefined ? null : Number(disk.total)
  return {
    // An empty min() over no local disk (object storage only) is 0 with a total of 0: unknown, not full.
    freeBytes: total ? Number(disk!.free) : null,
    totalBytes: total || null,
    detachedParts: Number(detached[0]?.n ?? 0),
    brokenParts: Number(detached[0]?.broken ?? 0),
    memoryBytes: memory[0] ? Number(memory[0].bytes) : null,
  }
}

const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`

/** ok / degraded and why, from the facts, the reserve and (in the collector's process) the write state. */
export function assessStoreHealth(facts: StoreFacts, reserveBytes: number, writes?: WriteState): StoreHealth {
  const problems: string[] = []
  const belowReserve = reserveBytes > 0 && facts.freeBytes !== null && facts.freeBytes < reserveBytes
  if (belowReserve) problems.push(`ClickHouse's disk has ${mib(facts.freeBytes!)} free, under the ${mib(reserveBytes)} reserve: new data is refused until space is freed`)
  if (facts.detachedParts > 0) {
    problems.push(`${facts.detachedParts} detached part(s) in claimcheck's tables${facts.brokenParts > 0 ? `, ${facts.brokenParts} broken` : ''}: see system.detached_parts`)
  }
  if (writes?.failing) problems.push(`inserts are failing: ${writes.lastWriteError ?? 'unknown error'}`)
  return {
    status: problems.length > 0 ? 'degraded' : 'ok',
    problems,
    freeBytes: facts.freeBytes,
    totalBytes: facts.totalBytes,
    reserveBytes,
    detachedParts: facts.detachedParts,
    brokenParts: facts.brokenParts,
    writeErrors: writes ? writes.writeErrors : null,
    lastWriteError: writes?.lastWriteError ?? null,
    refusingWrites: belowReserve || (writes?.failing ?? false),
  }
}

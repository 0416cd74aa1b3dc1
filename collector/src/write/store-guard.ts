import type { ClickHouseClient } from '@clickhouse/client'
import type { Logger } from 'pino'
import type { StoreHealth } from '@claimcheck/shared'
import { assessStoreHealth, describeError, readStoreFacts, type StoreFacts } from '@claimcheck/shared/node'
import type { CollectorMetrics } from '../metrics.ts'

export interface StoreGuardOptions {
  client: ClickHouseClient
  database: string
  /** Free bytes to keep on ClickHouse's disk; 0 turns the check off. */
  reserveBytes: number
  metrics: CollectorMetrics
  logger: Logger
  /** How often disks and detached parts are read. Default 2,000 ms. */
  intervalMs?: number
}

/**
 * Watches whether the store can take writes: free disk space against the reserve (checked before
 * the disk is full, so a merge never runs out of space mid-part), detached parts, and the
 * collector's own insert failures. Ingest asks `refusal()` before storing a request; recovery is
 * automatic: the next reading above the reserve lets requests through again.
 */
export class StoreGuard {
  private facts: StoreFacts = { freeBytes: null, totalBytes: null, detachedParts: 0, brokenParts: 0, memoryBytes: null }
  private writeErrors = 0
  private failingTables = new Set<string>()
  private lastWriteError: string | null = null
  private timer: NodeJS.Timeout | undefined
  private refusing = false

  constructor(private readonly options: StoreGuardOptions) {}

  async start(): Promise<void> {
    await this.check()
    this.timer = setInterval(() => void this.check(), this.options.intervalMs ?? 2_000)
    this.timer.unref()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
  }

  /** Records the outcome of an insert into `table`. */
  noteWrite(table: string, error?: unknown): void {
    if (error === undefined) {
      this.failingTables.delete(table)
      return
    }
    this.writeErrors++
    this.failingTables.add(table)
    this.lastWriteError = `${table}: ${describeError(error)}`
    this.options.metrics.writeErrors.inc({ table })
  }

  /**
   * Why new data is refused now, or undefined. Only the disk reserve refuses up front: a failing
   * insert answers its own requests 503, and the next request is the probe that finds it fixed.
   */
  refusal(): string | undefined {
    const { reserveBytes } = this.options
    const free = this.facts.freeBytes
    if (reserveBytes === 0 || free === null || free >= reserveBytes) return undefined
    return this.health().problems[0]
  }

  health(): StoreHealth {
    return assessStoreHealth(this.facts, this.options.reserveBytes, {
      writeErrors: this.writeErrors, failing: this.failingTables.size > 0, lastWriteError: this.lastWriteError,
    })
  }

  private async check(): Promise<void> {
    try {
      this.facts = await readStoreFacts(this.options.client, this.options.database)
    } catch (error) {
      this.options.logger.warn({ err: describeError(error) }, 'could not read ClickHouse disk state')
      return
    }
    const { metrics, logger } = this.options
    if (this.facts.freeBytes !== null) metrics.storeFreeBytes.set(this.facts.freeBytes)
    metrics.detachedParts.set(this.facts.detachedParts)
    if (this.facts.memoryBytes !== null) metrics.storeMemoryBytes.set(this.facts.memoryBytes)
    const health = this.health()
    metrics.storeRefusing.set(health.refusingWrites ? 1 : 0)
    if (health.refusingWrites !== this.refusing) {
      this.refusing = health.refusingWrites
      if (this.refusing) logger.error({ problems: health.problems }, 'refusing new data until the store can take it')
      else logger.info({ freeBytes: this.facts.freeBytes }, 'store takes writes again')
    }
  }
}

import type { ClickHouseClient } from '@clickhouse/client'
import type { Logger } from 'pino'
import { qualify, tableName, TABLES, type DdlContext } from '@claimcheck/shared'
import { describeError, param, qualifiedTable, readRows, sql } from '@claimcheck/shared/node'
import { cursorAhead, EMPTY_CURSOR, parseCursor, RAW_TABLE_OF, type BlockCursor, type PartBlocks, type RawTable } from './block-cursor.ts'
import type { SettleTracker } from './settle-tracker.ts'

/** claimcheck_meta key of the cursor. */
export const CURSOR_KEY = 'deriver.cursor'

/** The last JSON value stored under `key` in claimcheck_meta; undefined when none was. */
export async function readMeta(client: ClickHouseClient, ctx: DdlContext, key: string): Promise<unknown> {
  const [row] = await readRows<{ Value: string; n: string | number }>(client,
    sql`SELECT argMax(Value, UpdatedAt) AS Value, count() AS n FROM ${qualifiedTable(ctx, TABLES.meta)} WHERE Key = ${param(key, 'String')}`)
  return row && Number(row.n) > 0 ? JSON.parse(row.Value) : undefined
}

export async function writeMeta(client: ClickHouseClient, ctx: DdlContext, key: string, value: unknown): Promise<void> {
  await client.insert({ table: qualify(ctx, TABLES.meta), values: [{ Key: key, Value: JSON.stringify(value) }], format: 'JSONEachRow' })
}

/** The stored mark (block-cursor.ts explains the form); undefined on a store that has none yet. */
export async function readCursor(client: ClickHouseClient, ctx: DdlContext, key = CURSOR_KEY): Promise<BlockCursor | undefined> {
  const stored = await readMeta(client, ctx, key)
  if (stored === undefined) return undefined
  const legacy = typeof stored === 'object' && stored !== null && Object.values(stored).some((mark) => typeof mark === 'number')
  return parseCursor(stored, legacy ? await currentBlocks(client, ctx) : EMPTY_CURSOR)
}

export function writeCursor(client: ClickHouseClient, ctx: DdlContext, cursor: BlockCursor, key = CURSOR_KEY): Promise<void> {
  return writeMeta(client, ctx, key, cursor)
}

const rawTableNames = (ctx: DdlContext) => ({ logs: tableName(ctx, RAW_TABLE_OF.logs), traces: tableName(ctx, RAW_TABLE_OF.traces) })

/** The highest block number committed so far in each partition of each raw table. */
export async function currentBlocks(client: ClickHouseClient, ctx: DdlContext): Promise<BlockCursor> {
  const names = rawTableNames(ctx)
  const rows = await readRows<{ table: string; partition: string; block: string | number }>(client, sql`SELECT table, partition_id AS partition, max(max_block_number) AS block FROM system.parts
WHERE database = ${param(ctx.database, 'String')} AND table IN (${param(names.logs, 'String')}, ${param(names.traces, 'String')}) AND active GROUP BY table, partition_id`)
  const of = (table: RawTable) => Object.fromEntries(rows.filter((row) => row.table === names[table]).map((row) => [row.partition, Number(row.block)]))
  return { logs: of('logs'), traces: of('traces') }
}

/** The active parts of a raw table's partition that hold blocks after `from`. */
export async function partsAfter(client: ClickHouseClient, ctx: DdlContext, table: RawTable, partition: string, from: number): Promise<PartBlocks[]> {
  const parts = await readRows<{ min: string | number; max: string | number }>(client, sql`SELECT min_block_number AS min, max_block_number AS max FROM system.parts
WHERE database = ${param(ctx.database, 'String')} AND table = ${param(rawTableNames(ctx)[table], 'String')} AND partition_id = ${param(partition, 'String')}
  AND active AND max_block_number > ${param(from, 'Int64')}`)
  return parts.map((part) => ({ min: Number(part.min), max: Number(part.max) }))
}

export interface CheckpointerOptions {
  client: ClickHouseClient
  ctx: DdlContext
  tracker: SettleTracker
  logger: Logger
  /** How often block numbers are sampled and the mark moved. Default 1,000 ms. */
  intervalMs?: number
  now?: () => number
}

/**
 * Moves the durable mark forward as the live path settles its work: it samples the raw tables'
 * block numbers, and persists the newest sample taken before the tracker's low water (all work
 * registered before it is stored). A crash loses at most the work after the mark, which the
 * deriver re-derives from the raw rows at the next start.
 */
export class Checkpointer {
  private samples: { at: number; blocks: BlockCursor }[] = []
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined
  private readonly now: () => number

  constructor(private readonly options: CheckpointerOptions, private persisted: BlockCursor) {
    this.now = options.now ?? Date.now
  }

  get mark(): BlockCursor {
    return this.persisted
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs ?? 1_000)
    this.timer.unref()
  }

  /** One sample-and-persist round; rounds never overlap. */
  tick(): Promise<void> {
    this.running ??= this.round().finally(() => {
      this.running = undefined
    })
    return this.running
  }

  /** Stops sampling and persists what the settled work allows. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
    await this.running
    await this.round()
  }

  private async round(): Promise<void> {
    const { client, ctx, tracker, logger } = this.options
    try {
      const blocks = await currentBlocks(client, ctx)
      this.samples.push({ at: this.now(), blocks })
      const lowWater = tracker.lowWater()
      let usable = -1
      for (let i = 0; i < this.samples.length && this.samples[i]!.at < lowWater; i++) usable = i
      if (usable < 0) return
      const chosen = this.samples[usable]!.blocks
      this.samples = this.samples.slice(usable)
      if (!cursorAhead(chosen, this.persisted)) return
      await writeCursor(client, ctx, chosen)
      this.persisted = chosen
    } catch (error) {
      logger.warn({ err: describeError(error) }, 'could not move the deriver mark; will retry')
    }
  }
}

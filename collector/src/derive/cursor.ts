import type { ClickHouseClient } from '@clickhouse/client'
import type { Logger } from 'pino'
import { qualify, tableName, TABLES, type DdlContext } from '@claimcheck/shared'
import { describeError } from '@claimcheck/shared/node'
import type { SettleTracker } from './settle-tracker.ts'

/**
 * The deriver's durable progress mark: per raw table, the insert block number up to which every
 * row's gateway call is stored. MergeTree numbers a table's blocks in insert order and
 * `enable_block_number_column` keeps each row's number through merges (migration 11), so "rows
 * after the mark" is exact whatever the rows' own timestamps say.
 */
export const BlockCursorSchemaKeys = ['logs', 'traces'] as const
export type BlockCursor = Record<(typeof BlockCursorSchemaKeys)[number], number>

/** claimcheck_meta key of the cursor. */
export const CURSOR_KEY = 'deriver.cursor'

/** The last JSON value stored under `key` in claimcheck_meta; undefined when none was. */
export async function readMeta(client: ClickHouseClient, ctx: DdlContext, key: string): Promise<unknown> {
  const result = await client.query({
    query: `SELECT argMax(Value, UpdatedAt) AS Value, count() AS n FROM ${qualify(ctx, TABLES.meta)} WHERE Key = {key:String}`,
    query_params: { key },
    format: 'JSONEachRow',
  })
  const [row] = await result.json<{ Value: string; n: string | number }>()
  return row && Number(row.n) > 0 ? JSON.parse(row.Value) : undefined
}

export async function writeMeta(client: ClickHouseClient, ctx: DdlContext, key: string, value: unknown): Promise<void> {
  await client.insert({ table: qualify(ctx, TABLES.meta), values: [{ Key: key, Value: JSON.stringify(value) }], format: 'JSONEachRow' })
}

export async function readCursor(client: ClickHouseClient, ctx: DdlContext, key = CURSOR_KEY): Promise<BlockCursor | undefined> {
  const parsed = (await readMeta(client, ctx, key)) as Partial<BlockCursor> | undefined
  return parsed && { logs: Number(parsed.logs ?? 0), traces: Number(parsed.traces ?? 0) }
}

export function writeCursor(client: ClickHouseClient, ctx: DdlContext, cursor: BlockCursor, key = CURSOR_KEY): Promise<void> {
  return writeMeta(client, ctx, key, cursor)
}

/** The highest block number committed so far in each raw table (0 for an empty table). */
export async function currentBlocks(client: ClickHouseClient, ctx: DdlContext): Promise<BlockCursor> {
  const result = await client.query({
    query: `SELECT table, max(max_block_number) AS block FROM system.parts
WHERE database = {database:String} AND table IN ({logs:String}, {traces:String}) AND active GROUP BY table`,
    query_params: { database: ctx.database, logs: tableName(ctx, TABLES.logs), traces: tableName(ctx, TABLES.traces) },
    format: 'JSONEachRow',
  })
  const rows = await result.json<{ table: string; block: string | number }>()
  const of = (table: string) => Number(rows.find((row) => row.table === tableName(ctx, table))?.block ?? 0)
  return { logs: of(TABLES.logs), traces: of(TABLES.traces) }
}

export const cursorAhead = (a: BlockCursor, b: BlockCursor): boolean => a.logs > b.logs || a.traces > b.traces

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

import type { ClickHouseClient } from '@clickhouse/client'

export interface TableWriterOptions {
  client: ClickHouseClient
  /** Qualified table name. */
  table: string
  /** Insert column order; every row is an array in this order. */
  columns: readonly string[]
  maxRows: number
  maxDelayMs: number
  /** Called after each insert attempt, for metrics. */
  onFlush?: (result: { table: string; rows: number; seconds: number; error?: unknown }) => void
}

interface Pending {
  /** The request's rows, already JSONCompactEachRow text. */
  text: string
  rows: number
  resolve: () => void
  reject: (error: unknown) => void
}

/** JSONCompactEachRow text: one JSON array per line. V8's whole-row stringify is the fast path. */
export function toJsonCompactEachRow(rows: readonly unknown[][]): string {
  let text = ''
  for (let i = 0; i < rows.length; i++) text += `${JSON.stringify(rows[i])}\n`
  return text
}

/**
 * Collects rows from many requests into size- and time-bounded inserts. `write` resolves only
 * once the rows are in ClickHouse, so a receiver acknowledges nothing that could still be lost.
 * One insert at a time per table keeps parts large and ClickHouse's merge load low.
 * Rows are serialized when they arrive (text is smaller than row objects while they wait) and a
 * batch goes out as one `INSERT … FORMAT JSONCompactEachRow` statement with its data: the same
 * request for a server over HTTP and for the embedded engine, which would otherwise drain the
 * client's row-per-chunk stream into this very string.
 */
export class TableWriter {
  private pending: Pending[] = []
  private pendingRows = 0
  private timer: NodeJS.Timeout | undefined
  private inFlight: Promise<void> = Promise.resolve()

  private readonly insertStatement: string

  constructor(private readonly options: TableWriterOptions) {
    this.insertStatement = `INSERT INTO ${options.table} (${options.columns.map((column) => `\`${column}\``).join(', ')}) FORMAT JSONCompactEachRow`
  }

  write(rows: readonly unknown[][]): Promise<void> {
    if (rows.length === 0) return Promise.resolve()
    const text = toJsonCompactEachRow(rows)
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ text, rows: rows.length, resolve, reject })
      this.pendingRows += rows.length
      if (this.pendingRows >= this.options.maxRows) this.flushSoon()
      else this.timer ??= setTimeout(() => this.flushSoon(), this.options.maxDelayMs)
    })
  }

  /** Writes everything queued so far; resolves when it is written (or failed). */
  async flush(): Promise<void> {
    this.flushSoon()
    await this.inFlight
  }

  get queuedRows(): number {
    return this.pendingRows
  }

  private flushSoon(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    if (this.pending.length === 0) return
    const batch = this.pending
    const rowCount = this.pendingRows
    this.pending = []
    this.pendingRows = 0
    this.inFlight = this.inFlight.then(() => this.insert(batch, rowCount))
  }

  private async insert(batch: Pending[], rowCount: number): Promise<void> {
    const started = performance.now()
    const data = batch.length === 1 ? batch[0]!.text : batch.map((pending) => pending.text).join('')
    try {
      await this.options.client.command({ query: `${this.insertStatement}\n${data}` })
      this.options.onFlush?.({ table: this.options.table, rows: rowCount, seconds: (performance.now() - started) / 1000 })
      for (const pending of batch) pending.resolve()
    } catch (error) {
      this.options.onFlush?.({ table: this.options.table, rows: rowCount, seconds: (performance.now() - started) / 1000, error })
      for (const pending of batch) pending.reject(error)
    }
  }
}

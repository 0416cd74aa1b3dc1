import type { ClickHouseClient } from '@clickhouse/client'

export interface TableWriterOptions {
  client: ClickHouseClient
  /** Qualified table name. */
  table: string
  /** Insert column order; every row is an array in this order. */
  columns: readonly string[]
  /** Rows per insert at most (whole requests: one larger request still goes alone). */
  maxRows: number
  /** Least time between the starts of two inserts, so a trickle of requests does not make a part each. */
  minIntervalMs: number
  /** Called after each insert attempt, for metrics. */
  onFlush?: (result: { table: string; rows: number; seconds: number; error?: unknown }) => void
  /** Epoch ms; tests pass a fake clock. */
  now?: () => number
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
 * Collects rows from many requests into inserts. `write` resolves only once the rows are in
 * ClickHouse, so a receiver acknowledges nothing that could still be lost.
 *
 * Batches adapt to load instead of waiting on a timer: one insert at a time per table, and while
 * it runs the next batch fills, so under load batches grow to whatever arrives during an insert
 * (up to `maxRows`) and an idle collector answers at once. `minIntervalMs` spaces inserts out when
 * requests trickle in, keeping parts few. A fixed delay would cap closed-loop senders (OTel
 * exporters wait for each answer) at one batch per delay.
 *
 * Rows are serialized when they arrive (text is smaller than row objects while they wait) and a
 * batch goes out as one `INSERT … FORMAT JSONCompactEachRow` statement with its data: the same
 * request for a server over HTTP and for the embedded engine, which would otherwise drain the
 * client's row-per-chunk stream into this very string.
 */
export class TableWriter {
  private pending: Pending[] = []
  private pendingRows = 0
  private timer: NodeJS.Timeout | undefined
  private inFlight: Promise<void> | undefined
  private lastStart = Number.NEGATIVE_INFINITY
  private readonly insertStatement: string
  private readonly now: () => number

  constructor(private readonly options: TableWriterOptions) {
    this.insertStatement = `INSERT INTO ${options.table} (${options.columns.map((column) => `\`${column}\``).join(', ')}) FORMAT JSONCompactEachRow`
    this.now = options.now ?? Date.now
  }

  write(rows: readonly unknown[][]): Promise<void> {
    if (rows.length === 0) return Promise.resolve()
    const text = toJsonCompactEachRow(rows)
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ text, rows: rows.length, resolve, reject })
      this.pendingRows += rows.length
      this.schedule()
    })
  }

  /** Writes everything queued so far, interval or not; resolves when it is written (or failed). */
  async flush(): Promise<void> {
    for (;;) {
      if (this.inFlight) await this.inFlight
      else if (this.pending.length > 0) this.start()
      else return
    }
  }

  get queuedRows(): number {
    return this.pendingRows
  }

  private schedule(): void {
    if (this.inFlight || this.pending.length === 0) return
    const wait = this.pendingRows >= this.options.maxRows ? 0 : this.lastStart + this.options.minIntervalMs - this.now()
    if (wait <= 0) return this.start()
    this.timer ??= setTimeout(() => {
      this.timer = undefined
      this.schedule()
    }, wait)
  }

  private start(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    let rows = 0
    let count = 0
    while (count < this.pending.length && (count === 0 || rows + this.pending[count]!.rows <= this.options.maxRows)) rows += this.pending[count++]!.rows
    const batch = this.pending.splice(0, count)
    this.pendingRows -= rows
    this.lastStart = this.now()
    this.inFlight = this.insert(batch, rows).finally(() => {
      this.inFlight = undefined
      this.schedule()
    })
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

/**
 * The bound on accepted-but-unwritten rows across all tables. A request reserves its rows before
 * it is accepted and releases them once written (or failed), so memory stays bounded whatever
 * the senders do: past the bound the receiver answers 429 / RESOURCE_EXHAUSTED.
 *
 * The bound is also one of time: from the insert rate measured on recent inserts, a request whose
 * rows would wait longer than `maxWaitMs` behind the queue is refused at once, while the sender
 * can still retry, instead of being acknowledged after its exporter has timed out (OTel
 * exporters give up after 10 s by default) and sent again.
 */
export class IngestBudget {
  private used = 0
  /** Rows per second the store inserted recently (moving average); 0 until measured. */
  private rate = 0

  constructor(readonly capacity: number, readonly maxWaitMs = Number.POSITIVE_INFINITY) {}

  /** Reserves `rows`, or returns false when they do not fit. A request larger than the whole budget fits only into an empty one. */
  tryReserve(rows: number): boolean {
    if (rows <= 0) return true
    if (this.used > 0 && this.used + rows > this.capacity) return false
    if (this.used > 0 && this.estimatedWaitMs(rows) > this.maxWaitMs) return false
    this.used += rows
    return true
  }

  release(rows: number): void {
    this.used = Math.max(0, this.used - rows)
  }

  /** Records one insert of `rows` that took `seconds`, for the wait estimate. */
  noteInsert(rows: number, seconds: number): void {
    if (rows <= 0 || seconds <= 0) return
    const sample = rows / seconds
    this.rate = this.rate === 0 ? sample : 0.8 * this.rate + 0.2 * sample
  }

  /** How long `rows` more would wait behind what is queued, at the measured rate; 0 before any measurement. */
  estimatedWaitMs(rows = 0): number {
    return this.rate > 0 ? ((this.used + rows) / this.rate) * 1000 : 0
  }

  get depth(): number {
    return this.used
  }
}

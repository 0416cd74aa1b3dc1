/**
 * The bound on accepted-but-unwritten rows across all tables. A request reserves its rows before
 * it is accepted and releases them once written (or failed), so memory stays bounded whatever
 * the senders do: past the bound the receiver answers 429 / RESOURCE_EXHAUSTED.
 */
export class IngestBudget {
  private used = 0
  constructor(readonly capacity: number) {}

  /** Reserves `rows`, or returns false when they do not fit. A request larger than the whole budget fits only into an empty one. */
  tryReserve(rows: number): boolean {
    if (rows <= 0) return true
    if (this.used > 0 && this.used + rows > this.capacity) return false
    this.used += rows
    return true
  }

  release(rows: number): void {
    this.used = Math.max(0, this.used - rows)
  }

  get depth(): number {
    return this.used
  }
}

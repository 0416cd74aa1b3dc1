/**
 * Which acknowledged work still lives only in memory. A request opens an entry *before* its raw
 * insert starts and adds one count per call candidate once the rows are stored; each count is
 * settled when that call's `gateway_calls` row is written. `lowWater()` is the registration time
 * of the oldest unsettled entry: every raw block committed before it has its calls stored, so a
 * block-number sample taken before it is a safe resume point for the deriver.
 */
export class SettleTracker {
  // Ids grow with time and entries are only removed, so the first entry is the oldest one.
  private readonly entries = new Map<number, { at: number; pending: number }>()
  private nextId = 1

  constructor(private readonly now: () => number = Date.now) {}

  /** Registers work about to start; it holds the low water until settled or cancelled. */
  open(): number {
    const id = this.nextId++
    this.entries.set(id, { at: this.now(), pending: 1 })
    return id
  }

  /** Adds `count` calls to settle under `id`. */
  add(id: number, count: number): void {
    const entry = this.entries.get(id)
    if (entry) entry.pending += count
  }

  /** Settles `count` of `id`'s work; the entry goes once nothing is left. */
  settle(id: number, count = 1): void {
    const entry = this.entries.get(id)
    if (!entry) return
    entry.pending -= count
    if (entry.pending <= 0) this.entries.delete(id)
  }

  /** Drops an entry whose work was refused (nothing acknowledged). */
  cancel(id: number): void {
    this.entries.delete(id)
  }

  /** Registration time of the oldest unsettled work, or now when everything is settled. */
  lowWater(): number {
    const first = this.entries.values().next()
    return first.done ? this.now() : first.value.at
  }

  get size(): number {
    return this.entries.size
  }
}

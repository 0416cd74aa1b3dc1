import { PairingMemory } from './pairing-memory.ts'

/**
 * Joins the two descriptions of one gateway call — its HTTP SERVER span and its access-log
 * record, which arrive in separate exports seconds apart — so the call is counted once.
 * A candidate waits up to `windowMs` for its partner, keyed by TraceId + SpanId; one without ids
 * cannot have a partner and is emitted at once, and so is one of a service that does not send
 * both signals (see PairingMemory).
 */
export interface CallCandidateLike {
  traceId: string
  spanId: string
  facts: { serviceName: string }
}

export interface CallAssemblerOptions<T extends CallCandidateLike> {
  windowMs: number
  /** Waiting candidates at most; past it the oldest is emitted alone, to bound memory. */
  maxWaiting: number
  merge: (a: T, b: T) => T
  emit: (candidates: T[]) => void
  now?: () => number
}

export class CallAssembler<T extends CallCandidateLike> {
  // Map keeps insertion order, which is arrival order: the oldest entries come first.
  private readonly waiting = new Map<string, { candidate: T; due: number }>()
  private timer: NodeJS.Timeout | undefined
  private readonly now: () => number
  private readonly pairing: PairingMemory

  constructor(private readonly options: CallAssemblerOptions<T>) {
    this.now = options.now ?? Date.now
    this.pairing = new PairingMemory({ windowMs: options.windowMs })
  }

  add(candidates: T[]): void {
    const ready: T[] = []
    const now = this.now()
    for (const candidate of candidates) {
      if (!candidate.traceId || !candidate.spanId || this.options.windowMs === 0) {
        ready.push(candidate)
        continue
      }
      const key = `${candidate.traceId}:${candidate.spanId}`
      const partner = this.waiting.get(key)
      if (partner) {
        this.waiting.delete(key)
        this.pairing.notePaired(candidate.facts.serviceName, now)
        ready.push(this.options.merge(partner.candidate, candidate))
        continue
      }
      if (!this.pairing.shouldWait(candidate.facts.serviceName, now)) {
        ready.push(candidate)
        continue
      }
      this.waiting.set(key, { candidate, due: now + this.options.windowMs })
      if (this.waiting.size > this.options.maxWaiting) ready.push(...this.evictOldest(this.waiting.size - this.options.maxWaiting))
    }
    if (ready.length > 0) this.options.emit(ready)
    this.schedule()
  }

  /** Emits every waiting candidate now (shutdown). */
  drain(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    const all = [...this.waiting.values()].map((entry) => entry.candidate)
    this.waiting.clear()
    if (all.length > 0) this.options.emit(all)
  }

  /** Stops the expiry timer and forgets what waits, without emitting it (see the collector's close). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    this.waiting.clear()
  }

  get size(): number {
    return this.waiting.size
  }

  private evictOldest(count: number): T[] {
    const evicted: T[] = []
    for (const [key, entry] of this.waiting) {
      if (evicted.length >= count) break
      this.waiting.delete(key)
      evicted.push(entry.candidate)
    }
    return evicted
  }

  private schedule(): void {
    if (this.timer || this.waiting.size === 0) return
    const first = this.waiting.values().next().value!
    this.timer = setTimeout(() => this.expire(), Math.max(0, first.due - this.now()))
    this.timer.unref()
  }

  private expire(): void {
    this.timer = undefined
    const now = this.now()
    const expired: T[] = []
    for (const [key, entry] of this.waiting) {
      if (entry.due > now) break
      this.waiting.delete(key)
      expired.push(entry.candidate)
    }
    if (expired.length > 0) this.options.emit(expired)
    this.schedule()
  }
}

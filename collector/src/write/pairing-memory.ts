/**
 * Learns, per service, whether its calls arrive as span + access-log pairs. A gateway that sends
 * only logs (or only spans) never produces a partner, and holding each of its calls for the
 * correlation window would cost memory proportional to rate × window for nothing. So a call waits
 * for its partner only while its service is on probation (`windowMs` long, at most `probationMax`
 * calls) or has paired within the last `rememberMs`. An unpaired service is put on probation again
 * every `rememberMs`, so one that starts sending its second signal later is noticed within that
 * time; its calls in between are counted once per signal.
 */
export interface PairingMemoryOptions {
  windowMs: number
  /** How long a pairing keeps a service's calls waiting. Default 10 minutes. */
  rememberMs?: number
  /** Calls held during probation at most, per service. Default 5,000. */
  probationMax?: number
  /** Services remembered at most; the longest unseen are forgotten first. Default 10,000. */
  maxServices?: number
}

interface ServiceMemory {
  probationStart: number
  probationUsed: number
  lastPaired: number
}

export class PairingMemory {
  private readonly services = new Map<string, ServiceMemory>()
  private readonly rememberMs: number
  private readonly probationMax: number
  private readonly maxServices: number

  constructor(private readonly options: PairingMemoryOptions) {
    this.rememberMs = options.rememberMs ?? 10 * 60_000
    this.probationMax = options.probationMax ?? 5_000
    this.maxServices = options.maxServices ?? 10_000
  }

  /** Whether a call of `service` seen at `now` should wait for its partner. */
  shouldWait(service: string, now: number): boolean {
    const memory = this.memoryOf(service, now)
    if (now - memory.lastPaired < this.rememberMs) return true
    if (now - memory.probationStart >= this.rememberMs) {
      memory.probationStart = now
      memory.probationUsed = 0
    }
    if (now - memory.probationStart < this.options.windowMs && memory.probationUsed < this.probationMax) {
      memory.probationUsed++
      return true
    }
    return false
  }

  /** A span and a log record of `service` described the same call. */
  notePaired(service: string, now: number): void {
    this.memoryOf(service, now).lastPaired = now
  }

  private memoryOf(service: string, now: number): ServiceMemory {
    let memory = this.services.get(service)
    if (memory) {
      // Re-insert: Map order is then least recently seen first, for eviction.
      this.services.delete(service)
    } else {
      memory = { probationStart: now, probationUsed: 0, lastPaired: Number.NEGATIVE_INFINITY }
      if (this.services.size >= this.maxServices) this.services.delete(this.services.keys().next().value!)
    }
    this.services.set(service, memory)
    return memory
  }
}

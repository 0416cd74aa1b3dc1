import { createHash } from 'node:crypto'
import type { ExportResult, Signal } from '../receive/export-handler.ts'

/**
 * The token of an OTLP request: a digest of its signal and (decompressed) body. A sender that
 * retries because an answer was lost sends the same bytes again, so the same token.
 */
export function requestToken(signal: Signal, body: Uint8Array): string {
  return createHash('sha256').update(signal).update('\0').update(body).digest('hex').slice(0, 32)
}

export interface RecentRequestsOptions {
  /** How long a stored request is remembered. Default 15 minutes (senders give up well before). */
  ttlMs?: number
  /** Requests remembered at most; the oldest are forgotten first. Default 200,000. */
  maxEntries?: number
  now?: () => number
}

type Entry = { at: number; result: ExportResult } | { at: number; pending: Promise<ExportResult> }

/**
 * Requests stored recently or being stored now, by token. A retry of a stored request is answered
 * as the first one was without storing anything; a retry that arrives while the first attempt is
 * still being written waits for that attempt.
 */
export class RecentRequests {
  private readonly entries = new Map<string, Entry>()
  private readonly ttlMs: number
  private readonly maxEntries: number
  private readonly now: () => number

  constructor(options: RecentRequestsOptions = {}) {
    this.ttlMs = options.ttlMs ?? 15 * 60_000
    this.maxEntries = options.maxEntries ?? 200_000
    this.now = options.now ?? Date.now
  }

  /** The stored result or the attempt in progress for `token`, if any. */
  find(token: string): ExportResult | Promise<ExportResult> | undefined {
    const entry = this.entries.get(token)
    if (!entry) return undefined
    if (this.now() - entry.at > this.ttlMs) {
      this.entries.delete(token)
      return undefined
    }
    return 'result' in entry ? entry.result : entry.pending
  }

  begin(token: string, pending: Promise<ExportResult>): void {
    this.set(token, { at: this.now(), pending })
  }

  stored(token: string, result: ExportResult, at = this.now()): void {
    this.set(token, { at, result })
  }

  /** The attempt failed: nothing was kept, a retry must store it. */
  forget(token: string): void {
    this.entries.delete(token)
  }

  get size(): number {
    return this.entries.size
  }

  private set(token: string, entry: Entry): void {
    this.entries.delete(token)
    this.entries.set(token, entry)
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!)
    // Expire from the old end as new entries come in: Map order is insertion order.
    for (const [key, old] of this.entries) {
      if (this.now() - old.at <= this.ttlMs) break
      this.entries.delete(key)
    }
  }
}

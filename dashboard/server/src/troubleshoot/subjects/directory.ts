import type { DirectoryInfo, SubjectSourceKind, SubjectVerdict } from '@claimcheck/shared'
import { explainVerdict } from './explain.ts'
import { SourceUnavailableError, type SourceAnswer } from './record.ts'
import type { SubjectSource } from './source.ts'

/** The subject directory as the rest of claimcheck sees it: any source, cached, never throwing. */
export interface SubjectDirectory {
  readonly kind: SubjectSourceKind
  readonly target: string
  /** `tokenTenant`: the tenant the token claims, to tell "present, in another tenant". */
  lookup(subject: string, options?: { tokenTenant?: string | undefined }): Promise<SubjectVerdict>
  /** In order; each subject is asked once, a few at a time. */
  lookupMany(requests: readonly SubjectRequest[]): Promise<SubjectVerdict[]>
  info(): DirectoryInfo
}

export interface SubjectRequest {
  subject: string
  tokenTenant?: string | undefined
}

export interface CacheSettings {
  ttlSeconds: number
  negativeTtlSeconds: number
  maxEntries: number
}

export interface DirectoryLogger {
  warn(obj: object, msg: string): void
}

interface Entry {
  answer: SourceAnswer
  checkedAt: number
  expiresAt: number
}

/** The source could not answer: never cached. */
interface Failure {
  error: string
  checkedAt: number
}

type Outcome = Entry | Failure

/** Lookups of a batch run this many at a time, so a slow user API is not flooded. */
const BATCH_CONCURRENCY = 8

/**
 * A TTL cache in front of a source: found subjects for `ttlSeconds`, "not found" for
 * `negativeTtlSeconds`, at most `maxEntries` (least recently used evicted first). Concurrent
 * lookups of one subject share one source request. A source that is down answers `unavailable`,
 * which is never cached, so the first lookup after it recovers asks it again.
 */
export function createCachedDirectory(source: SubjectSource, cache: CacheSettings, options: { clock?: () => number; logger?: DirectoryLogger } = {}): SubjectDirectory {
  const clock = options.clock ?? Date.now
  const entries = new Map<string, Entry>()
  const inflight = new Map<string, Promise<Outcome>>()
  let hits = 0
  let misses = 0

  const remember = (subject: string, entry: Entry) => {
    entries.delete(subject)
    entries.set(subject, entry)
    while (entries.size > cache.maxEntries) entries.delete(entries.keys().next().value as string)
  }

  const ask = async (subject: string): Promise<Outcome> => {
    const checkedAt = clock()
    try {
      const answer = await source.lookup(subject)
      const ttl = (answer.found ? cache.ttlSeconds : cache.negativeTtlSeconds) * 1000
      const entry = { answer, checkedAt, expiresAt: checkedAt + ttl }
      if (ttl > 0) remember(subject, entry)
      return entry
    } catch (error) {
      const message = error instanceof SourceUnavailableError ? error.message : 'the lookup failed'
      options.logger?.warn({ source: source.kind, err: error instanceof SourceUnavailableError ? undefined : error, error: message }, 'subject directory unavailable')
      return { error: message, checkedAt }
    }
  }

  const toVerdict = (subject: string, result: Outcome, cached: boolean, tokenTenant?: string): SubjectVerdict => {
    if ('error' in result) {
      const facts = { state: 'unavailable' as const, deletedAt: null, tenant: null, error: result.error }
      return { subject, ...facts, source: source.kind, checkedAt: result.checkedAt, cached: false, explanation: explainVerdict(facts) }
    }
    const { answer } = result
    const facts = answer.found
      ? { state: answer.state, deletedAt: answer.deletedAt, tenant: answer.tenant, error: null }
      : { state: 'not_found' as const, deletedAt: null, tenant: null, error: null }
    return { subject, ...facts, source: source.kind, checkedAt: result.checkedAt, cached, explanation: explainVerdict({ ...facts, tokenTenant }) }
  }

  /** The cached answer, or the source's (shared with concurrent lookups of the subject). */
  const resolve = async (subject: string): Promise<{ result: Outcome; cached: boolean }> => {
    const entry = entries.get(subject)
    if (entry && entry.expiresAt > clock()) {
      hits++
      remember(subject, entry)
      return { result: entry, cached: true }
    }
    if (entry) entries.delete(subject)
    misses++
    let pending = inflight.get(subject)
    if (!pending) {
      pending = ask(subject).finally(() => inflight.delete(subject))
      inflight.set(subject, pending)
    }
    return { result: await pending, cached: false }
  }

  return {
    kind: source.kind,
    target: source.target,
    async lookup(subject, options = {}) {
      const { result, cached } = await resolve(subject)
      return toVerdict(subject, result, cached, options.tokenTenant)
    },
    async lookupMany(requests) {
      const unique = [...new Set(requests.map((r) => r.subject))]
      const resolved = new Map<string, Awaited<ReturnType<typeof resolve>>>()
      let next = 0
      const worker = async () => {
        while (next < unique.length) {
          const subject = unique[next++]!
          resolved.set(subject, await resolve(subject))
        }
      }
      await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, unique.length) }, worker))
      return requests.map((r) => {
        const { result, cached } = resolved.get(r.subject)!
        return toVerdict(r.subject, result, cached, r.tokenTenant)
      })
    },
    info: () => ({
      configured: true,
      kind: source.kind,
      target: source.target,
      cache: { entries: entries.size, hits, misses, ...cache },
    }),
  }
}

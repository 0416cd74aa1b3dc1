import type { JSONWebKeySet } from 'jose'
import { fetchJwks, type JwksFailure, type JwksFetchResult } from './fetch-jwks.ts'

export type KeySetAnswer =
  | { ok: true; jwks: JSONWebKeySet; fetchedAt: number; fromCache: boolean }
  | { ok: false; failure: JwksFailure; error: string; at: number }

export interface KeySetOptions {
  cacheSeconds: number
  cooldownSeconds: number
  timeoutMs: number
  fetchImpl?: typeof fetch
  clock?: () => number
  /** Called with every fetch actually made (the fetch history). */
  onFetch?: (url: string, result: JwksFetchResult) => void
}

export interface KeySets {
  /** The set for `url`: cached while fresh and listing `kid`; an unknown kid refetches once per cooldown. */
  get(url: string, kid?: string): Promise<KeySetAnswer>
  /** Fetches now, whatever the cache holds. */
  refresh(url: string): Promise<KeySetAnswer>
}

interface Cached {
  jwks: JSONWebKeySet
  kids: ReadonlySet<string>
  fetchedAt: number
}

/**
 * JWKS fetched and cached per URL, the way jose's remote key set behaves: a fresh set is reused, a
 * kid it lacks triggers a refetch (not more often than the cooldown), and a failed fetch is the
 * answer (a gateway would fail the same way). Concurrent requests for one URL share one fetch.
 */
export function createKeySets(options: KeySetOptions): KeySets {
  const clock = options.clock ?? Date.now
  const cache = new Map<string, Cached>()
  const pending = new Map<string, Promise<KeySetAnswer>>()

  const fetchNow = (url: string): Promise<KeySetAnswer> => {
    let running = pending.get(url)
    if (!running) {
      running = (async (): Promise<KeySetAnswer> => {
        const result = await fetchJwks(url, { timeoutMs: options.timeoutMs, fetchImpl: options.fetchImpl, clock })
        options.onFetch?.(url, result)
        if (!result.jwks) return { ok: false, failure: result.failure ?? 'invalid', error: result.fetch.error, at: result.fetch.at }
        cache.set(url, { jwks: result.jwks, kids: new Set(result.fetch.kids), fetchedAt: result.fetch.at })
        return { ok: true, jwks: result.jwks, fetchedAt: result.fetch.at, fromCache: false }
      })().finally(() => pending.delete(url))
      pending.set(url, running)
    }
    return running
  }

  return {
    async get(url, kid) {
      const cached = cache.get(url)
      const age = cached ? clock() - cached.fetchedAt : Infinity
      const fresh = age < options.cacheSeconds * 1000
      const knowsKid = kid === undefined || (cached?.kids.has(kid) ?? false)
      if (cached && fresh && (knowsKid || age < options.cooldownSeconds * 1000)) {
        return { ok: true, jwks: cached.jwks, fetchedAt: cached.fetchedAt, fromCache: true }
      }
      return fetchNow(url)
    },
    refresh: fetchNow,
  }
}

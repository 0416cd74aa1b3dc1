import { maskUrl, qualify, TABLES } from '@claimcheck/shared'
import type { Store } from '@claimcheck/shared/node'
import type { JwksFetchResult } from './fetch-jwks.ts'

export interface FetchLogLogger {
  warn(obj: object, msg: string): void
}

/**
 * Records each JWKS fetch in `claimcheck_jwks_fetches` (kids only: public key ids), so kid
 * rotations and outages survive restarts. A failed write is logged and dropped: health history
 * must never break verification. `settled()` waits for writes in flight (tests, shutdown).
 */
export function createFetchLog(store: Store, logger?: FetchLogLogger): { record(url: string, result: JwksFetchResult): void; settled(): Promise<void> } {
  const table = qualify(store.schema, TABLES.jwksFetches)
  const writes = new Set<Promise<void>>()
  return {
    record(url, { fetch }) {
      const write = store.writer
        .insert({
          table,
          values: [{ Timestamp: fetch.at, JwksUrl: url, Ok: fetch.ok ? 1 : 0, HttpStatus: fetch.httpStatus, Error: fetch.error, Kids: fetch.kids, DurationMs: Math.round(fetch.durationMs) }],
          format: 'JSONEachRow',
        })
        .then(() => undefined, (error: unknown) => logger?.warn({ err: error, url: maskUrl(url) }, 'could not record a JWKS fetch'))
        .finally(() => writes.delete(write))
      writes.add(write)
      if (!fetch.ok) logger?.warn({ url: maskUrl(url), error: fetch.error, httpStatus: fetch.httpStatus }, 'JWKS fetch failed')
    },
    async settled() {
      await Promise.all([...writes])
    },
  }
}

import type { JSONWebKeySet } from 'jose'
import type { JwksFetch } from '@claimcheck/shared'

/** Why a fetch failed, in the vocabulary of jose's remote JWKS (the classifier's jose rules know it). */
export type JwksFailure = 'timeout' | 'http' | 'network' | 'invalid'

export interface JwksFetchResult {
  fetch: JwksFetch
  /** Present when `fetch.ok`. */
  jwks?: JSONWebKeySet
  failure?: JwksFailure
}

export interface FetchOptions {
  timeoutMs: number
  fetchImpl?: typeof fetch
  clock?: () => number
}

/** An RFC 7517 key set: `keys`, each with a string `kty`. */
function isKeySet(body: unknown): body is JSONWebKeySet {
  if (body === null || typeof body !== 'object' || !Array.isArray((body as { keys?: unknown }).keys)) return false
  return (body as { keys: unknown[] }).keys.every((key) => key !== null && typeof key === 'object' && typeof (key as { kty?: unknown }).kty === 'string')
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } })?.cause
  return typeof cause?.code === 'string' ? `cannot connect (${cause.code})` : 'request failed'
}

/** One GET of a JWKS URL, never throwing: what happened, the kids it listed, how long it took. */
export async function fetchJwks(url: string, options: FetchOptions): Promise<JwksFetchResult> {
  const clock = options.clock ?? Date.now
  const at = clock()
  const started = performance.now()
  const done = (ok: boolean, httpStatus: number, error: string, kids: string[] = []): JwksFetch => ({
    at, ok, httpStatus, error, kids, durationMs: Math.round(performance.now() - started),
  })
  let response: Response
  try {
    response = await (options.fetchImpl ?? fetch)(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(options.timeoutMs) })
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
    return timedOut
      ? { fetch: done(false, 0, `timed out after ${options.timeoutMs} ms`), failure: 'timeout' }
      : { fetch: done(false, 0, networkReason(error)), failure: 'network' }
  }
  if (!response.ok) {
    await response.body?.cancel()
    return { fetch: done(false, response.status, `HTTP ${response.status}`), failure: 'http' }
  }
  let body: unknown
  try {
    body = await response.json()
  } catch {
    return { fetch: done(false, response.status, 'the answer is not JSON'), failure: 'invalid' }
  }
  if (!isKeySet(body)) return { fetch: done(false, response.status, 'not a JSON Web Key Set (no "keys" array of keys)'), failure: 'invalid' }
  const kids = body.keys.map((key) => key.kid).filter((kid): kid is string => typeof kid === 'string')
  return { fetch: done(true, response.status, '', kids), jwks: body }
}

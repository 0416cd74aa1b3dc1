import type { JwksEvent, JwksFetch, JwksKid, JwksSourceHealth, QueryRange } from '@claimcheck/shared'

/**
 * The pure core of JWKS health: recorded fetches and the kids tokens carried → per-kid facts and a
 * timeline (kid published / withdrawn / first seen in tokens, fetch failed / recovered).
 */

export interface UrlHistory {
  /** Fetches in the range, oldest first. */
  fetches: JwksFetch[]
  latest: JwksFetch | null
  lastSuccessAt: number | null
  lastFailure: JwksFetch | null
  /** First fetch ever recorded for the URL: kids listed then were published at an unknown earlier time. */
  firstFetchAt: number | null
  /** Kids of the newest successful fetch. */
  currentKids: string[]
  /** Over every successful fetch recorded. */
  kidsInJwks: Map<string, { first: number; last: number }>
}

export interface TokenKid {
  kid: string
  first: number
  last: number
  calls: number
  keyFailures: number
}

function span(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000)
  return minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`
}

export function buildKids(history: UrlHistory, tokenKids: readonly TokenKid[]): JwksKid[] {
  const current = new Set(history.currentKids)
  const byToken = new Map(tokenKids.map((t) => [t.kid, t]))
  const all = new Set([...history.kidsInJwks.keys(), ...byToken.keys(), ...current])
  return [...all].map((kid) => {
    const jwks = history.kidsInJwks.get(kid)
    const tokens = byToken.get(kid)
    // Listed in the very first fetch: published before claimcheck watched, so no lead can be told.
    const publishedKnown = jwks !== undefined && history.firstFetchAt !== null && jwks.first > history.firstFetchAt
    return {
      kid,
      inJwks: current.has(kid),
      firstInJwks: jwks?.first ?? null,
      lastInJwks: jwks?.last ?? null,
      firstInTokens: tokens?.first ?? null,
      lastInTokens: tokens?.last ?? null,
      tokenCalls: tokens?.calls ?? 0,
      keyFailures: tokens?.keyFailures ?? 0,
      // Tokens after the kid was listed are known to follow it; before, only when the listing time is known.
      leadSeconds: tokens && jwks && (publishedKnown || tokens.first >= jwks.first) ? Math.round((jwks.first - tokens.first) / 1000) : null,
    }
  }).sort((a, b) => Math.max(b.firstInTokens ?? 0, b.firstInJwks ?? 0) - Math.max(a.firstInTokens ?? 0, a.firstInJwks ?? 0) || a.kid.localeCompare(b.kid))
}

export function buildEvents(history: UrlHistory, kids: readonly JwksKid[], range: QueryRange): JwksEvent[] {
  const events: JwksEvent[] = []
  const inRange = (at: number | null): at is number => at !== null && at >= range.from && at < range.to
  for (const kid of kids) {
    const jwks = history.kidsInJwks.get(kid.kid)
    if (jwks && inRange(jwks.first) && history.firstFetchAt !== null && jwks.first > history.firstFetchAt) {
      events.push({ at: jwks.first, kind: 'kid_published', kid: kid.kid, text: `kid ${kid.kid} appeared in the JWKS` })
    }
    if (jwks && !kid.inJwks && inRange(jwks.last)) {
      events.push({ at: jwks.last, kind: 'kid_withdrawn', kid: kid.kid, text: `kid ${kid.kid} was last listed in the JWKS` })
    }
    // A kid listed since claimcheck first fetched the set, and used after that, is old news.
    const news = !jwks || (kid.leadSeconds !== null && kid.leadSeconds > 0) || (history.firstFetchAt !== null && jwks.first > history.firstFetchAt)
    if (inRange(kid.firstInTokens) && news) {
      const when = kid.firstInJwks === null
        ? 'it is not listed in the JWKS'
        : kid.leadSeconds !== null && kid.leadSeconds > 0 ? `${span(kid.leadSeconds * 1000)} before it appeared in the JWKS` : 'after it was in the JWKS'
      events.push({ at: kid.firstInTokens, kind: 'kid_first_in_tokens', kid: kid.kid, text: `kid ${kid.kid} first seen in tokens, ${when}` })
    }
  }
  let failing = false
  for (const fetch of history.fetches) {
    if (inRange(fetch.at) && !fetch.ok && !failing) events.push({ at: fetch.at, kind: 'fetch_failed', kid: null, text: `JWKS fetch failed: ${fetch.error}` })
    if (inRange(fetch.at) && fetch.ok && failing) events.push({ at: fetch.at, kind: 'fetch_recovered', kid: null, text: 'JWKS fetched again' })
    failing = !fetch.ok
  }
  // At one instant the fetch comes first: the fetch that recovered is the one that listed a new kid.
  return events.sort((a, b) => a.at - b.at || EVENT_ORDER[a.kind] - EVENT_ORDER[b.kind])
}

const EVENT_ORDER: Record<JwksEvent['kind'], number> = { fetch_failed: 0, fetch_recovered: 1, kid_published: 2, kid_withdrawn: 3, kid_first_in_tokens: 4 }

export function buildSourceHealth(source: { url: string; issuers: string[]; expectations: number[] }, history: UrlHistory, tokenKids: readonly TokenKid[], range: QueryRange): JwksSourceHealth {
  const kids = buildKids(history, tokenKids)
  return {
    ...source,
    status: history.latest === null ? 'unknown' : history.latest.ok ? 'ok' : 'failing',
    lastFetch: history.latest,
    lastSuccessAt: history.lastSuccessAt,
    lastFailure: history.lastFailure,
    fetches: history.fetches.length,
    failures: history.fetches.filter((f) => !f.ok).length,
    kids,
    events: buildEvents(history, kids, range),
  }
}

import { CallFactsSchema, type CallFacts, type TokenClaims } from '@claimcheck/shared'

/** Fixed call time for tests: 2026-11-28T12:00:00Z. */
export const NOW_MS = Date.UTC(2026, 10, 28, 12)
export const NOW_S = NOW_MS / 1000

/** A call with defaults filled in; `claims` sets a present, decodable token. */
export function makeFacts(partial: Partial<Omit<CallFacts, 'token'>> & { claims?: Partial<TokenClaims>, token?: CallFacts['token'] } = {}): CallFacts {
  const { claims, token, ...rest } = partial
  return CallFactsSchema.parse({
    timestampMs: NOW_MS,
    method: 'GET',
    route: '/api/orders/:id',
    path: '/api/orders/42',
    statusCode: 401,
    ...rest,
    token: token ?? (claims ? { present: true, malformed: false, claims: { aud: [], scopes: [], ...claims } } : { present: false, malformed: false }),
  })
}

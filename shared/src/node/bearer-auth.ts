import { timingSafeEqual } from 'node:crypto'

/**
 * Checks an `Authorization: Bearer <token>` header against the configured tokens (ingest tokens,
 * API tokens). Several tokens may be valid at once so they can be rotated without downtime.
 * No tokens configured = open.
 */
export function createBearerAuth(tokens: readonly string[]): (authorization: string | undefined) => boolean {
  if (tokens.length === 0) return () => true
  const expected = tokens.map((token) => Buffer.from(token))
  return (authorization) => {
    const match = /^Bearer\s+(.+)$/i.exec(authorization?.trim() ?? '')
    if (!match) return false
    const given = Buffer.from(match[1]!)
    // Compare against every token so timing does not tell which one nearly matched.
    let ok = false
    for (const token of expected) ok = (token.length === given.length && timingSafeEqual(token, given)) || ok
    return ok
  }
}

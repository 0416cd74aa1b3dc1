import { timingSafeEqual } from 'node:crypto'
import { DEFAULT_TOKEN_ROLE, type ApiTokenEntry, type Role } from '@claimcheck/shared'
import { digest } from './passwords.ts'

export interface TokenMatch { name: string; role: Role }

/**
 * Checks `Authorization: Bearer …` against the configured API tokens. Only SHA-256 digests are
 * kept in memory after start, compared in constant time against every token so timing does not
 * tell which one nearly matched. `undefined`: no bearer header; `null`: a bearer that matches none.
 */
export function createTokenAuth(entries: readonly ApiTokenEntry[]): (authorization: string | undefined) => TokenMatch | null | undefined {
  const tokens = entries.map((entry, i) => {
    const { token, role, name } = typeof entry === 'string' ? { token: entry, role: DEFAULT_TOKEN_ROLE, name: undefined } : entry
    return { hash: Buffer.from(digest(token)), role, name: name ?? `token-${i + 1}` }
  })
  return (authorization) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization?.trim() ?? '')
    if (!authorization) return undefined
    if (!match) return null
    const given = Buffer.from(digest(match[1]!))
    let found: TokenMatch | null = null
    for (const token of tokens) {
      if (timingSafeEqual(token.hash, given) && !found) found = { name: token.name, role: token.role }
    }
    return found
  }
}

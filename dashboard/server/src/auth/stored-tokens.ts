import { randomUUID } from 'node:crypto'
import { TABLES, type ApiToken, type Role } from '@claimcheck/shared'
import { EMPTY, type Fragment, param, qualifiedTable, readRows, sql, type Store } from '@claimcheck/shared/node'
import { NotFoundError } from '../errors.ts'
import { digest, generateSecret } from './passwords.ts'
import type { TokenMatch } from './tokens.ts'

const seconds = (ms: number) => (ms / 1000).toFixed(3)
/** How long a token looked up is trusted without asking the store (another replica may revoke it). */
const CACHE_MS = 5_000
/** Made tokens start with this, so a leaked one is recognisable (secret scanners, logs). */
export const TOKEN_PREFIX = 'cct_'

interface Row { id: string; name: string; role: Role; tokenHash: string; createdBy: string; createdAt: string; revoked: number }

/**
 * API tokens made by admins in `claimcheck_api_tokens`, beside the configured ones. Only the
 * SHA-256 of a token is stored; the token itself is returned once, when it is made.
 */
export class StoredTokenRepository {
  private readonly cache = new Map<string, { match: TokenMatch | null; until: number }>()
  constructor(private readonly store: Store) {}

  private async rows(where: Fragment = EMPTY): Promise<Row[]> {
    return readRows<Row>(this.store.reader, sql`SELECT Id AS id, argMax(Name, UpdatedAt) AS name, argMax(Role, UpdatedAt) AS role, argMax(TokenHash, UpdatedAt) AS tokenHash,
  argMax(CreatedBy, UpdatedAt) AS createdBy, toUnixTimestamp64Milli(min(CreatedAt)) AS createdAt, argMax(Revoked, UpdatedAt) AS revoked
FROM ${this.table()} ${where} GROUP BY Id HAVING revoked = 0 ORDER BY createdAt`)
  }

  private table(): Fragment {
    return qualifiedTable(this.store.schema, TABLES.apiTokens)
  }

  async list(): Promise<ApiToken[]> {
    return (await this.rows()).map((row) => ({ id: row.id, name: row.name, role: row.role, createdBy: row.createdBy, createdAt: Number(row.createdAt) }))
  }

  async create(name: string, role: Role, createdBy: string): Promise<ApiToken & { token: string }> {
    const token = `${TOKEN_PREFIX}${generateSecret()}`
    const now = Date.now()
    const made = { id: randomUUID(), name, role, createdBy, createdAt: now }
    await this.write({ ...made, tokenHash: digest(token), createdAt: String(now), revoked: 0 }, now)
    return { ...made, token }
  }

  async revoke(id: string): Promise<void> {
    const [row] = await this.rows(sql`WHERE Id = ${param(id, 'String')}`)
    if (!row) throw new NotFoundError(`API token ${id}`)
    await this.write({ ...row, revoked: 1 }, Math.max(Date.now(), Number(row.createdAt) + 1))
    this.cache.clear()
  }

  /** The made token a bearer value is, or null. Only values with the prefix are looked up. */
  async find(bearer: string): Promise<TokenMatch | null> {
    if (!bearer.startsWith(TOKEN_PREFIX)) return null
    const hash = digest(bearer)
    const cached = this.cache.get(hash)
    if (cached && cached.until > Date.now()) return cached.match
    const [row] = await this.rows(sql`WHERE Id IN (SELECT Id FROM ${this.table()} WHERE TokenHash = ${param(hash, 'String')})`)
    const match = row ? { name: row.name, role: row.role } : null
    this.cache.set(hash, { match, until: Date.now() + CACHE_MS })
    if (this.cache.size > 10_000) this.cache.clear()
    return match
  }

  private async write(row: Omit<Row, 'createdAt'> & { createdAt: string }, updatedAt: number): Promise<void> {
    await this.store.writer.insert({
      table: TABLES.apiTokens,
      values: [{
        Id: row.id, Name: row.name, Role: row.role, TokenHash: row.tokenHash, CreatedBy: row.createdBy,
        CreatedAt: seconds(Number(row.createdAt)), Revoked: row.revoked, UpdatedAt: seconds(updatedAt),
      }],
      format: 'JSONEachRow',
    })
  }
}

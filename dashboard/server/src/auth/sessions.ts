import { TABLES } from '@claimcheck/shared'
import { param, qualifiedTable, readRows, sql, type Store } from '@claimcheck/shared/node'
import { digest, generateSecret } from './passwords.ts'

export interface SessionRecord { userName: string; expiresAt: number; revoked: boolean }

const seconds = (ms: number) => (ms / 1000).toFixed(3)
/** How long a looked-up session is trusted without asking the store again (another replica may revoke it). */
const CACHE_MS = 5_000

/**
 * Sign-in sessions in `claimcheck_sessions`, shared by every dashboard replica. The cookie carries a
 * random id; the store keeps only its SHA-256, so a copy of the table signs nobody in. The CSRF
 * token is derived from the id: only a page that can read the session (none cross-site) knows it.
 */
export class SessionRepository {
  private readonly cache = new Map<string, { record: SessionRecord | undefined; until: number }>()
  constructor(private readonly store: Store, private readonly now: () => number = Date.now) {}

  async create(userName: string, hours: number, clientAddress: string): Promise<{ id: string; hash: string; expiresAt: number }> {
    const id = generateSecret()
    const hash = digest(id)
    const now = this.now()
    const expiresAt = now + hours * 3_600_000
    await this.write(hash, { userName, expiresAt, revoked: false }, clientAddress, now)
    return { id, hash, expiresAt }
  }

  /** The live session for a cookie value, or undefined (unknown, expired or revoked). */
  async find(id: string): Promise<(SessionRecord & { hash: string }) | undefined> {
    const hash = digest(id)
    const cached = this.cache.get(hash)
    let record: SessionRecord | undefined
    if (cached && cached.until > this.now()) record = cached.record
    else {
      const [row] = await readRows<{ userName: string; expiresAt: string; revoked: number }>(this.store.reader, sql`SELECT argMax(UserName, UpdatedAt) AS userName, toUnixTimestamp64Milli(argMax(ExpiresAt, UpdatedAt)) AS expiresAt, argMax(Revoked, UpdatedAt) AS revoked
FROM ${qualifiedTable(this.store.schema, TABLES.sessions)} WHERE IdHash = ${param(hash, 'String')} GROUP BY IdHash`)
      record = row ? { userName: row.userName, expiresAt: Number(row.expiresAt), revoked: Number(row.revoked) === 1 } : undefined
      this.cache.set(hash, { record, until: this.now() + CACHE_MS })
      if (this.cache.size > 10_000) this.cache.clear()
    }
    if (!record || record.revoked || record.expiresAt <= this.now()) return undefined
    return { ...record, hash }
  }

  async revoke(hash: string, record: SessionRecord): Promise<void> {
    await this.write(hash, { ...record, revoked: true }, '', this.now() + 1)
    this.cache.delete(hash)
  }

  private async write(hash: string, record: SessionRecord, clientAddress: string, now: number): Promise<void> {
    await this.store.writer.insert({
      table: TABLES.sessions,
      values: [{
        IdHash: hash, UserName: record.userName, ClientAddress: clientAddress, CreatedAt: seconds(now),
        ExpiresAt: seconds(record.expiresAt), Revoked: record.revoked ? 1 : 0, UpdatedAt: seconds(now),
      }],
      format: 'JSONEachRow',
    })
  }
}

/** The CSRF token of a session: a digest of its id, so it cannot be guessed without the cookie. */
export function csrfTokenOf(sessionHash: string): string {
  return digest(`csrf:${sessionHash}`)
}

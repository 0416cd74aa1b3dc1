import { TABLES, type Role, type User, type UserCreate, type UserUpdate } from '@claimcheck/shared'
import { EMPTY, param, qualifiedTable, readRows, sql, type Store } from '@claimcheck/shared/node'
import { AppError, NotFoundError } from '../errors.ts'
import { hashPassword, UNUSABLE_HASH, verifyPassword } from './passwords.ts'

interface UserRow { name: string; role: Role; passwordHash: string; disabled: number; createdAt: string; updatedAt: string }
export type StoredUser = User & { passwordHash: string }

/** DateTime64(3) as text: unix seconds with milliseconds, free of time zones. */
const seconds = (ms: number) => (ms / 1000).toFixed(3)

/**
 * Local users in `claimcheck_users`, one row per version (the newest wins, `Deleted = 1` removes).
 * Passwords are stored as scrypt hashes only; nothing here returns or logs a hash to a client.
 */
export class UserRepository {
  constructor(private readonly store: Store) {}

  private async rows(name?: string): Promise<StoredUser[]> {
    const where = name === undefined ? EMPTY : sql`WHERE Name = ${param(name, 'String')}`
    const rows = await readRows<UserRow>(this.store.reader, sql`SELECT Name AS name, argMax(Role, UpdatedAt) AS role, argMax(PasswordHash, UpdatedAt) AS passwordHash,
  argMax(Disabled, UpdatedAt) AS disabled, argMax(Deleted, UpdatedAt) AS deleted,
  toUnixTimestamp64Milli(min(CreatedAt)) AS createdAt, toUnixTimestamp64Milli(max(UpdatedAt)) AS updatedAt
FROM ${qualifiedTable(this.store.schema, TABLES.users)} ${where} GROUP BY Name HAVING deleted = 0 ORDER BY Name`)
    return rows.map((row) => ({
      name: row.name, role: row.role, passwordHash: row.passwordHash, disabled: Number(row.disabled) === 1,
      createdAt: Number(row.createdAt), updatedAt: Number(row.updatedAt),
    }))
  }

  async list(): Promise<User[]> {
    return (await this.rows()).map(({ passwordHash: _hash, ...user }) => user)
  }

  async find(name: string): Promise<StoredUser | undefined> {
    return (await this.rows(name))[0]
  }

  /** Whether any user row was ever written (deleted ones included): the first start has none. */
  async anyEver(): Promise<boolean> {
    const [row] = await readRows<{ n: string }>(this.store.reader, sql`SELECT count() AS n FROM ${qualifiedTable(this.store.schema, TABLES.users)}`)
    return Number(row?.n ?? 0) > 0
  }

  private async write(user: StoredUser, deleted = false): Promise<void> {
    await this.store.writer.insert({
      table: TABLES.users,
      values: [{
        Name: user.name, Role: user.role, PasswordHash: user.passwordHash, Disabled: user.disabled ? 1 : 0, Deleted: deleted ? 1 : 0,
        CreatedAt: seconds(user.createdAt), UpdatedAt: seconds(user.updatedAt),
      }],
      format: 'JSONEachRow',
    })
  }

  async create(input: UserCreate): Promise<User> {
    if (await this.find(input.name)) throw new AppError(409, 'conflict', `A user named "${input.name}" exists`)
    const now = Date.now()
    const user: StoredUser = { name: input.name, role: input.role, disabled: false, passwordHash: await hashPassword(input.password), createdAt: now, updatedAt: now }
    await this.write(user)
    return { name: user.name, role: user.role, disabled: user.disabled, createdAt: now, updatedAt: now }
  }

  async update(name: string, update: UserUpdate): Promise<User> {
    const current = await this.find(name)
    if (!current) throw new NotFoundError(`User ${name}`)
    // Versions are ordered by UpdatedAt: never write one that ties with the previous.
    const next: StoredUser = {
      ...current,
      ...(update.role ? { role: update.role } : {}),
      ...(update.disabled !== undefined ? { disabled: update.disabled } : {}),
      ...(update.password ? { passwordHash: await hashPassword(update.password) } : {}),
      updatedAt: Math.max(Date.now(), current.updatedAt + 1),
    }
    await this.write(next)
    const { passwordHash: _hash, ...user } = next
    return user
  }

  async remove(name: string): Promise<void> {
    const current = await this.find(name)
    if (!current) throw new NotFoundError(`User ${name}`)
    await this.write({ ...current, updatedAt: Math.max(Date.now(), current.updatedAt + 1) }, true)
  }

  /** The user when the password is right and the account enabled; the same work is done either way. */
  async verify(name: string, password: string): Promise<StoredUser | undefined> {
    const user = await this.find(name)
    const ok = await verifyPassword(password, user?.passwordHash ?? UNUSABLE_HASH)
    return ok && user && !user.disabled ? user : undefined
  }
}

/** Admins other than `name` that are enabled: the last admin may not be removed, demoted or disabled. */
export async function assertAnotherAdmin(users: UserRepository, name: string): Promise<void> {
  const others = (await users.list()).filter((user) => user.role === 'admin' && !user.disabled && user.name !== name)
  if (others.length === 0) throw new AppError(409, 'last_admin', 'This is the last enabled admin: create or enable another admin first')
}

import { createHash } from 'node:crypto'

export type UserStatus = 'active' | 'disabled'

export interface DirectoryUser {
  /** The JWT `sub`: a UUID, as Supabase and most IdPs use. */
  id: string
  tenant: string
  email: string
  status: UserStatus
}

/**
 * The demo's user store: what a gateway looks a token's `sub` up in (Supabase Auth's
 * `auth.users`). Deleting a tenant's users is what a botched migration does.
 */
export class UserDirectory {
  private readonly users = new Map<string, DirectoryUser>()

  add(user: Omit<DirectoryUser, 'status'> & { status?: UserStatus }): DirectoryUser {
    const stored = { status: 'active' as const, ...user }
    this.users.set(user.id, stored)
    return stored
  }

  get(id: string): DirectoryUser | undefined {
    return this.users.get(id)
  }

  list(tenant?: string): DirectoryUser[] {
    const all = [...this.users.values()]
    return tenant === undefined ? all : all.filter((user) => user.tenant === tenant)
  }

  tenants(): string[] {
    return [...new Set([...this.users.values()].map((user) => user.tenant))].sort()
  }

  setStatus(id: string, status: UserStatus): boolean {
    const user = this.users.get(id)
    if (!user) return false
    user.status = status
    return true
  }

  delete(id: string): DirectoryUser | undefined {
    const user = this.users.get(id)
    this.users.delete(id)
    return user
  }

  /** Removes every user of a tenant and returns them, so a rollback can `restore` them. */
  deleteTenant(tenant: string): DirectoryUser[] {
    const removed = this.list(tenant)
    for (const user of removed) this.users.delete(user.id)
    return removed
  }

  restore(users: DirectoryUser[]): void {
    for (const user of users) this.users.set(user.id, { ...user })
  }
}

/** A stable UUID-shaped id for user `index` of `tenant`, so runs and backfills agree on subs. */
export function demoUserId(tenant: string, index: number): string {
  const hex = createHash('sha256').update(`${tenant}/${index}`).digest('hex')
  // Version 4 / variant 10 nibbles, so the id looks like the UUIDs real directories hand out.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** Fills a directory with `usersPerTenant` users in each tenant. */
export function seedDirectory(directory: UserDirectory, tenants: readonly string[], usersPerTenant: number): void {
  for (const tenant of tenants) {
    for (let index = 0; index < usersPerTenant; index++) {
      directory.add({ id: demoUserId(tenant, index), tenant, email: `user${index}@${tenant}.example` })
    }
  }
}

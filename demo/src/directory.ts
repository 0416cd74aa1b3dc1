import { createHash } from 'node:crypto'
import { systemClock, type Clock } from './clock.ts'

export type UserStatus = 'active' | 'disabled'

export interface DirectoryUser {
  /** The JWT `sub`: a UUID, as Supabase and most IdPs use. */
  id: string
  tenant: string
  email: string
  status: UserStatus
}

/** What the directory knows of a sub: a present user, or one it deleted (and when). */
export interface DirectoryRecord {
  user: DirectoryUser
  /** Epoch ms of the deletion; absent while the user is present. */
  deletedAt?: number
}

/**
 * The demo's user store: what a gateway looks a token's `sub` up in (Supabase Auth's
 * `auth.users`). Deleting a tenant's users is what a botched migration does. Deleted users are
 * gone for the gateway but remembered with their deletion time, as a user database with soft
 * deletes does, so the directory API can tell "deleted" from "never existed".
 */
export class UserDirectory {
  private readonly users = new Map<string, DirectoryUser>()
  private readonly deleted = new Map<string, Required<DirectoryRecord>>()

  constructor(private readonly clock: Clock = systemClock) {}

  add(user: Omit<DirectoryUser, 'status'> & { status?: UserStatus }): DirectoryUser {
    const stored = { status: 'active' as const, ...user }
    this.users.set(user.id, stored)
    this.deleted.delete(user.id)
    return stored
  }

  /** A present user (active or disabled); deleted ones are not found. */
  get(id: string): DirectoryUser | undefined {
    return this.users.get(id)
  }

  /** A present or deleted user, for the directory API. */
  lookup(id: string): DirectoryRecord | undefined {
    const user = this.users.get(id)
    return user ? { user } : this.deleted.get(id)
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
    if (!user) return undefined
    this.users.delete(id)
    this.deleted.set(id, { user, deletedAt: this.clock.now() })
    return user
  }

  /** Removes every user of a tenant and returns them, so a rollback can `restore` them. */
  deleteTenant(tenant: string): DirectoryUser[] {
    const removed = this.list(tenant)
    for (const user of removed) this.delete(user.id)
    return removed
  }

  restore(users: DirectoryUser[]): void {
    for (const user of users) {
      this.users.set(user.id, { ...user })
      this.deleted.delete(user.id)
    }
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

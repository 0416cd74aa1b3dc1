import { z } from 'zod'

// Browser-safe and apart from the server's auth settings (config.ts), which the web never needs.
/** Roles in order of power: each one may do everything the ones before it may. */
export const ROLES = ['viewer', 'editor', 'admin'] as const
export const RoleSchema = z.enum(ROLES)
export type Role = z.infer<typeof RoleSchema>

/** True when `role` is at least `needed`. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed)
}

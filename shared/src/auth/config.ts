import { z } from 'zod'
import { ROLES, RoleSchema, type Role } from './roles.ts'

/**
 * An API token from the configuration. A plain string keeps today's `dashboard.apiTokens` working
 * with the `editor` role: everything those tokens could do before (read, SQL, rules, silences,
 * saved queries), none of the admin powers added since (users, tokens, audit log).
 */
export const ApiTokenEntrySchema = z.union([
  z.string().min(1),
  z.object({
    token: z.string().min(16, 'an API token needs at least 16 characters'),
    role: RoleSchema.default('editor'),
    /** Shown in the audit log as who made a change. Default `token-<n>`. */
    name: z.string().min(1).optional(),
  }),
])
export type ApiTokenEntry = z.infer<typeof ApiTokenEntrySchema>
export const DEFAULT_TOKEN_ROLE: Role = 'editor'

export const ProxyAuthConfigSchema = z.object({
  /**
   * Addresses or CIDRs (`10.0.0.0/8`, `::1`) of the SSO proxy (oauth2-proxy, …). Only requests whose
   * TCP peer is one of them may name their user in headers. Default none: proxy headers are ignored.
   */
  trustedProxies: z.array(z.string().min(1)).default([]),
  /** Header with the user name. Default `x-forwarded-user` (oauth2-proxy). */
  userHeader: z.string().default('x-forwarded-user'),
  /** Header with the user's e-mail, shown with the name. Default `x-forwarded-email`. */
  emailHeader: z.string().default('x-forwarded-email'),
  /** Header with the user's groups, comma separated. Default `x-forwarded-groups`. */
  groupsHeader: z.string().default('x-forwarded-groups'),
  /** Group → role; a user gets the highest role of their groups. */
  groupRoles: z.record(z.string(), RoleSchema).default({}),
  /** Role of a proxy user whose groups map to none. Default `none`: refused (403). */
  defaultRole: z.enum(['none', ...ROLES]).default('none'),
})

export const DashboardAuthConfigSchema = z.object({
  /** Hours a sign-in lasts. Default 12. */
  sessionHours: z.coerce.number().positive().max(24 * 30).default(12),
  /**
   * Password of the `admin` user created at the first start, when no user exists yet (only its
   * hash is stored). Unset: claimcheck generates one and prints it once.
   */
  initialAdminPassword: z.string().min(12, 'use at least 12 characters').optional(),
  proxy: ProxyAuthConfigSchema.prefault({}),
})
export type DashboardAuthConfig = z.infer<typeof DashboardAuthConfigSchema>

/**
 * Where claimcheck may send requests of its own (alert notifiers, the subject directory):
 * schemes, and optionally hosts. Redirects are never followed.
 */
export const OutboundConfigSchema = z.object({
  /** URL schemes allowed. Default `https` and `http`. */
  schemes: z.array(z.enum(['http', 'https'])).min(1).default(['https', 'http']),
  /** Host names allowed (`hooks.slack.com`, `*.internal.example.com`); empty allows any host. */
  hosts: z.array(z.string().min(1)).default([]),
})
export type OutboundConfig = z.infer<typeof OutboundConfigSchema>

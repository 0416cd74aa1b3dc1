import { z } from 'zod'
import { RoleSchema } from './roles.ts'

export const PrincipalKindSchema = z.enum(['session', 'api-token', 'proxy'])

/** `GET /api/v1/auth/session`: who is signed in, and the CSRF token unsafe requests must carry. */
export const SessionInfoSchema = z.object({
  user: z.string(),
  email: z.string().optional(),
  role: RoleSchema,
  kind: PrincipalKindSchema,
  /** Send as `X-CSRF-Token` on POST/PUT/PATCH/DELETE with a session cookie. */
  csrfToken: z.string().optional(),
  expiresAt: z.number().optional(),
})
export type SessionInfo = z.infer<typeof SessionInfoSchema>

export const LoginRequestSchema = z.object({
  user: z.string().trim().min(1).max(200),
  password: z.string().min(1).max(1000),
})

export const USER_NAME_RE = /^[A-Za-z0-9._@-]{1,100}$/
export const UserNameSchema = z.string().regex(USER_NAME_RE, 'letters, digits and . _ @ - only, at most 100')
export const PasswordSchema = z.string().min(12, 'use at least 12 characters').max(1000)

export const UserSchema = z.object({
  name: UserNameSchema,
  role: RoleSchema,
  disabled: z.boolean(),
  createdAt: z.number(),
  updatedAt: z.number(),
})
export type User = z.infer<typeof UserSchema>
export const UserListSchema = z.object({ users: z.array(UserSchema) })
export const UserCreateSchema = z.object({ name: UserNameSchema, role: RoleSchema, password: PasswordSchema })
export type UserCreate = z.infer<typeof UserCreateSchema>
export const UserUpdateSchema = z.object({ role: RoleSchema, password: PasswordSchema, disabled: z.boolean() }).partial()
export type UserUpdate = z.infer<typeof UserUpdateSchema>
export const UserParamsSchema = z.object({ name: UserNameSchema })
export const PasswordChangeSchema = z.object({ currentPassword: z.string().min(1).max(1000), newPassword: PasswordSchema })

/** One change (or sign-in) recorded in the audit log. */
export const AuditLogEntrySchema = z.object({
  timestamp: z.number(),
  actor: z.string(),
  actorKind: z.string(),
  role: z.string(),
  action: z.string(),
  target: z.string(),
  status: z.number(),
  clientAddress: z.string(),
  userAgent: z.string(),
})
export type AuditLogEntry = z.infer<typeof AuditLogEntrySchema>
export const AuditLogQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  actor: z.string().max(200).optional(),
  /** Entries before this time (epoch ms), for paging back. */
  before: z.coerce.number().int().positive().optional(),
})
export const AuditLogResponseSchema = z.object({ entries: z.array(AuditLogEntrySchema) })

/** An API token made by an admin; its secret is shown once, at creation, and stored as a hash. */
export const ApiTokenSchema = z.object({
  id: z.string(),
  name: z.string().min(1).max(100),
  role: RoleSchema,
  createdBy: z.string(),
  createdAt: z.number(),
})
export type ApiToken = z.infer<typeof ApiTokenSchema>
export const ApiTokenListSchema = z.object({ tokens: z.array(ApiTokenSchema) })
export const ApiTokenCreateSchema = ApiTokenSchema.pick({ name: true, role: true })
export const ApiTokenCreatedSchema = ApiTokenSchema.extend({ token: z.string() })
export const ApiTokenParamsSchema = z.object({ id: z.string().uuid() })

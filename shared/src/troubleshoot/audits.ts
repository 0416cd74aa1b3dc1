import { z } from 'zod'
import { FiltersSchema } from '../api/filters.ts'
import { QueryMetaSchema } from '../api/responses.ts'
import { SubjectVerdictSchema } from './subjects.ts'

/** Audit reports over `gateway_calls`: lists a person acts on, also as CSV. */

export const AUDIT_KINDS = ['deleted-subjects', 'no-refresh', 'long-lifetimes', 'route-issuers'] as const
export const AuditKindSchema = z.enum(AUDIT_KINDS)
export type AuditKind = z.infer<typeof AuditKindSchema>

export const AUDIT_TITLES: Readonly<Record<AuditKind, { title: string; description: string }>> = {
  'deleted-subjects': {
    title: 'Subjects that succeeded, now unknown',
    description: 'Subjects whose calls succeeded and later failed as unknown_sub: deleted or migrated users still holding tokens.',
  },
  'no-refresh': {
    title: 'Clients presenting expired tokens',
    description: 'Clients that keep sending expired tokens, how late, and how often the same token came back: refresh logic to fix.',
  },
  'long-lifetimes': {
    title: 'Unusually long token lifetimes',
    description: 'Issuers and clients minting tokens that live longer (exp − iat) than the threshold.',
  },
  'route-issuers': {
    title: 'Issuers and audiences per route',
    description: 'Every issuer and audience seen on each route, against what the route is configured to expect.',
  },
}

export const AuditParamsSchema = z.object({ kind: AuditKindSchema })

export const AuditRequestSchema = FiltersSchema.extend({
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
  format: z.enum(['json', 'csv']).default('json').describe('`csv` answers with a file'),
  minLifetimeSeconds: z.coerce.number().int().positive().optional().describe('long-lifetimes: threshold; default troubleshoot.audits.maxTokenLifetimeSeconds'),
})
export type AuditRequest = z.infer<typeof AuditRequestSchema>

const count = z.number().int().nonnegative()
const epochMs = z.number().int()

export const DeletedSubjectRowSchema = z.object({
  subject: z.string(),
  tenant: z.string(),
  issuer: z.string(),
  client: z.string(),
  lastSuccess: epochMs,
  /** First unknown_sub failure after the last success. */
  firstFailure: epochMs,
  lastFailure: epochMs,
  failures: count,
  /** The subject directory's answer; null without a directory (or past the first 100 rows). */
  directory: SubjectVerdictSchema.nullable(),
})

export const NoRefreshRowSchema = z.object({
  client: z.string(),
  expiredCalls: count,
  /** All calls of the client in the range. */
  calls: count,
  subjects: count,
  medianSecondsLate: z.number(),
  maxSecondsLate: z.number(),
  /** Tokens (sub + exp) presented two or more times after they expired. */
  reusedTokens: count,
  lastSeen: epochMs,
})

export const LongLifetimeRowSchema = z.object({
  issuer: z.string(),
  client: z.string(),
  /** Distinct tokens (sub + iat) seen. */
  tokens: count,
  longTokens: count,
  medianLifetimeSeconds: z.number(),
  maxLifetimeSeconds: z.number(),
  exampleSubject: z.string(),
  lastSeen: epochMs,
})

export const RouteValueSchema = z.object({
  value: z.string(),
  calls: count,
  failures: count,
  /** Whether the route's expectation lists it; null when nothing is configured for it. */
  expected: z.boolean().nullable(),
})
export const RouteIssuersRowSchema = z.object({
  service: z.string(),
  route: z.string(),
  calls: count,
  failures: count,
  /** Index of the expectation covering the route, null when none. */
  expectation: z.number().int().nonnegative().nullable(),
  issuers: z.array(RouteValueSchema),
  audiences: z.array(RouteValueSchema),
})

const base = { meta: QueryMetaSchema, truncated: z.boolean() }

export const AuditResponseSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('deleted-subjects'), ...base, rows: z.array(DeletedSubjectRowSchema) }),
  z.object({ kind: z.literal('no-refresh'), ...base, rows: z.array(NoRefreshRowSchema) }),
  z.object({ kind: z.literal('long-lifetimes'), ...base, thresholdSeconds: z.number().int().positive(), rows: z.array(LongLifetimeRowSchema) }),
  z.object({ kind: z.literal('route-issuers'), ...base, rows: z.array(RouteIssuersRowSchema) }),
])
export type AuditResponse = z.infer<typeof AuditResponseSchema>
export type DeletedSubjectRow = z.infer<typeof DeletedSubjectRowSchema>
export type NoRefreshRow = z.infer<typeof NoRefreshRowSchema>
export type LongLifetimeRow = z.infer<typeof LongLifetimeRowSchema>
export type RouteIssuersRow = z.infer<typeof RouteIssuersRowSchema>

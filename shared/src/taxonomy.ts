import { z } from 'zod'

/**
 * Stable cause identifiers stored in `gateway_calls.Cause`. Users write SQL and alert rules
 * against these strings: never rename one, only add.
 */
export const CAUSES = [
  'expired',
  'unknown_sub',
  'insufficient_scope',
  'misconfig',
  'malformed',
  'missing_token',
  'not_yet_valid',
  'revoked',
  'other',
] as const

export const CauseSchema = z.enum(CAUSES)
export type Cause = z.infer<typeof CauseSchema>

/** Empty string marks a successful (or non-auth) call in `gateway_calls.Cause`. */
export const StoredCauseSchema = z.union([CauseSchema, z.literal('')])
export type StoredCause = z.infer<typeof StoredCauseSchema>

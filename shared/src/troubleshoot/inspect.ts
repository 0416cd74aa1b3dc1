import { z } from 'zod'
import { StoredCauseSchema } from '../taxonomy.ts'
import { SubjectVerdictSchema } from './subjects.ts'

/**
 * The token inspector: a pasted JWT checked, on request, against the configured expectations the
 * way a gateway would. The token is only in the request body: never in a URL, log line or row.
 */

/** Longest token accepted: headers of 8–16 KiB are common gateway limits. */
export const MAX_TOKEN_LENGTH = 16_384

export const InspectRequestSchema = z.object({
  /** The JWT, optionally with its `Bearer ` prefix. */
  token: z.string().min(1, 'paste a token').max(MAX_TOKEN_LENGTH, `at most ${MAX_TOKEN_LENGTH} characters`),
  /** Check against the expectation of this service/route (scopes included); omitted: the expectation listing the token's issuer. */
  service: z.string().max(200).optional(),
  route: z.string().max(1_000).optional(),
})
export type InspectRequest = z.infer<typeof InspectRequestSchema>

/** The checks, in the order a gateway makes them. */
export const INSPECT_CHECKS = [
  'format', 'issuer', 'algorithm', 'jwks', 'kid', 'signature', 'audience', 'expiry', 'not_before', 'issued_at', 'scopes', 'subject',
] as const
export const InspectCheckIdSchema = z.enum(INSPECT_CHECKS)
export type InspectCheckId = z.infer<typeof InspectCheckIdSchema>

/** `skip`: nothing configured to check against, or an earlier check failed; `error`: could not be checked (a source is down). */
export const CHECK_STATUSES = ['pass', 'fail', 'skip', 'error'] as const
export const CheckStatusSchema = z.enum(CHECK_STATUSES)
export type CheckStatus = z.infer<typeof CheckStatusSchema>

export const InspectCheckSchema = z.object({
  id: InspectCheckIdSchema,
  label: z.string(),
  status: CheckStatusSchema,
  /** What was compared with what, e.g. `exp 2025-06-01T10:00:00Z is 180 s before now (skew 60 s)`. */
  detail: z.string(),
})
export type InspectCheck = z.infer<typeof InspectCheckSchema>

/** An expectation (`classifier.expectations[i]`) as the dashboard shows it. */
export const ExpectationViewSchema = z.object({
  index: z.number().int().nonnegative(),
  /** `service route`, `any service`, `any route`. */
  label: z.string(),
  service: z.string().nullable(),
  route: z.string().nullable(),
  issuers: z.array(z.string()),
  audiences: z.array(z.string()),
  requiredScopes: z.array(z.string()),
  algorithms: z.array(z.string()),
  jwksUrl: z.string().nullable(),
})
export type ExpectationView = z.infer<typeof ExpectationViewSchema>

export const InspectResponseSchema = z.object({
  /** No check failed (skipped and pass only). */
  valid: z.boolean(),
  /** The classifier's cause for a call carrying this token now; '' when valid. */
  cause: StoredCauseSchema,
  detail: z.string(),
  ruleId: z.string(),
  evidence: z.string(),
  /** The expectation the token was checked against; null when none applies. */
  expectation: ExpectationViewSchema.nullable(),
  /** Whether scopes were checked: only when a service/route was chosen. */
  routeChosen: z.boolean(),
  checks: z.array(InspectCheckSchema),
  /** The subject directory's answer for `sub`, when a directory is configured. */
  subject: SubjectVerdictSchema.nullable(),
  /** The instant the times were checked against, epoch ms. */
  checkedAt: z.number().int(),
  clockSkewSeconds: z.number().int().nonnegative(),
})
export type InspectResponse = z.infer<typeof InspectResponseSchema>

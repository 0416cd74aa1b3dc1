import { z } from 'zod'
import { QueryMetaSchema } from '../api/responses.ts'
import { ExpectationViewSchema } from './inspect.ts'
import { DirectoryInfoSchema } from './subjects.ts'

/**
 * The expected auth configuration (`classifier.expectations`) next to what traffic shows: tokens
 * that disagree with it, and the health of the JWKS it names.
 */

const count = z.number().int().nonnegative()
const epochMs = z.number().int()

export const AuthConfigResponseSchema = z.object({
  expectations: z.array(ExpectationViewSchema),
  clockSkewSeconds: z.number().int().nonnegative(),
  /** Every distinct `jwksUrl` of the expectations. */
  jwksUrls: z.array(z.string()),
  directory: DirectoryInfoSchema,
})
export type AuthConfigResponse = z.infer<typeof AuthConfigResponseSchema>

export const DRIFT_KINDS = ['issuer', 'audience', 'algorithm'] as const
export const DriftKindSchema = z.enum(DRIFT_KINDS)
export type DriftKind = z.infer<typeof DriftKindSchema>

/** Calls of one service/route whose tokens disagree with the route's expectation in one way. */
export const DriftItemSchema = z.object({
  kind: DriftKindSchema,
  /** Index into `classifier.expectations`. */
  expectation: z.number().int().nonnegative(),
  service: z.string(),
  route: z.string(),
  /** What the tokens carried: the issuer, the audiences (`a, b`; '' when none) or the alg. */
  value: z.string(),
  expected: z.array(z.string()),
  /** `service.version` of the gateway while it happened ('' when not reported): a deploy. */
  version: z.string(),
  /** First call of that service version in the range: when it was deployed, as far as traffic tells. */
  versionFirstSeen: epochMs.nullable(),
  calls: count,
  failures: count,
  firstSeen: epochMs,
  lastSeen: epochMs,
})
export type DriftItem = z.infer<typeof DriftItemSchema>

export const AuthDriftResponseSchema = z.object({
  meta: QueryMetaSchema,
  items: z.array(DriftItemSchema),
  /** Calls with a token in the range, and those no expectation covers. */
  tokenCalls: count,
  uncoveredCalls: count,
  /** The busiest service/routes without an expectation (at most 10). */
  uncoveredRoutes: z.array(z.object({ service: z.string(), route: z.string(), calls: count })),
  /** More distinct token shapes than were compared: narrow the range or filters. */
  truncated: z.boolean(),
})
export type AuthDriftResponse = z.infer<typeof AuthDriftResponseSchema>

export const JwksFetchSchema = z.object({
  at: epochMs,
  ok: z.boolean(),
  /** 0 without a response. */
  httpStatus: z.number().int().nonnegative(),
  error: z.string(),
  kids: z.array(z.string()),
  durationMs: z.number().nonnegative(),
})
export type JwksFetch = z.infer<typeof JwksFetchSchema>

export const JwksKidSchema = z.object({
  kid: z.string(),
  /** Listed by the newest successful fetch. */
  inJwks: z.boolean(),
  /** Over every recorded fetch. */
  firstInJwks: epochMs.nullable(),
  lastInJwks: epochMs.nullable(),
  /** Over the range, tokens of this JWKS's issuers. */
  firstInTokens: epochMs.nullable(),
  lastInTokens: epochMs.nullable(),
  tokenCalls: count,
  /** Calls with this kid classified misconfig with a key detail (signature_key, unknown_kid, bad_signature). */
  keyFailures: count,
  /** Seconds tokens carried the kid before the JWKS listed it; positive: signed before it was published. */
  leadSeconds: z.number().nullable(),
})
export type JwksKid = z.infer<typeof JwksKidSchema>

export const JWKS_EVENT_KINDS = ['kid_published', 'kid_withdrawn', 'kid_first_in_tokens', 'fetch_failed', 'fetch_recovered'] as const
export const JwksEventSchema = z.object({
  at: epochMs,
  kind: z.enum(JWKS_EVENT_KINDS),
  kid: z.string().nullable(),
  text: z.string(),
})
export type JwksEvent = z.infer<typeof JwksEventSchema>

export const JwksSourceHealthSchema = z.object({
  url: z.string(),
  issuers: z.array(z.string()),
  /** Indexes of the expectations naming this URL. */
  expectations: z.array(z.number().int().nonnegative()),
  /** From the newest recorded fetch; `unknown` when never fetched. */
  status: z.enum(['ok', 'failing', 'unknown']),
  lastFetch: JwksFetchSchema.nullable(),
  lastSuccessAt: epochMs.nullable(),
  lastFailure: JwksFetchSchema.nullable(),
  /** In the range. */
  fetches: count,
  failures: count,
  kids: z.array(JwksKidSchema),
  /** Rotation and availability timeline in the range, oldest first. */
  events: z.array(JwksEventSchema),
})
export type JwksSourceHealth = z.infer<typeof JwksSourceHealthSchema>

export const JwksHealthResponseSchema = z.object({
  meta: QueryMetaSchema,
  sources: z.array(JwksSourceHealthSchema),
})
export type JwksHealthResponse = z.infer<typeof JwksHealthResponseSchema>

import { z } from 'zod'
import { StoredCauseSchema } from './taxonomy.ts'
import { TokenFactsSchema } from './claims.ts'

/**
 * Everything the classifier may look at for one gateway call, already redacted: built by the
 * collector's normalize stage from an HTTP SERVER span and/or an access-log record.
 */
export const CallFactsSchema = z.object({
  /** Start of the call, epoch milliseconds. */
  timestampMs: z.number(),
  serviceName: z.string().default(''),
  method: z.string().default(''),
  /** `http.route` when the gateway reports it, else the URL path. */
  route: z.string().default(''),
  path: z.string().default(''),
  /** HTTP response status, 0 when unknown. */
  statusCode: z.number().int().default(0),
  /**
   * The error text: log body, exception message, span status message or an error attribute,
   * whichever the source carried (first non-empty, in that order).
   */
  message: z.string().default(''),
  /** Merged, redacted attributes: resource, then span or log attributes (later ones win). */
  attributes: z.record(z.string(), z.string()).default({}),
  token: TokenFactsSchema.default({ present: false, malformed: false }),
})
export type CallFacts = z.infer<typeof CallFactsSchema>

/** The classifier's verdict for one call. */
export const ClassificationSchema = z.object({
  /** '' for a call that did not fail authentication. */
  cause: StoredCauseSchema,
  detail: z.string().default(''),
  /** Id of the rule or check that decided, e.g. `supabase.error_code.user_not_found`. */
  ruleId: z.string().default(''),
  /** The fact that matched, human readable, e.g. `error_code=user_not_found`. */
  evidence: z.string().default(''),
})
export type Classification = z.infer<typeof ClassificationSchema>

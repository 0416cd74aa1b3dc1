import { z } from 'zod'
import { StoredCauseSchema } from './taxonomy.ts'

/**
 * One row of `gateway_calls`: one gateway call, successful or not. Field names are the column
 * names (PascalCase like the OTel tables); docs/schema.md documents each.
 */
export const GatewayCallSchema = z.object({
  /** Start of the call, nanoseconds since the epoch, as a decimal string (exact past 2^53). */
  Timestamp: z.string(),
  TraceId: z.string(),
  SpanId: z.string(),
  ServiceName: z.string(),
  Method: z.string(),
  Route: z.string(),
  Path: z.string(),
  StatusCode: z.number().int(),
  /** Nanoseconds. */
  Duration: z.number(),
  ClientAddress: z.string(),
  Subject: z.string(),
  Issuer: z.string(),
  Audience: z.array(z.string()),
  ClientId: z.string(),
  Tenant: z.string(),
  Scopes: z.array(z.string()),
  TokenKeyId: z.string(),
  TokenAlgorithm: z.string(),
  /** Epoch seconds, null when the claim was absent or no token was seen. */
  TokenIssuedAt: z.number().nullable(),
  TokenNotBefore: z.number().nullable(),
  TokenExpiresAt: z.number().nullable(),
  /** 1 when a bearer credential was presented. */
  TokenPresent: z.number().int(),
  Cause: StoredCauseSchema,
  CauseDetail: z.string(),
  /** Id of the rule or check that decided the cause. */
  EvidenceRule: z.string(),
  /** The fact that matched. */
  Evidence: z.string(),
  ErrorMessage: z.string(),
  /** `span`, `log` or `span+log`: which signals described this call. */
  Source: z.string(),
  /** Redacted attributes the classifier saw; what a user rule can match on. */
  Attributes: z.record(z.string(), z.string()),
})
export type GatewayCall = z.infer<typeof GatewayCallSchema>

/** Column order of `gateway_calls` inserts (JSONCompactEachRow): the schema's key order. */
export const GATEWAY_CALL_COLUMNS = Object.keys(GatewayCallSchema.shape) as [keyof GatewayCall, ...(keyof GatewayCall)[]]

/** The row as an array in `GATEWAY_CALL_COLUMNS` order, for JSONCompactEachRow inserts. */
export function toGatewayCallRow(call: GatewayCall): unknown[] {
  return GATEWAY_CALL_COLUMNS.map((column) => call[column])
}

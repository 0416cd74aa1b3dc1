import { z } from 'zod'
import { TokenClaimsSchema } from '../claims.ts'
import { GatewayCallSchema } from '../gateway-call.ts'
import { CauseSchema } from '../taxonomy.ts'
import { MessageTemplateSchema, TemplateSampleSchema } from './templates.ts'

/**
 * Response contracts of the query API: the server validates what it sends with these, the web
 * app parses what it receives with the same. Instants are epoch milliseconds, except row
 * `Timestamp`s, which are nanoseconds as decimal strings (exact past 2^53) like `GatewayCall`.
 */

const count = z.number().int().nonnegative()
const epochMs = z.number().int()

/** The table that answered, and why (see `chooseSource`). */
export const SOURCE_TABLES = ['gateway_calls', 'gateway_calls_1m', 'gateway_principals_1m', 'gateway_subject_failures_1m'] as const
export const SourceTableSchema = z.enum(SOURCE_TABLES)
export type SourceTable = z.infer<typeof SourceTableSchema>

export const QueryMetaSchema = z.object({
  source: SourceTableSchema,
  sourceReason: z.string(),
  /** The resolved range: whole minutes, `to` exclusive. */
  from: epochMs,
  to: epochMs,
  queryId: z.string(),
})
export type QueryMeta = z.infer<typeof QueryMetaSchema>

/** A value of the requested period next to the same value of the period just before it. */
export const ComparisonSchema = z.object({
  current: z.number(),
  previous: z.number(),
  delta: z.number(),
  /** `delta / previous`; null when the previous value is 0. */
  changeRatio: z.number().nullable(),
})
export type Comparison = z.infer<typeof ComparisonSchema>

export const SummaryResponseSchema = z.object({
  meta: QueryMetaSchema,
  calls: ComparisonSchema,
  failures: ComparisonSchema,
  /** Failures / calls, 0–1; 0 without calls. */
  failureRate: ComparisonSchema,
  /** Every cause of the taxonomy, most failures first. */
  causes: z.array(
    z.object({
      cause: CauseSchema,
      failures: ComparisonSchema,
      /** Share of all failures in the period, 0–1. */
      share: z.number(),
      /** Distinct subjects failing with this cause (uniq: approximate past ~65k). */
      subjects: count,
    }),
  ),
})
export type SummaryResponse = z.infer<typeof SummaryResponseSchema>

export const TimeseriesPointSchema = z.object({
  /** Bucket start. */
  t: epochMs,
  calls: count,
  failures: count,
  /** Failures per cause; every cause present, zeros included. */
  byCause: z.record(CauseSchema, count),
})
export type TimeseriesPoint = z.infer<typeof TimeseriesPointSchema>

export const TimeseriesResponseSchema = z.object({
  meta: QueryMetaSchema,
  bucketSeconds: z.number().int().positive(),
  /** One point per bucket from the bucket holding `from` up to `to`, empty buckets zero-filled. */
  points: z.array(TimeseriesPointSchema),
})
export type TimeseriesResponse = z.infer<typeof TimeseriesResponseSchema>

export const TopItemSchema = z.object({
  /** The dimension's value, as text (`''` when the call had none, e.g. no subject). */
  value: z.string(),
  calls: count,
  failures: count,
  failureRate: z.number(),
  /** Share of the ranked metric over everything matching the filters, 0–1. */
  share: z.number(),
})
export const TopResponseSchema = z.object({
  meta: QueryMetaSchema,
  dimension: z.string(),
  metric: z.enum(['failures', 'calls']),
  /** The ranked metric summed over everything matching the filters. */
  total: count,
  items: z.array(TopItemSchema),
})
export type TopResponse = z.infer<typeof TopResponseSchema>

/** One dimension's most frequent values among the matching calls (its own filter left out). */
export const FacetSchema = z.object({
  dimension: z.string(),
  /** Calls matching every other filter: what the values' counts add up to, with the rest. */
  total: count,
  values: z.array(z.object({ value: z.string(), calls: count, failures: count })),
})
export const FacetsResponseSchema = z.object({
  meta: QueryMetaSchema,
  facets: z.array(FacetSchema),
})
export type Facet = z.infer<typeof FacetSchema>
export type FacetsResponse = z.infer<typeof FacetsResponseSchema>

/** A call as listed: the row without its token details and attributes. */
export const CallSummarySchema = GatewayCallSchema.pick({
  Timestamp: true, TraceId: true, SpanId: true, ServiceName: true, Method: true, Route: true, Path: true,
  StatusCode: true, Duration: true, Subject: true, Issuer: true, ClientId: true, Tenant: true, Cause: true,
  CauseDetail: true, ErrorMessage: true,
})
export type CallSummary = z.infer<typeof CallSummarySchema>

export const CallsPageSchema = z.object({
  meta: QueryMetaSchema,
  calls: z.array(CallSummarySchema),
  /** Opaque; pass as `cursor` for the next page. Null on the last page. */
  nextCursor: z.string().nullable(),
})
export type CallsPage = z.infer<typeof CallsPageSchema>

export const LogRecordSchema = z.object({
  Timestamp: z.string(),
  TraceId: z.string(),
  SpanId: z.string(),
  SeverityText: z.string(),
  SeverityNumber: z.number().int(),
  ServiceName: z.string(),
  Body: z.string(),
  ResourceAttributes: z.record(z.string(), z.string()),
  ScopeName: z.string(),
  LogAttributes: z.record(z.string(), z.string()),
})
export type LogRecord = z.infer<typeof LogRecordSchema>

/** The token facts of a call, as JWT claims (epoch seconds), plus how its times relate to the call. */
export const DecodedClaimsSchema = TokenClaimsSchema.omit({ jti: true }).extend({
  present: z.boolean(),
  /** Seconds from `exp` to the call: positive means the token had expired that long. */
  secondsPastExpiry: z.number().nullable(),
  /** Seconds from the call to `nbf`: positive means the token was not valid yet. */
  secondsBeforeNotBefore: z.number().nullable(),
  /** Seconds from `iat` to the call. */
  tokenAgeSeconds: z.number().nullable(),
})
export type DecodedClaims = z.infer<typeof DecodedClaimsSchema>

export const EvidenceSchema = GatewayCallSchema.pick({
  Cause: true, CauseDetail: true, EvidenceRule: true, Evidence: true, ErrorMessage: true, Source: true,
})

export const CallDetailSchema = z.object({
  call: GatewayCallSchema,
  claims: DecodedClaimsSchema,
  evidence: EvidenceSchema,
  /** `otel_logs` records of the call's trace and span, oldest first. */
  logs: z.array(LogRecordSchema),
  /** Whether spans of the call's trace are stored (the trace endpoint then answers). */
  traceStored: z.boolean(),
})
export type CallDetail = z.infer<typeof CallDetailSchema>

const attributes = z.record(z.string(), z.string())
export const SpanSchema = z.object({
  Timestamp: z.string(),
  TraceId: z.string(),
  SpanId: z.string(),
  ParentSpanId: z.string(),
  TraceState: z.string(),
  SpanName: z.string(),
  SpanKind: z.string(),
  ServiceName: z.string(),
  ResourceAttributes: attributes,
  ScopeName: z.string(),
  ScopeVersion: z.string(),
  SpanAttributes: attributes,
  /** Nanoseconds. */
  Duration: z.number(),
  StatusCode: z.string(),
  StatusMessage: z.string(),
  Events: z.array(z.object({ Timestamp: z.string(), Name: z.string(), Attributes: attributes })),
  Links: z.array(z.object({ TraceId: z.string(), SpanId: z.string(), TraceState: z.string(), Attributes: attributes })),
})
export type Span = z.infer<typeof SpanSchema>

export const TraceResponseSchema = z.object({
  traceId: z.string(),
  /** From the trace id lookup table, whole seconds. */
  start: epochMs,
  end: epochMs,
  /** All spans, by start time. */
  spans: z.array(SpanSchema),
  logs: z.array(LogRecordSchema),
  /** The gateway calls claimcheck derived from this trace, so failing spans can be marked. */
  calls: z.array(CallSummarySchema),
})
export type TraceResponse = z.infer<typeof TraceResponseSchema>

export const SubjectHistorySchema = z.object({
  meta: QueryMetaSchema,
  subject: z.string(),
  /** Over everything stored, not only the requested range. Null when never seen. */
  firstSeen: epochMs.nullable(),
  lastSeen: epochMs.nullable(),
  lastSuccess: epochMs.nullable(),
  lastFailure: epochMs.nullable(),
  /** Up to 10 of each, over everything stored. */
  issuers: z.array(z.string()),
  clients: z.array(z.string()),
  tenants: z.array(z.string()),
  /** In the requested range. */
  calls: count,
  failures: count,
  causes: z.array(z.object({ cause: CauseSchema, failures: count })),
  bucketSeconds: z.number().int().positive(),
  points: z.array(TimeseriesPointSchema),
})
export type SubjectHistory = z.infer<typeof SubjectHistorySchema>

export const UnclassifiedMessageSchema = z.object({
  message: z.string(),
  count,
  firstSeen: epochMs,
  lastSeen: epochMs,
  exampleTraceId: z.string(),
  exampleSpanId: z.string(),
  services: z.array(z.string()),
  statusCodes: z.array(z.number().int()),
})
export const UnclassifiedResponseSchema = z.object({
  meta: QueryMetaSchema,
  messages: z.array(UnclassifiedMessageSchema),
  /** The same calls' messages mined into templates (docs/classification.md, "Templates and user rules"). */
  templates: z.array(MessageTemplateSchema),
  templateSample: TemplateSampleSchema,
})
export type UnclassifiedResponse = z.infer<typeof UnclassifiedResponseSchema>

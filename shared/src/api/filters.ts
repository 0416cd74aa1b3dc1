import { z } from 'zod'
import { CAUSES } from '../taxonomy.ts'
import { BUCKET_NAMES, isTimeExpression, type Bucket } from './time-range.ts'

/**
 * Query-string contracts of the query API. Every list filter takes repeated parameters
 * (`?cause=expired&cause=revoked`) or comma lists (`?cause=expired,revoked`); values within one
 * filter are OR-ed, filters are AND-ed. An absent or empty filter does not filter. A value
 * starting with `!` excludes (`?cause=!expired`): calls with any excluded value are left out.
 */

/** What a call can be grouped or filtered by. Each maps to one column (server `sql/sources.ts`). */
export const DIMENSIONS = [
  'service', 'route', 'method', 'status', 'cause', 'causeDetail', 'subject', 'issuer', 'client', 'tenant', 'kid', 'message',
] as const
export const DimensionSchema = z.enum(DIMENSIONS)
export type Dimension = z.infer<typeof DimensionSchema>

/** `success` selects calls without a cause (the stored empty string). */
export const CauseFilterSchema = z.enum([...CAUSES, 'success'])
export type CauseFilter = z.infer<typeof CauseFilterSchema>

/** An exact code (`403`) or a class (`4xx`). */
export const StatusFilterSchema = z.string().regex(/^[1-5](?:\d{2}|xx)$/i, 'an HTTP status (403) or class (4xx)').transform((s) => s.toLowerCase())

const MAX_VALUES = 100

function splitValues(value: string | string[] | undefined): string[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value]
  return list.flatMap((item) => item.split(',')).map((item) => item.trim()).filter((item) => item !== '')
}

/** The prefix of an excluded value: `cause=!expired`. */
export const EXCLUDE_PREFIX = '!'

/** A filter's values split into included and excluded ones (prefix removed). */
export function splitExcluded(values: readonly string[]): { include: string[]; exclude: string[] } {
  const include: string[] = []
  const exclude: string[] = []
  for (const value of values) {
    if (value.startsWith(EXCLUDE_PREFIX)) exclude.push(value.slice(EXCLUDE_PREFIX.length))
    else include.push(value)
  }
  return { include, exclude }
}

/** `item`, or `!item` (an exclusion), validated and normalised by `item` either way. */
function negatable(item: z.ZodType<string, string>) {
  return z.string().transform((value, ctx) => {
    const excluded = value.startsWith(EXCLUDE_PREFIX)
    const parsed = item.safeParse(excluded ? value.slice(EXCLUDE_PREFIX.length) : value)
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: `${issue.message} (got ${JSON.stringify(value)})` })
      return z.NEVER
    }
    return excluded ? `${EXCLUDE_PREFIX}${parsed.data}` : parsed.data
  })
}

/** A multi-value query parameter: `string | string[]` in, a list of `item` (or `!item`) out. */
function multi(item: z.ZodType<string, string>, description: string) {
  return z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform(splitValues)
    .pipe(z.array(negatable(item)).max(MAX_VALUES))
    .describe(`${description}; a value starting with ! excludes`)
}

const text = z.string().min(1).max(1_000)
const timeExpression = z
  .string()
  .refine(isTimeExpression, 'a time: now, now-15m (s m h d w), an ISO 8601 date-time, or epoch milliseconds')

export const FiltersSchema = z.object({
  from: timeExpression.optional().describe('Start (inclusive), rounded down to the minute. Default now-1h.'),
  to: timeExpression.optional().describe('End (exclusive), rounded up to the minute. Default now.'),
  service: multi(text, 'ServiceName'),
  route: multi(text, 'Route template'),
  method: multi(text, 'HTTP method'),
  status: multi(StatusFilterSchema, 'HTTP status code or class (4xx)'),
  cause: multi(CauseFilterSchema, 'Cause; `success` selects calls without one'),
  causeDetail: multi(text, 'CauseDetail'),
  subject: multi(text, 'JWT sub'),
  issuer: multi(text, 'JWT iss'),
  client: multi(text, 'Client id (azp / client_id)'),
  tenant: multi(text, 'Tenant'),
  kid: multi(text, 'Signing key id (JWT header kid)'),
  q: z.string().min(1).max(200).optional().describe('Case-insensitive text searched in the error message'),
  bucket: z.enum(BUCKET_NAMES as [Bucket, ...Bucket[]]).optional().describe('Bucket size; chosen from the range when absent (60–200 points)'),
  source: z.enum(['auto', 'raw']).default('auto').describe('`raw` forces gateway_calls instead of a rollup (for comparison)'),
})
export type Filters = z.infer<typeof FiltersSchema>

/** The dimensions a set of filters constrains (`q` constrains `message`). */
export function filteredDimensions(filters: Filters): Dimension[] {
  const dims: Dimension[] = []
  for (const dim of DIMENSIONS) {
    if (dim === 'message') continue
    if (filters[dim].length > 0) dims.push(dim)
  }
  if (filters.q) dims.push('message')
  return dims
}

const limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback)

export const SummaryRequestSchema = FiltersSchema
export const TimeseriesRequestSchema = FiltersSchema

export const TopRequestSchema = FiltersSchema.extend({
  dimension: DimensionSchema.describe('What to group by'),
  metric: z.enum(['failures', 'calls']).default('failures').describe('What to rank by'),
  limit: limit(100, 10),
})
export type TopRequest = z.infer<typeof TopRequestSchema>

export const CALL_SORTS = ['time_desc', 'time_asc', 'duration_desc', 'duration_asc'] as const
export const CallSortSchema = z.enum(CALL_SORTS)
export type CallSort = z.infer<typeof CallSortSchema>

export const CallsRequestSchema = FiltersSchema.extend({
  sort: CallSortSchema.default('time_desc'),
  limit: limit(500, 50),
  cursor: z.string().max(2_000).optional().describe('`nextCursor` of the previous page; keep the other parameters unchanged'),
})
export type CallsRequest = z.infer<typeof CallsRequestSchema>

/** Trace and span ids as stored: hex in practice, any short printable text accepted. */
export const IdSchema = z.string().min(1).max(128).regex(/^[\w.:-]+$/, 'an id')

export const CallParamsSchema = z.object({ traceId: IdSchema, spanId: IdSchema })
export const TraceParamsSchema = z.object({ traceId: IdSchema })
export const SubjectParamsSchema = z.object({ subject: z.string().min(1).max(1_000) })

/** Dimensions the calls explorer counts values of (`kid` and `status` included; never the free-text message). */
export const FACET_DIMENSIONS = ['cause', 'route', 'status', 'client', 'tenant', 'issuer', 'kid', 'service', 'method', 'causeDetail', 'subject'] as const
export const FacetDimensionSchema = z.enum(FACET_DIMENSIONS)
export type FacetDimension = z.infer<typeof FacetDimensionSchema>

export const FacetsRequestSchema = FiltersSchema.extend({
  dimension: z
    .union([FacetDimensionSchema, z.array(FacetDimensionSchema)])
    .transform((value) => [...new Set(Array.isArray(value) ? value : [value])])
    .describe('Dimensions to count (repeat the parameter)'),
  limit: limit(50, 8),
})
export type FacetsRequest = z.infer<typeof FacetsRequestSchema>

export const UnclassifiedRequestSchema = FiltersSchema.extend({
  limit: limit(500, 50),
  part: z.enum(['all', 'messages', 'templates']).default('all').describe('`messages` or `templates` alone skips the other query'),
})
export type UnclassifiedRequest = z.infer<typeof UnclassifiedRequestSchema>

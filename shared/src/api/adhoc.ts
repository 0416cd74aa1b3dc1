import { z } from 'zod'

/** Longest ad hoc SQL text accepted. */
export const MAX_SQL_LENGTH = 100_000

const paramValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(paramValue), z.record(z.string(), paramValue)]),
)

export const AdhocQueryRequestSchema = z.object({
  sql: z.string().min(1).max(MAX_SQL_LENGTH).describe('One read-only statement (SELECT, WITH, UNION, EXPLAIN of a SELECT, DESCRIBE, SHOW TABLES)'),
  /** Values for `{name:Type}` placeholders in the SQL. */
  params: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a parameter name'), paramValue).default({}),
  /** `json` answers with the result below; `csv` and `json` as a download are asked with `download`. */
  format: z.enum(['json', 'csv']).default('json'),
  /** Answer as an attachment (`Content-Disposition`). Default false for json, always for csv. */
  download: z.boolean().default(false),
})
export type AdhocQueryRequest = z.infer<typeof AdhocQueryRequestSchema>

export const AdhocColumnSchema = z.object({ name: z.string(), type: z.string() })

export const AdhocQueryResponseSchema = z.object({
  queryId: z.string(),
  columns: z.array(AdhocColumnSchema),
  /** One array per row, values in column order, as ClickHouse's JSON formats them. */
  rows: z.array(z.array(z.unknown())),
  rowCount: z.number().int().nonnegative(),
  /** True when the result was cut, at `limit` rows or at `byteLimit` bytes: only what fitted is here. */
  truncated: z.boolean(),
  /** What cut the result: `rows` (`limit`), `bytes` (`byteLimit`), or null when it is complete. */
  cutBy: z.enum(['rows', 'bytes']).nullable(),
  /** For people: "Cut at 16 MiB: …" when `truncated`, else null. Also sent as the `X-Result-Notice` header. */
  notice: z.string().nullable(),
  /** Rows returned at most. */
  limit: z.number().int().positive(),
  /** Bytes of rows (as JSON) returned at most. */
  byteLimit: z.number().int().positive(),
  /** Bytes of the rows returned (as JSON). */
  bytes: z.number().int().nonnegative(),
  stats: z.object({
    /** Rows and bytes the engine read, when it reports them while streaming (ClickHouse over HTTP); null otherwise. */
    rowsRead: z.number().nonnegative().nullable(),
    bytesRead: z.number().nonnegative().nullable(),
    elapsedMs: z.number().nonnegative(),
  }),
})
export type AdhocQueryResponse = z.infer<typeof AdhocQueryResponseSchema>

/** Where in the SQL an error is: 1-based character offset, line and column. */
export const SqlPositionSchema = z.object({
  position: z.number().int().positive(),
  line: z.number().int().positive(),
  column: z.number().int().positive(),
})
export type SqlPosition = z.infer<typeof SqlPositionSchema>

export const SavedQuerySchema = z.object({
  id: z.string(),
  name: z.string().trim().min(1).max(200),
  sql: z.string().min(1).max(MAX_SQL_LENGTH),
  description: z.string().max(5_000),
  /** Epoch ms. */
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
})
export type SavedQuery = z.infer<typeof SavedQuerySchema>

export const SavedQueryCreateSchema = SavedQuerySchema.pick({ name: true, sql: true, description: true }).extend({
  description: SavedQuerySchema.shape.description.default(''),
})
export type SavedQueryCreate = z.infer<typeof SavedQueryCreateSchema>

export const SavedQueryUpdateSchema = SavedQuerySchema.pick({ name: true, sql: true, description: true })
  .partial()
  .refine((update) => Object.keys(update).length > 0, 'nothing to update')
export type SavedQueryUpdate = z.infer<typeof SavedQueryUpdateSchema>

export const SavedQueryParamsSchema = z.object({ id: z.string().uuid() })
export const SavedQueryListSchema = z.object({ queries: z.array(SavedQuerySchema) })

/** Every error the API answers with. */
export const ApiErrorSchema = z.object({
  error: z.object({
    /** Stable: `invalid_request`, `not_found`, `sql_refused`, `query_failed`, `clickhouse_<code>`, `internal`, … */
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
})
export type ApiError = z.infer<typeof ApiErrorSchema>

import { z } from 'zod'

/**
 * Settings of the troubleshooting assistant: where known subjects live (the subject directory),
 * how JWKS are fetched and watched, and audit thresholds. The expected auth configuration per
 * service/route is `classifier.expectations` (one source of truth for classifier and assistant).
 */

const positiveInt = z.coerce.number({ error: 'expected a whole number' }).int('expected a whole number').positive('expected a number above 0')
const seconds = z.coerce.number({ error: 'expected a number of seconds' }).int('expected a whole number').min(0, 'expected 0 or more')

/** A ClickHouse table, view or dictionary: `name` or `database.name`, plain identifiers only. */
export const CLICKHOUSE_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?$/
/** A column name: a plain identifier. */
export const CLICKHOUSE_COLUMN_RE = /^[A-Za-z_][A-Za-z0-9_]*$/

const column = z.string().regex(CLICKHOUSE_COLUMN_RE, 'a plain column name (letters, digits, _)')

/** Cache of directory answers; a source that is down is never cached as "not found". */
export const SubjectCacheConfigSchema = z.object({
  /** Seconds a found subject (active, disabled, deleted) is remembered. Default 300. */
  ttlSeconds: seconds.default(300),
  /** Seconds a "not in the directory" answer is remembered. Default 60. */
  negativeTtlSeconds: seconds.default(60),
  /** Subjects remembered at most; the least recently used go first. Default 10,000. */
  maxEntries: positiveInt.default(10_000),
})

/**
 * Where each field of a subject is found: a column (CSV, ClickHouse) or a dotted path into the
 * JSON record (JSON file, HTTP). `status` holds active/disabled/deleted or a common synonym;
 * a non-empty `deletedAt` means deleted whatever the status says. Empty string: the source has no such field.
 */
const fieldsSchema = (name: z.ZodString) => z.object({
  /** Default `sub`. */
  sub: name.default('sub'),
  /** Default `status`; '' when every subject found is active. */
  status: z.union([z.literal(''), name]).default('status'),
  /** Default `deletedAt`; '' when the source has no deletion time. */
  deletedAt: z.union([z.literal(''), name]).default('deletedAt'),
  /** Default `tenant`; '' when the source has no tenant. */
  tenant: z.union([z.literal(''), name]).default('tenant'),
})

const path = z.string().min(1).max(200)

export const FileSubjectSourceSchema = z.object({
  kind: z.literal('file'),
  /** A CSV (header row) or JSON file (an array of objects, or `{ "users": [...] }`); re-read when it changes. */
  path: z.string().min(1),
  /** Default: from the extension (`.json` → json, else csv). */
  format: z.enum(['csv', 'json']).optional(),
  fields: fieldsSchema(path).prefault({}),
  cache: SubjectCacheConfigSchema.prefault({}),
})

export const ClickHouseSubjectSourceSchema = z.object({
  kind: z.literal('clickhouse'),
  /**
   * A table, view or dictionary in claimcheck's ClickHouse (`users` or `db.users`), queried through
   * the read connection with the sub as a parameter. A dictionary can pull from PostgreSQL, MySQL
   * or HTTP by itself (CREATE DICTIONARY … SOURCE(POSTGRESQL(…))).
   */
  table: z.string().regex(CLICKHOUSE_NAME_RE, 'a table or dictionary name: name or database.name'),
  /** Column names; set a field to '' when the table has no such column. */
  fields: fieldsSchema(column).prefault({}),
  cache: SubjectCacheConfigSchema.prefault({}),
})

export const HttpSubjectSourceSchema = z.object({
  kind: z.literal('http'),
  /** URL template: `{sub}` is replaced by the URL-encoded subject. 404 means not found, 410 deleted. */
  url: z.string().url('expected a URL such as https://users.internal/api/users/{sub}').refine((url) => url.includes('{sub}'), 'the URL must contain {sub}'),
  /** Extra request headers (values are secrets: masked by `config print`). */
  headers: z.record(z.string(), z.string()).default({}),
  /** Sent as `Authorization: Bearer …`; a secret. */
  bearerToken: z.string().optional(),
  /** Per request. Default 2,000 ms. */
  timeoutMs: positiveInt.default(2_000),
  /** Dotted paths into the JSON answer (`data.status`). */
  fields: fieldsSchema(path).prefault({}),
  cache: SubjectCacheConfigSchema.prefault({}),
})

export const SubjectDirectoryConfigSchema = z.discriminatedUnion('kind', [
  FileSubjectSourceSchema,
  ClickHouseSubjectSourceSchema,
  HttpSubjectSourceSchema,
])
export type SubjectDirectoryConfig = z.infer<typeof SubjectDirectoryConfigSchema>
export type SubjectDirectoryConfigInput = z.input<typeof SubjectDirectoryConfigSchema>

export const JwksConfigSchema = z.object({
  /** Seconds a fetched JWKS is used before it is fetched again. Default 300. */
  cacheSeconds: seconds.default(300),
  /** A token whose kid is not in the cached set refetches at most this often, seconds. Default 30. */
  cooldownSeconds: seconds.default(30),
  /** Per fetch. Default 5,000 ms. */
  timeoutMs: positiveInt.default(5_000),
  /** Fetch every configured JWKS this often to record its health and kid rotations, seconds; 0 = only on demand. Default 300. */
  pollSeconds: seconds.default(300),
})

export const TroubleshootConfigSchema = z.object({
  /** The subject directory; unset: subjects are not looked up. */
  subjects: SubjectDirectoryConfigSchema.optional(),
  jwks: JwksConfigSchema.prefault({}),
  audits: z.object({
    /** Tokens living longer than this (exp − iat) are reported as unusually long-lived, seconds. Default 86,400 (a day). */
    maxTokenLifetimeSeconds: positiveInt.default(86_400),
  }).prefault({}),
})
export type TroubleshootConfig = z.infer<typeof TroubleshootConfigSchema>

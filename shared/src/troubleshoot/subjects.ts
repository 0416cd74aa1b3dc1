import { z } from 'zod'

/**
 * What the subject directory says about a `sub`. `unavailable` is an answer too: the source is
 * down or misconfigured, which must never read as "not in the directory".
 */
export const SUBJECT_STATES = ['active', 'disabled', 'deleted', 'not_found', 'unavailable'] as const
export const SubjectStateSchema = z.enum(SUBJECT_STATES)
export type SubjectState = z.infer<typeof SubjectStateSchema>

export const SUBJECT_SOURCE_KINDS = ['file', 'clickhouse', 'http'] as const
export const SubjectSourceKindSchema = z.enum(SUBJECT_SOURCE_KINDS)
export type SubjectSourceKind = z.infer<typeof SubjectSourceKindSchema>

const epochMs = z.number().int()

export const SubjectVerdictSchema = z.object({
  subject: z.string(),
  state: SubjectStateSchema,
  /** When the directory says the subject was deleted; null when not deleted or not known. */
  deletedAt: epochMs.nullable(),
  /** The subject's tenant in the directory, when it has one. */
  tenant: z.string().nullable(),
  /** For `unavailable`: what went wrong, without secrets. */
  error: z.string().nullable(),
  source: SubjectSourceKindSchema,
  /** When the source gave this answer (a cached answer keeps its time). */
  checkedAt: epochMs,
  cached: z.boolean(),
  /** One sentence for people: what the answer means for a failing call. */
  explanation: z.string(),
})
export type SubjectVerdict = z.infer<typeof SubjectVerdictSchema>

export const DirectoryInfoSchema = z.object({
  configured: z.boolean(),
  kind: SubjectSourceKindSchema.nullable(),
  /** The file, table or URL template (never headers or tokens). */
  target: z.string().nullable(),
  cache: z.object({
    entries: z.number().int().nonnegative(),
    hits: z.number().int().nonnegative(),
    misses: z.number().int().nonnegative(),
    ttlSeconds: z.number().int().nonnegative(),
    negativeTtlSeconds: z.number().int().nonnegative(),
    maxEntries: z.number().int().positive(),
  }).nullable(),
})
export type DirectoryInfo = z.infer<typeof DirectoryInfoSchema>

const subject = z.string().min(1).max(1_000)

export const SubjectLookupParamsSchema = z.object({ subject })
export const SubjectLookupQuerySchema = z.object({
  /** The token's tenant, to tell "present, but in another tenant". */
  tenant: z.string().max(1_000).optional(),
})

export const SubjectBatchRequestSchema = z.object({
  subjects: z.array(subject).min(1).max(100),
})
export type SubjectBatchRequest = z.infer<typeof SubjectBatchRequestSchema>

export const SubjectBatchResponseSchema = z.object({
  verdicts: z.array(SubjectVerdictSchema),
})
export type SubjectBatchResponse = z.infer<typeof SubjectBatchResponseSchema>

import { z } from 'zod'

/** Templates of unclassified messages, mined from `other` calls (GET /unclassified). */

const count = z.number().int().nonnegative()
const epochMs = z.number().int()

export const TemplateExampleSchema = z.object({ message: z.string(), traceId: z.string(), spanId: z.string(), calls: count })

export const MessageTemplateSchema = z.object({
  /** Stable id of the template text (FNV-1a); the rule made from it is `template.<id>`. */
  id: z.string(),
  /** The masked text: `<NUM>`, `<UUID>`, `"<STR>"` … for masked values, `<*>` where messages differ. */
  template: z.string(),
  count,
  /** Distinct original messages (before masking) of the sample in this template. */
  messages: count,
  firstSeen: epochMs,
  lastSeen: epochMs,
  /** Calls per trend bucket, oldest first, covering the whole range (see `sample.trendBucketSeconds`). */
  trend: z.array(count),
  examples: z.array(TemplateExampleSchema),
  services: z.array(z.string()),
  statusCodes: z.array(z.number().int()),
  /** The stored rule made from this template, when there is one. */
  rule: z.object({ id: z.string(), version: z.number().int(), cause: z.string(), detail: z.string(), enabled: z.boolean() }).nullable(),
})
export type MessageTemplate = z.infer<typeof MessageTemplateSchema>

/** What the templates were mined from: the most frequent masked messages, up to `limit`. */
export const TemplateSampleSchema = z.object({
  limit: count,
  /** Distinct masked messages in the range; more than `limit` means the rarest were left out. */
  distinctMessages: count,
  /** `other` calls in the range, and how many of them the sample covers. */
  calls: count,
  sampledCalls: count,
  trendFrom: epochMs,
  trendBucketSeconds: z.number().int().positive(),
})
export type TemplateSample = z.infer<typeof TemplateSampleSchema>

import type { MessageTemplate, QueryRange, TemplateSample, UnclassifiedRequest, UserRule } from '@claimcheck/shared'
import { mineTemplates, templateId } from '../../templates/index.ts'
import { queryRows, toNumber, type QueryContext } from '../runner.ts'
import { buildTemplateSampleQuery } from '../sql/queries-templates.ts'

/**
 * Templates of unclassified messages: SQL masks and groups the `other` calls' messages (bounded to
 * the most frequent SAMPLE_LIMIT masked messages, so the work does not grow with the calls), then
 * Drain merges what the masks left apart (a free word, a name) into templates.
 */

export const TEMPLATE_SAMPLE_LIMIT = 2_000
const TREND_POINTS = 40

interface SampleRow {
  masked: string
  calls: unknown
  originals: unknown
  firstSeen: unknown
  lastSeen: unknown
  trend: [unknown[], unknown[]]
  examples: Array<[string, string, string, unknown]>
  services: string[]
  statusCodes: unknown[]
  distinctMasked: unknown
  sampledCallsTotal: unknown
}

/** A sparkline's bucket: whole minutes, about TREND_POINTS of them over the range. */
export function trendBucketSeconds(range: QueryRange): number {
  const seconds = (range.to - range.from) / 1000
  return Math.max(60, Math.ceil(seconds / TREND_POINTS / 60) * 60)
}

export interface MinedTemplates {
  templates: MessageTemplate[]
  sample: TemplateSample
}

/** The answer when templates were not asked for (`part=messages`). */
export function noTemplates(range: QueryRange): MinedTemplates {
  const bucket = trendBucketSeconds(range)
  return { templates: [], sample: { limit: 0, distinctMessages: 0, calls: 0, sampledCalls: 0, trendFrom: Math.floor(range.from / 1000 / bucket) * bucket * 1000, trendBucketSeconds: bucket } }
}

export async function getTemplates(
  context: QueryContext, request: UnclassifiedRequest, range: QueryRange, rules: readonly UserRule[], sampleLimit = TEMPLATE_SAMPLE_LIMIT,
): Promise<MinedTemplates> {
  const bucket = trendBucketSeconds(range)
  const rows = await queryRows<SampleRow>(context, buildTemplateSampleQuery(request, range, bucket, sampleLimit))
  const trendFrom = Math.floor(range.from / 1000 / bucket) * bucket
  const points = Math.max(1, Math.ceil((range.to / 1000 - trendFrom) / bucket))
  const byRule = new Map(rules.filter((r) => !r.deleted).map((r) => [r.ruleId, r]))
  const mined = mineTemplates(rows.map((row) => ({ text: row.masked, count: toNumber(row.calls) })))
  const templates = mined.slice(0, request.limit).map((template): MessageTemplate => {
    const members = template.members.map((i) => rows[i]!)
    const trend = new Array<number>(points).fill(0)
    for (const row of members) {
      const [keys, values] = row.trend
      keys.forEach((key, i) => {
        const at = Math.floor((toNumber(key) - trendFrom) / bucket)
        if (at >= 0 && at < points) trend[at]! += toNumber(values[i])
      })
    }
    const examples = members
      .flatMap((row) => row.examples.map(([message, traceId, spanId, calls]) => ({ message, traceId, spanId, calls: toNumber(calls) })))
      .sort((a, b) => b.calls - a.calls || (a.message < b.message ? -1 : 1))
      .slice(0, 3)
    const text = template.tokens.join(' ')
    const id = templateId(text)
    const rule = byRule.get(`template.${id}`)
    return {
      id,
      template: text,
      count: template.count,
      messages: members.reduce((n, row) => n + toNumber(row.originals), 0),
      firstSeen: Math.min(...members.map((row) => toNumber(row.firstSeen))),
      lastSeen: Math.max(...members.map((row) => toNumber(row.lastSeen))),
      trend,
      examples,
      services: [...new Set(members.flatMap((row) => row.services))].sort(),
      statusCodes: [...new Set(members.flatMap((row) => row.statusCodes.map(toNumber)))].sort((a, b) => a - b),
      rule: rule ? { id: rule.ruleId, version: rule.version, cause: rule.rule.set.cause, detail: rule.rule.set.detail, enabled: rule.enabled } : null,
    }
  })
  const first = rows[0]
  return {
    templates,
    sample: {
      limit: sampleLimit,
      distinctMessages: first ? toNumber(first.distinctMasked) : 0,
      calls: first ? toNumber(first.sampledCallsTotal) : 0,
      sampledCalls: rows.reduce((n, row) => n + toNumber(row.calls), 0),
      trendFrom: trendFrom * 1000,
      trendBucketSeconds: bucket,
    },
  }
}


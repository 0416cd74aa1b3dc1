import { CAUSES, type Filters, type SubjectHistory, type UnclassifiedRequest, type UnclassifiedResponse } from '@claimcheck/shared'
import { queryRows, toNumber, type QueryContext } from '../runner.ts'
import { buildSubjectStatsQuery, buildUnclassifiedQuery } from '../sql/queries-calls.ts'
import { buildTimeseriesQuery } from '../sql/queries-overview.ts'
import { chooseSource } from '../sql/sources.ts'
import { describeMeta, resolveBucket, resolveRange, toPoint } from './overview.ts'
import { getTemplates, noTemplates } from './templates.ts'
import { listUserRules } from './user-rules.ts'

interface SubjectStatsRow {
  calls: unknown
  successes: unknown
  failures: unknown
  firstSeen: unknown
  lastSeen: unknown
  lastSuccess: unknown
  lastFailure: unknown
  issuers: string[]
  clients: string[]
  tenants: string[]
}

/** First/last seen over everything stored, and failures by cause over the requested range. */
export async function getSubjectHistory(context: QueryContext, subject: string, filters: Filters, nowMs: number): Promise<SubjectHistory> {
  const range = resolveRange(filters, nowMs)
  const bucketSeconds = resolveBucket(range, filters)
  const scoped: Filters = { ...filters, subject: [subject] }
  const choice = chooseSource(scoped, { kind: 'subject' })
  const [stats] = await queryRows<SubjectStatsRow>(context, buildSubjectStatsQuery(subject))
  const rows = await queryRows<Parameters<typeof toPoint>[0]>(context, buildTimeseriesQuery(choice.source, scoped, range, bucketSeconds))
  const points = rows.map(toPoint)
  const seen = stats && toNumber(stats.calls) > 0
  const when = (value: unknown, count: unknown) => (seen && toNumber(count) > 0 ? toNumber(value) : null)
  return {
    meta: describeMeta(choice, range, context),
    subject,
    firstSeen: when(stats?.firstSeen, stats?.calls),
    lastSeen: when(stats?.lastSeen, stats?.calls),
    lastSuccess: when(stats?.lastSuccess, stats?.successes),
    lastFailure: when(stats?.lastFailure, stats?.failures),
    issuers: (stats?.issuers ?? []).sort(),
    clients: (stats?.clients ?? []).sort(),
    tenants: (stats?.tenants ?? []).sort(),
    calls: points.reduce((sum, p) => sum + p.calls, 0),
    failures: points.reduce((sum, p) => sum + p.failures, 0),
    causes: CAUSES.map((cause) => ({ cause, failures: points.reduce((sum, p) => sum + p.byCause[cause], 0) }))
      .filter((entry) => entry.failures > 0)
      .sort((a, b) => b.failures - a.failures),
    bucketSeconds,
    points,
  }
}

interface UnclassifiedRow {
  message: string
  calls: unknown
  firstSeen: unknown
  lastSeen: unknown
  exampleTraceId: string
  exampleSpanId: string
  services: string[]
  statusCodes: unknown[]
}

/** The most frequent messages of calls no rule classified, and their templates: candidates for a new rule. */
export async function getUnclassified(context: QueryContext, request: UnclassifiedRequest, nowMs: number): Promise<UnclassifiedResponse> {
  const range = resolveRange(request, nowMs)
  const choice = chooseSource(request, { kind: 'unclassified' })
  const [rows, mined] = await Promise.all([
    request.part === 'templates' ? [] : queryRows<UnclassifiedRow>(context, buildUnclassifiedQuery(request, range, request.limit)),
    request.part === 'messages' ? noTemplates(range) : listUserRules(context).then((rules) => getTemplates(context, request, range, rules)),
  ])
  return {
    meta: describeMeta(choice, range, context),
    templates: mined.templates,
    templateSample: mined.sample,
    messages: rows.map((row) => ({
      message: row.message,
      count: toNumber(row.calls),
      firstSeen: toNumber(row.firstSeen),
      lastSeen: toNumber(row.lastSeen),
      exampleTraceId: row.exampleTraceId,
      exampleSpanId: row.exampleSpanId,
      services: [...row.services].sort(),
      statusCodes: row.statusCodes.map(toNumber).sort((a, b) => a - b),
    })),
  }
}

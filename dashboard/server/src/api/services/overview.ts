import {
  CAUSES, chooseBucket, resolveTimeRange, TimeRangeError, type Cause, type Comparison, type Filters, type QueryMeta,
  type SummaryResponse, type QueryRange, type TimeseriesPoint, type TimeseriesResponse, type TopRequest, type TopResponse,
} from '@claimcheck/shared'
import { BadRequestError } from '../../errors.ts'
import { queryRows, toNumber, type QueryContext } from '../runner.ts'
import { buildFailingSubjectsQuery, buildSummaryQuery, buildTimeseriesQuery, buildTopQuery, buildValueCallsQuery } from '../sql/queries-overview.ts'
import { chooseSource, type SourceChoice } from '../sql/sources.ts'

/** The range of a request, or a 400 naming the parameter at fault. */
export function resolveRange(filters: Pick<Filters, 'from' | 'to'>, nowMs: number): QueryRange {
  try {
    return resolveTimeRange(filters, nowMs)
  } catch (error) {
    if (error instanceof TimeRangeError) throw new BadRequestError(error.message, [{ path: error.field, message: error.message }])
    throw error
  }
}

export function resolveBucket(range: QueryRange, filters: Pick<Filters, 'bucket'>): number {
  try {
    return chooseBucket(range, filters.bucket)
  } catch (error) {
    if (error instanceof TimeRangeError) throw new BadRequestError(error.message, [{ path: error.field, message: error.message }])
    throw error
  }
}

export function describeMeta(choice: SourceChoice, range: QueryRange, context: QueryContext): QueryMeta {
  return { source: choice.source.table, sourceReason: choice.reason, from: range.from, to: range.to, queryId: context.queryId }
}

export function compare(current: number, previous: number): Comparison {
  const delta = current - previous
  return { current, previous, delta, changeRatio: previous === 0 ? null : delta / previous }
}

const rate = (failures: number, calls: number) => (calls === 0 ? 0 : failures / calls)

export async function getSummary(context: QueryContext, filters: Filters, nowMs: number): Promise<SummaryResponse> {
  const range = resolveRange(filters, nowMs)
  const choice = chooseSource(filters, { kind: 'summary' })
  const subjectsChoice = chooseSource(filters, { kind: 'failingSubjects' })
  const [rows, subjectRows] = await Promise.all([
    queryRows<{ current: number; cause: string; calls: unknown }>(context, buildSummaryQuery(choice.source, filters, range)),
    queryRows<{ cause: string; subjects: unknown }>(context, buildFailingSubjectsQuery(subjectsChoice.source, filters, range)),
  ])
  const subjects = new Map(subjectRows.map((row) => [row.cause, toNumber(row.subjects)]))
  const totals = { current: { calls: 0, failures: 0 }, previous: { calls: 0, failures: 0 } }
  const byCause = new Map<string, { current: number; previous: number; subjects: number }>()
  for (const row of rows) {
    const period = toNumber(row.current) === 1 ? 'current' : 'previous'
    const calls = toNumber(row.calls)
    totals[period].calls += calls
    if (row.cause === '') continue
    totals[period].failures += calls
    const entry = byCause.get(row.cause) ?? { current: 0, previous: 0, subjects: 0 }
    entry[period] += calls
    entry.subjects = subjects.get(row.cause) ?? 0
    byCause.set(row.cause, entry)
  }
  const { current, previous } = totals
  const causes = CAUSES.map((cause) => {
    const entry = byCause.get(cause) ?? { current: 0, previous: 0, subjects: 0 }
    return { cause, failures: compare(entry.current, entry.previous), share: rate(entry.current, current.failures), subjects: entry.subjects }
  }).sort((a, b) => b.failures.current - a.failures.current || CAUSES.indexOf(a.cause) - CAUSES.indexOf(b.cause))
  return {
    meta: describeMeta(choice, range, context),
    calls: compare(current.calls, previous.calls),
    failures: compare(current.failures, previous.failures),
    failureRate: compare(rate(current.failures, current.calls), rate(previous.failures, previous.calls)),
    causes,
  }
}

interface TimeseriesRow {
  t: unknown
  calls: unknown
  failures: unknown
  byCause: Record<string, unknown>
}

export function toPoint(row: TimeseriesRow): TimeseriesPoint {
  const byCause = Object.fromEntries(CAUSES.map((cause) => [cause, toNumber(row.byCause?.[cause])])) as Record<Cause, number>
  return { t: toNumber(row.t) * 1000, calls: toNumber(row.calls), failures: toNumber(row.failures), byCause }
}

export async function getTimeseries(context: QueryContext, filters: Filters, nowMs: number): Promise<TimeseriesResponse> {
  const range = resolveRange(filters, nowMs)
  const bucketSeconds = resolveBucket(range, filters)
  const choice = chooseSource(filters, { kind: 'timeseries' })
  const rows = await queryRows<TimeseriesRow>(context, buildTimeseriesQuery(choice.source, filters, range, bucketSeconds))
  return { meta: describeMeta(choice, range, context), bucketSeconds, points: rows.map(toPoint) }
}

export async function getTop(context: QueryContext, request: TopRequest, nowMs: number): Promise<TopResponse> {
  const range = resolveRange(request, nowMs)
  const choice = chooseSource(request, { kind: 'top', dimension: request.dimension, metric: request.metric })
  const rows = await queryRows<{ value: string; calls: unknown; failures: unknown; total: unknown }>(
    context,
    buildTopQuery(choice.source, request, range),
  )
  const total = rows.length ? toNumber(rows[0]!.total) : 0
  // A failures-only rollup ranked the values; their calls (for the failure rate) come from a source that has them.
  let callsOf: Map<string, number> | undefined
  if (choice.source.failuresOnly && rows.length > 0) {
    const callsChoice = chooseSource(request, { kind: 'top', dimension: request.dimension, metric: 'calls' })
    const values = rows.map((row) => String(row.value))
    const callRows = await queryRows<{ value: string; calls: unknown }>(context, buildValueCallsQuery(callsChoice.source, request, range, values))
    callsOf = new Map(callRows.map((row) => [String(row.value), toNumber(row.calls)]))
  }
  const items = rows.map((row) => {
    const calls = callsOf ? (callsOf.get(String(row.value)) ?? 0) : toNumber(row.calls)
    const failures = toNumber(row.failures)
    const ranked = request.metric === 'failures' ? failures : calls
    return { value: String(row.value), calls, failures, failureRate: rate(failures, calls), share: total ? ranked / total : 0 }
  })
  return { meta: describeMeta(choice, range, context), dimension: request.dimension, metric: request.metric, total, items }
}

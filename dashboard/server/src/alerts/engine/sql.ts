import { GROUP_BY_FIELDS, groupKeyOf, qualify, TABLES, usesPrincipals, type AlertRule, type DdlContext, type GroupByField, type GroupLabels } from '@claimcheck/shared'
import type { MinuteSeries, TimeRange } from './condition.ts'

/**
 * The one query an alert rule runs: matching failures and all calls per minute and group, from
 * the per-minute rollups, over a set of time ranges. Values are always `{name:Type}` parameters;
 * columns come only from the allow-list below.
 */

const COLUMNS: Record<GroupByField, string> = {
  service: 'ServiceName',
  route: 'Route',
  issuer: 'Issuer',
  client: 'ClientId',
  tenant: 'Tenant',
}

export interface SeriesQuery {
  sql: string
  params: Record<string, unknown>
}

export type SeriesRule = Pick<AlertRule, 'target' | 'groupBy'>

export function buildSeriesQuery(rule: SeriesRule, ranges: readonly TimeRange[], ctx: DdlContext): SeriesQuery {
  const params: Record<string, unknown> = {}
  const table = usesPrincipals(rule) ? TABLES.principalsRollup : TABLES.callsRollup
  const groupFields = GROUP_BY_FIELDS.filter((field) => rule.groupBy.includes(field))
  const where: string[] = []
  where.push(`(${ranges.map((range, i) => {
    params[`from${i}`] = range.from
    params[`to${i}`] = range.to
    return `(Minute >= toDateTime({from${i}:UInt32}) AND Minute < toDateTime({to${i}:UInt32}))`
  }).join(' OR ') || '0'})`)
  for (const field of GROUP_BY_FIELDS) {
    const values = rule.target[field]
    if (values) {
      params[`f_${field}`] = values
      where.push(`${COLUMNS[field]} IN {f_${field}:Array(String)}`)
    }
  }
  if (rule.target.status) {
    params.f_status = rule.target.status
    where.push('StatusCode IN {f_status:Array(UInt16)}')
  }
  let target = "Cause != ''"
  if (rule.target.cause !== 'any') {
    params.cause = rule.target.cause
    target = 'Cause = {cause:String}'
  }
  if (rule.target.detail !== undefined) {
    params.detail = rule.target.detail
    target += ' AND CauseDetail = {detail:String}'
  }
  const groupSelect = groupFields.map((field) => `, ${COLUMNS[field]} AS ${field}`).join('')
  const groupBy = groupFields.map((field) => `, ${field}`).join('')
  const sql = `SELECT toUInt32(toUnixTimestamp(Minute)) AS t${groupSelect}, sumIf(Calls, ${target}) AS hits, sum(Calls) AS total
FROM ${qualify(ctx, table)}
WHERE ${where.join(' AND ')}
GROUP BY t${groupBy}
ORDER BY t`
  return { sql, params }
}

export interface SeriesRow {
  t: number | string
  hits: number | string
  total: number | string
  [field: string]: unknown
}

export interface GroupSeries {
  key: string
  labels: GroupLabels
  series: MinuteSeries
}

/** Rows of `buildSeriesQuery` → one per-minute series per group key. */
export function toGroupSeries(rule: SeriesRule, rows: readonly SeriesRow[]): Map<string, GroupSeries> {
  const groups = new Map<string, GroupSeries>()
  for (const row of rows) {
    const labels: GroupLabels = {}
    for (const field of GROUP_BY_FIELDS) if (rule.groupBy.includes(field)) labels[field] = String(row[field] ?? '')
    const key = groupKeyOf(labels)
    let group = groups.get(key)
    if (!group) groups.set(key, (group = { key, labels, series: new Map() }))
    group.series.set(Number(row.t), { hits: Number(row.hits), total: Number(row.total) })
  }
  return groups
}

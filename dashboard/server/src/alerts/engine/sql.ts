import { GROUP_BY_FIELDS, groupKeyOf, TABLES, usesPrincipals, type AlertRule, type DdlContext, type GroupByField, type GroupLabels } from '@claimcheck/shared'
import { alias, ident, join, param, qualifiedReadTable, sql, type Fragment } from '@claimcheck/shared/node'
import type { MinuteSeries, TimeRange } from './condition.ts'

/**
 * The one query an alert rule runs: matching failures and all calls per minute and group, from
 * the per-minute rollups, over a set of time ranges. Built with the SQL template like every
 * other query: values are parameters, columns allow-listed identifiers.
 */

const COLUMNS: Record<GroupByField, string> = {
  service: 'ServiceName',
  route: 'Route',
  issuer: 'Issuer',
  client: 'ClientId',
  tenant: 'Tenant',
}

export type SeriesRule = Pick<AlertRule, 'target' | 'groupBy'>

export function buildSeriesQuery(rule: SeriesRule, ranges: readonly TimeRange[], ctx: DdlContext): Fragment {
  const table = usesPrincipals(rule) ? TABLES.principalsRollup : TABLES.callsRollup
  const groupFields = GROUP_BY_FIELDS.filter((field) => rule.groupBy.includes(field))
  const minute = ident('Minute')
  const inRanges = ranges.map((range) =>
    sql`(${minute} >= toDateTime(${param(range.from, 'UInt32')}) AND ${minute} < toDateTime(${param(range.to, 'UInt32')}))`)
  const where: Fragment[] = [ranges.length ? sql`(${join(inRanges, sql` OR `)})` : sql`0`]
  for (const field of GROUP_BY_FIELDS) {
    const values = rule.target[field]
    if (values) where.push(sql`${ident(COLUMNS[field])} IN ${param(values, 'Array(String)')}`)
  }
  if (rule.target.status) where.push(sql`${ident('StatusCode')} IN ${param(rule.target.status, 'Array(UInt16)')}`)
  const cause = ident('Cause')
  let target = rule.target.cause === 'any' ? sql`${cause} != ''` : sql`${cause} = ${param(rule.target.cause, 'String')}`
  if (rule.target.detail !== undefined) target = sql`${target} AND ${ident('CauseDetail')} = ${param(rule.target.detail, 'String')}`
  // Group columns come back under the field's name (`route`), which toGroupSeries reads.
  const groupSelect = groupFields.map((field) => sql`, ${ident(COLUMNS[field])} AS ${alias(field)}`)
  return sql`SELECT toUInt32(toUnixTimestamp(${minute})) AS t${join(groupSelect, sql``)}, sumIf(${ident('Calls')}, ${target}) AS hits, sum(${ident('Calls')}) AS total
FROM ${qualifiedReadTable(ctx, table)}
WHERE ${join(where, sql` AND `)}
GROUP BY t${join(groupFields.map((field) => sql`, ${alias(field)}`), sql``)}
ORDER BY t`
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

import type { ClickHouseClient } from '@clickhouse/client'
import { parseGroupKey, qualify, TABLES, type AlertHistoryEntry, type AlertState, type DdlContext, type DeliveryRecord, type GroupLabels, type Silence } from '@claimcheck/shared'
import type { TimeRange } from './engine/condition.ts'
import type { DeliveryLog, DeliveryOutcome, NotificationStatus } from './engine/notify.ts'
import { buildSeriesQuery, toGroupSeries, type GroupSeries, type SeriesRow, type SeriesRule } from './engine/sql.ts'
import type { InstanceState } from './engine/state-machine.ts'
import { type Fragment, join, param, qualifiedTable, readRows, sql, type Store } from '@claimcheck/shared/node'

/** Alerting's ClickHouse I/O: reads through `reader`, state and logs written through `writer`. */

export interface StoredInstance extends InstanceState {
  rule: string
  groupKey: string
  labels: GroupLabels
}

export interface HistoryRow {
  at: number
  rule: string
  groupKey: string
  labels: Record<string, string>
  from: AlertState
  to: AlertState
  value: number
  baseline: number | null
  threshold: number | null
  error: string
}

export interface DeliveryRow {
  at: number
  rule: string
  groupKey: string
  notifier: string
  kind: string
  status: NotificationStatus
  episode: number
  outcome: DeliveryOutcome
  attempts: number
  httpStatus: number
  error: string
  labels: Record<string, string>
}

const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value))
const iso = (ms: number) => new Date(ms).toISOString()

export class AlertRepository {
  private readonly ctx: DdlContext
  private readonly reader: ClickHouseClient
  private readonly writer: ClickHouseClient

  constructor(store: Store) {
    this.ctx = store.schema
    this.reader = store.reader
    this.writer = store.writer
  }

  private table(name: string): string {
    return qualify(this.ctx, name)
  }

  private from(name: string): Fragment {
    return qualifiedTable(this.ctx, name)
  }

  private async rows<T>(fragment: Fragment): Promise<T[]> {
    return readRows<T>(this.reader, fragment)
  }

  private async insert(table: string, values: Record<string, unknown>[]): Promise<void> {
    if (values.length > 0) await this.writer.insert({ table: this.table(table), values, format: 'JSONEachRow' })
  }

  async series(rule: SeriesRule, ranges: readonly TimeRange[]): Promise<Map<string, GroupSeries>> {
    return toGroupSeries(rule, await this.rows<SeriesRow>(buildSeriesQuery(rule, ranges, this.ctx)))
  }

  async storedRules(): Promise<{ spec: string; updatedAt: number }[]> {
    const rows = await this.rows<{ Spec: string; UpdatedAt: number }>(sql`SELECT Spec, toUnixTimestamp64Milli(UpdatedAt) AS UpdatedAt FROM ${this.from(TABLES.alertRules)} FINAL WHERE Deleted = 0 ORDER BY Name`,
    )
    return rows.map((row) => ({ spec: row.Spec, updatedAt: Number(row.UpdatedAt) }))
  }

  async saveRule(name: string, spec: unknown, now: number): Promise<void> {
    await this.insert(TABLES.alertRules, [{ Name: name, Spec: JSON.stringify(spec), Deleted: 0, UpdatedAt: now }])
  }

  async deleteRule(name: string, now: number): Promise<void> {
    await this.insert(TABLES.alertRules, [{ Name: name, Spec: '', Deleted: 1, UpdatedAt: now }])
  }

  async loadStates(): Promise<StoredInstance[]> {
    const rows = await this.rows<Record<string, unknown>>(sql`SELECT RuleName, GroupKey, State, Value, Baseline, Threshold, Error,
  toUnixTimestamp64Milli(ActiveAt) AS ActiveAt, toUnixTimestamp64Milli(FiredAt) AS FiredAt,
  toUnixTimestamp64Milli(LastBreachAt) AS LastBreachAt, toUnixTimestamp64Milli(ResolvedAt) AS ResolvedAt,
  toUnixTimestamp64Milli(LastEvalAt) AS LastEvalAt
FROM ${this.from(TABLES.alertState)} FINAL`)
    return rows.map((row) => ({
      rule: String(row.RuleName),
      groupKey: String(row.GroupKey),
      labels: parseGroupKey(String(row.GroupKey)),
      state: row.State as AlertState,
      activeAt: num(row.ActiveAt),
      firedAt: num(row.FiredAt),
      lastBreachAt: num(row.LastBreachAt),
      resolvedAt: num(row.ResolvedAt),
      lastEvalAt: num(row.LastEvalAt),
      value: Number(row.Value),
      baseline: num(row.Baseline),
      threshold: num(row.Threshold),
      error: String(row.Error ?? ''),
    }))
  }

  async saveStates(instances: readonly StoredInstance[], now: number): Promise<void> {
    await this.insert(TABLES.alertState, instances.map((i) => ({
      RuleName: i.rule, GroupKey: i.groupKey, GroupLabels: i.labels, State: i.state, ActiveAt: i.activeAt, FiredAt: i.firedAt,
      LastBreachAt: i.lastBreachAt, ResolvedAt: i.resolvedAt, LastEvalAt: i.lastEvalAt ?? now, Value: finite(i.value),
      Baseline: i.baseline, Threshold: i.threshold === null ? null : finite(i.threshold), Error: i.error, UpdatedAt: now,
    })))
  }

  async appendHistory(rows: readonly HistoryRow[]): Promise<void> {
    await this.insert(TABLES.alertHistory, rows.map((r) => ({
      Timestamp: r.at, RuleName: r.rule, GroupKey: r.groupKey, Labels: r.labels, FromState: r.from, ToState: r.to,
      Value: finite(r.value), Baseline: r.baseline, Threshold: r.threshold === null ? null : finite(r.threshold), Error: r.error,
    })))
  }

  async history(query: { rule?: string | undefined; from?: string | undefined; to?: string | undefined; limit: number }): Promise<AlertHistoryEntry[]> {
    const where = [sql`1`]
    if (query.rule) where.push(sql`RuleName = ${param(query.rule, 'String')}`)
    if (query.from) where.push(sql`Timestamp >= parseDateTime64BestEffort(${param(query.from, 'String')}, 3)`)
    if (query.to) where.push(sql`Timestamp < parseDateTime64BestEffort(${param(query.to, 'String')}, 3)`)
    const rows = await this.rows<Record<string, unknown>>(sql`SELECT toUnixTimestamp64Milli(Timestamp) AS at, RuleName, GroupKey, Labels,
  FromState, ToState, Value, Baseline, Threshold, Error
FROM ${this.from(TABLES.alertHistory)} WHERE ${join(where, sql` AND `)} ORDER BY Timestamp DESC LIMIT ${param(query.limit, 'UInt32')}`)
    return rows.map((row) => ({
      at: iso(Number(row.at)), rule: String(row.RuleName), groupKey: String(row.GroupKey), labels: row.Labels as Record<string, string>,
      from: row.FromState as AlertState, to: row.ToState as AlertState, value: Number(row.Value), baseline: num(row.Baseline),
      threshold: num(row.Threshold), error: String(row.Error),
    }))
  }

  async appendDelivery(row: DeliveryRow): Promise<void> {
    await this.insert(TABLES.alertNotifications, [{
      Timestamp: row.at, RuleName: row.rule, GroupKey: row.groupKey, Notifier: row.notifier, NotifierKind: row.kind, Status: row.status,
      EpisodeStartedAt: row.episode, Outcome: row.outcome, Attempts: row.attempts, HttpStatus: row.httpStatus, Error: row.error,
      Labels: row.labels,
    }])
  }

  /** Per `rule \u0000 group \u0000 notifier`: the last attempt and the last successful delivery. */
  async deliveryLogs(): Promise<Map<string, DeliveryLog>> {
    const rows = await this.rows<Record<string, unknown>>(sql`SELECT RuleName, GroupKey, Notifier,
  argMax((toUnixTimestamp64Milli(EpisodeStartedAt), Status, Outcome, toUnixTimestamp64Milli(Timestamp)), Timestamp) AS lastAttempt,
  argMaxIf((toUnixTimestamp64Milli(EpisodeStartedAt), Status, toUnixTimestamp64Milli(Timestamp)), Timestamp, Outcome = 'sent') AS lastSent,
  countIf(Outcome = 'sent') AS sent
FROM ${this.from(TABLES.alertNotifications)} GROUP BY RuleName, GroupKey, Notifier`)
    const logs = new Map<string, DeliveryLog>()
    for (const row of rows) {
      const attempt = row.lastAttempt as [unknown, NotificationStatus, DeliveryOutcome, unknown]
      const sent = row.lastSent as [unknown, NotificationStatus, unknown]
      logs.set(deliveryKey(String(row.RuleName), String(row.GroupKey), String(row.Notifier)), {
        lastAttempt: { episode: Number(attempt[0]), status: attempt[1], outcome: attempt[2], at: Number(attempt[3]) },
        lastSent: Number(row.sent) > 0 ? { episode: Number(sent[0]), status: sent[1], at: Number(sent[2]) } : null,
      })
    }
    return logs
  }

  async deliveries(query: { rule?: string | undefined; notifier?: string | undefined; outcome?: string | undefined; limit: number }): Promise<DeliveryRecord[]> {
    const where = [sql`1`]
    if (query.rule) where.push(sql`RuleName = ${param(query.rule, 'String')}`)
    if (query.notifier) where.push(sql`Notifier = ${param(query.notifier, 'String')}`)
    if (query.outcome) where.push(sql`Outcome = ${param(query.outcome, 'String')}`)
    const rows = await this.rows<Record<string, unknown>>(sql`SELECT toUnixTimestamp64Milli(Timestamp) AS at, RuleName, GroupKey, Notifier,
  NotifierKind, Status, Outcome, Attempts, HttpStatus, Error
FROM ${this.from(TABLES.alertNotifications)} WHERE ${join(where, sql` AND `)} ORDER BY Timestamp DESC LIMIT ${param(query.limit, 'UInt32')}`)
    return rows.map((row) => ({
      at: iso(Number(row.at)), rule: String(row.RuleName), groupKey: String(row.GroupKey), notifier: String(row.Notifier),
      kind: String(row.NotifierKind), status: row.Status as NotificationStatus, outcome: row.Outcome as DeliveryOutcome,
      attempts: Number(row.Attempts), httpStatus: Number(row.HttpStatus), error: String(row.Error),
    }))
  }

  async silences(): Promise<Silence[]> {
    const rows = await this.rows<Record<string, unknown>>(sql`SELECT Id, Matchers, toUnixTimestamp64Milli(StartsAt) AS StartsAt,
  toUnixTimestamp64Milli(EndsAt) AS EndsAt, CreatedBy, Comment
FROM ${this.from(TABLES.alertSilences)} FINAL ORDER BY EndsAt DESC`)
    return rows.map((row) => ({
      id: String(row.Id), matchers: JSON.parse(String(row.Matchers)) as Silence['matchers'], startsAt: iso(Number(row.StartsAt)),
      endsAt: iso(Number(row.EndsAt)), createdBy: String(row.CreatedBy), comment: String(row.Comment),
    }))
  }

  async saveSilence(silence: Silence, now: number): Promise<void> {
    await this.insert(TABLES.alertSilences, [{
      Id: silence.id, Matchers: JSON.stringify(silence.matchers), StartsAt: Date.parse(silence.startsAt), EndsAt: Date.parse(silence.endsAt),
      CreatedBy: silence.createdBy, Comment: silence.comment, UpdatedAt: now,
    }])
  }
}

export function deliveryKey(rule: string, groupKey: string, notifier: string): string {
  return `${rule}\u0000${groupKey}\u0000${notifier}`
}

function finite(value: number): number {
  return Number.isFinite(value) ? value : 0
}

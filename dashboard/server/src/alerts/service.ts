import { randomUUID } from 'node:crypto'
import { AlertRuleSchema, BACKTEST_RANGES, describeRuleIssues, formatDuration, notifierUrls, parseDuration, SilenceCreateSchema, type AlertInstance, type AlertRule, type AlertRuleList, type AlertRuleView, type AlertState, type BacktestRequestSchema, type BacktestResponse, type NotifierView, type Silence } from '@claimcheck/shared'
import { backtestRanges } from './engine/condition.ts'
import { compileRule, runBacktest, windowEndFor } from './engine/evaluate.ts'
import { matchingSilences } from './engine/notify.ts'
import { alertLabels } from './engine/templates.ts'
import type { z } from 'zod'
import { AppError, BadRequestError, NotFoundError } from '../errors.ts'
import type { AlertEvaluator, AlertsConfig } from './evaluator.ts'
import type { AlertRepository, StoredInstance } from './repository.ts'
import type { RuleSource, SourcedRule } from './rule-source.ts'

/** What the alert API does; handlers validate and call these. Never sees req/res. */

const STATE_ORDER: AlertState[] = ['firing', 'pending', 'error', 'no_data', 'resolved', 'inactive']
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

export interface AlertServiceDeps {
  repository: AlertRepository
  source: RuleSource
  config: AlertsConfig
  /** Present when this process evaluates; otherwise states are read from ClickHouse. */
  evaluator?: AlertEvaluator | undefined
  clock?: () => number
}

export class AlertService {
  constructor(private readonly deps: AlertServiceDeps) {}

  private now(): number {
    return (this.deps.clock ?? Date.now)()
  }

  private defaults() {
    const c = this.deps.config
    return { intervalSeconds: c.evaluationInterval, forSeconds: c.defaultFor, keepFiringForSeconds: c.defaultKeepFiringFor }
  }

  private async instancesByRule(): Promise<{ get(rule: string): { instances: StoredInstance[]; error: string } }> {
    if (this.deps.evaluator) return { get: (rule) => this.deps.evaluator!.snapshot(rule) }
    const all = await this.deps.repository.loadStates()
    return { get: (rule) => ({ instances: all.filter((i) => i.rule === rule), error: '' }) }
  }

  async listRules(): Promise<AlertRuleList> {
    const set = await this.deps.source.load()
    const states = await this.instancesByRule()
    const silences = await this.deps.repository.silences()
    const rules = await Promise.all(set.rules.map((sourced) => this.view(sourced, states.get(sourced.rule.name), silences)))
    return { rules, fileErrors: set.errors }
  }

  async getRule(name: string): Promise<AlertRuleView> {
    const sourced = (await this.deps.source.load()).rules.find((r) => r.rule.name === name)
    if (!sourced) throw new NotFoundError(`Alert rule "${name}"`)
    return this.view(sourced, (await this.instancesByRule()).get(name), await this.deps.repository.silences())
  }

  private async view(sourced: SourcedRule, current: { instances: StoredInstance[]; error: string }, silences: Silence[]): Promise<AlertRuleView> {
    const { rule } = sourced
    const now = this.now()
    const instances: AlertInstance[] = current.instances.map((i) => ({
      rule: rule.name, groupKey: i.groupKey, labels: i.labels, state: i.state, activeAt: iso(i.activeAt), firedAt: iso(i.firedAt),
      resolvedAt: iso(i.resolvedAt), lastEvalAt: iso(i.lastEvalAt), value: i.value, baseline: i.baseline, threshold: i.threshold,
      error: i.error, silenced: matchingSilences(silences, alertLabels(rule, i.labels), now).length > 0,
    }))
    instances.sort((a, b) => STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state) || b.value - a.value)
    const state = current.error ? 'error' : (instances[0]?.state ?? 'inactive')
    return { rule, source: sourced.source, readOnly: sourced.source === 'file', state, instances, sparkline: await this.sparkline(rule, now), lastError: current.error }
  }

  /** Matching failures per minute over the last hour, all groups together. */
  private async sparkline(rule: AlertRule, now: number): Promise<number[]> {
    const end = windowEndFor(now, 0)
    const groups = await this.deps.repository.series({ target: rule.target, groupBy: [] }, [{ from: end - 3600, to: end }])
    const series = groups.get('{}')?.series
    return Array.from({ length: 60 }, (_, i) => series?.get(end - 3600 + i * 60)?.hits ?? 0)
  }

  private validateRule(body: unknown): AlertRule {
    const parsed = AlertRuleSchema.safeParse(body)
    if (parsed.success) return parsed.data
    const issues = describeRuleIssues(parsed.error, body)
    throw new BadRequestError(issues.join('; '), issues)
  }

  private async parseRule(body: unknown): Promise<AlertRule> {
    const rule = this.validateRule(body)
    const known = new Set((await this.deps.source.load()).notifiers.map((n) => n.name))
    const unknown = (rule.notifiers ?? []).filter((name) => !known.has(name))
    if (unknown.length > 0) throw new BadRequestError(`rule "${rule.name}": notifiers: no notifier named ${unknown.map((n) => `"${n}"`).join(', ')}`)
    return rule
  }

  private assertWritable(name: string): void {
    if (this.deps.source.isFileRule(name)) throw new AppError(409, 'read_only', `Alert rule "${name}" is provisioned from the rules file and cannot be changed through the API`)
  }

  async createRule(body: unknown): Promise<AlertRuleView> {
    const rule = await this.parseRule(body)
    this.assertWritable(rule.name)
    if ((await this.deps.source.load()).rules.some((r) => r.rule.name === rule.name)) throw new AppError(409, 'conflict', `Alert rule "${rule.name}" already exists`)
    await this.deps.repository.saveRule(rule.name, body, this.now())
    return this.getRule(rule.name)
  }

  async updateRule(name: string, body: unknown): Promise<AlertRuleView> {
    this.assertWritable(name)
    await this.getRule(name)
    const rule = await this.parseRule(body)
    if (rule.name !== name) throw new BadRequestError(`rule "${rule.name}": name: must stay "${name}" (create a new rule to rename)`)
    await this.deps.repository.saveRule(name, body, this.now())
    return this.getRule(name)
  }

  async deleteRule(name: string): Promise<void> {
    this.assertWritable(name)
    await this.getRule(name)
    await this.deps.repository.deleteRule(name, this.now())
  }

  async notifiers(): Promise<NotifierView[]> {
    return (await this.deps.source.load()).notifiers.map((n) => ({
      name: n.name, kind: n.kind, url: new URL(notifierUrls(n)[0]!).origin, urls: notifierUrls(n).map((u) => new URL(u).origin), headers: Object.keys(n.headers), sendResolved: n.sendResolved,
      repeatInterval: formatDuration(parseDuration(n.repeatInterval ?? (n.kind === 'alertmanager' ? 60 : this.deps.config.notifier.repeatInterval)) ?? 0),
    }))
  }

  async backtest(request: z.output<typeof BacktestRequestSchema>): Promise<BacktestResponse> {
    const rule = this.validateRule(request.rule)
    const compiled = compileRule(rule, this.defaults())
    const toMs = request.to ? Date.parse(request.to) : this.now()
    const fromMs = toMs - BACKTEST_RANGES[request.range] * 1000
    const delay = this.deps.config.evaluationDelay
    const groups = await this.deps.repository.series(rule, backtestRanges(rule.condition, windowEndFor(fromMs, delay), windowEndFor(toMs, delay)))
    const fromSec = Math.floor(fromMs / 1000)
    const weight = (key: string) => [...(groups.get(key)?.series ?? new Map()).entries()].reduce((sum, [t, m]) => sum + (t >= fromSec ? m.hits : 0), 0)
    let keys = [...groups.keys()].filter((key) => weight(key) > 0).sort((a, b) => weight(b) - weight(a))
    if (rule.groupBy.length === 0) keys = ['{}']
    const replayed = keys.slice(0, request.maxGroups)
    return {
      from: new Date(fromMs).toISOString(),
      to: new Date(toMs).toISOString(),
      intervalSeconds: compiled.intervalMs / 1000,
      groups: replayed.map((key) => {
        const group = groups.get(key)
        const result = runBacktest(group?.series ?? new Map(), compiled, fromMs, toMs, delay)
        return {
          key, labels: group?.labels ?? {}, points: result.points, timeline: result.timeline,
          firings: result.events.filter((e) => e.to === 'firing').map((e) => e.at),
        }
      }),
      omittedGroups: Math.max(0, keys.length - replayed.length),
    }
  }

  async silences(): Promise<(Silence & { active: boolean })[]> {
    const now = this.now()
    return (await this.deps.repository.silences()).map((s) => ({ ...s, active: Date.parse(s.startsAt) <= now && Date.parse(s.endsAt) > now }))
  }

  async createSilence(body: unknown): Promise<Silence> {
    const input = SilenceCreateSchema.parse(body)
    const now = this.now()
    const startsAt = input.startsAt ? Date.parse(input.startsAt) : now
    const endsAt = input.endsAt ? Date.parse(input.endsAt) : startsAt + (parseDuration(input.duration!) ?? 0) * 1000
    if (endsAt <= Math.max(startsAt, now)) throw new BadRequestError('endsAt: must be in the future and after startsAt')
    const silence: Silence = {
      id: randomUUID(), matchers: input.matchers, startsAt: new Date(startsAt).toISOString(), endsAt: new Date(endsAt).toISOString(),
      createdBy: input.createdBy, comment: input.comment,
    }
    await this.deps.repository.saveSilence(silence, now)
    return silence
  }

  /** Ends a silence now (it stays listed, inactive). */
  async expireSilence(id: string): Promise<void> {
    const silence = (await this.deps.repository.silences()).find((s) => s.id === id)
    if (!silence) throw new NotFoundError(`Silence ${id}`)
    const now = this.now()
    await this.deps.repository.saveSilence({ ...silence, endsAt: new Date(Math.max(now, Date.parse(silence.startsAt))).toISOString() }, now)
  }
}

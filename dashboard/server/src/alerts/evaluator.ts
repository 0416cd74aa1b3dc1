import type { Logger } from 'pino'
import { parseDuration, parseGroupKey, type AlertRule, type Config, type Notifier, type Silence } from '@claimcheck/shared'
import { sampleRanges, type Sample } from './engine/condition.ts'
import { compileRule, evaluateInstance, isTracked, windowEndFor, type CompiledRule } from './engine/evaluate.ts'
import { decideNotification, matchingSilences, type DeliveryLog } from './engine/notify.ts'
import { fingerprintOf } from './engine/payloads.ts'
import type { GroupSeries } from './engine/sql.ts'
import { initialState, step, type InstanceState, type Transition } from './engine/state-machine.ts'
import { alertLabels, dashboardLink, renderAnnotations } from './engine/templates.ts'
import { describeError } from '@claimcheck/shared/node'
import type { DashboardMetrics } from '../http/metrics.ts'
import { deliver, type DeliveryOptions } from './delivery.ts'
import { deliveryKey, type AlertRepository, type HistoryRow, type StoredInstance } from './repository.ts'
import type { RuleSet, RuleSource } from './rule-source.ts'

export type AlertsConfig = Config['alerts']

export interface EvaluatorDeps {
  repository: AlertRepository
  source: RuleSource
  config: AlertsConfig
  /** Where notifications may go. Default: any http(s) URL. */
  outbound?: Config['outbound']
  logger: Logger
  /** Epoch ms; tests drive time through `tick(now)` instead. */
  clock?: () => number
  sleep?: DeliveryOptions['sleep']
  random?: DeliveryOptions['random']
  /** Where evaluations and notifications are counted (`/metrics`). */
  metrics?: Pick<DashboardMetrics, 'evaluations' | 'evaluationSeconds' | 'notifications'>
}

const EMPTY_LOG: DeliveryLog = { lastSent: null, lastAttempt: null }

/**
 * Evaluates every rule at its interval against the rollups, persists each instance's state and
 * every transition, and hands due notifications to delivery. State and delivery log are loaded
 * from ClickHouse first, so a restart neither forgets a pending alert nor re-notifies a firing one.
 */
export class AlertEvaluator {
  private readonly instances = new Map<string, Map<string, StoredInstance>>()
  private readonly samples = new Map<string, Sample>()
  private logs = new Map<string, DeliveryLog>()
  private readonly lastEval = new Map<string, number>()
  private readonly ruleErrors = new Map<string, string>()
  private readonly inflight = new Set<string>()
  private readonly deliveries = new Set<Promise<void>>()
  /**
   * Annotations of the last firing notice per `rule \u0000 group`, reused by the resolved notice of
   * the same episode. Held in memory: after a restart a resolved notice is rendered anew.
   */
  private readonly firingAnnotations = new Map<string, { episode: number; annotations: Record<string, string> }>()
  private ready: Promise<void> | undefined
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined
  ruleSet: RuleSet = { rules: [], notifiers: [], errors: [] }

  constructor(private readonly deps: EvaluatorDeps) {}

  private load(): Promise<void> {
    this.ready ??= (async () => {
      for (const instance of await this.deps.repository.loadStates()) this.instancesOf(instance.rule).set(instance.groupKey, instance)
      this.logs = await this.deps.repository.deliveryLogs()
    })()
    return this.ready
  }

  private instancesOf(rule: string): Map<string, StoredInstance> {
    let map = this.instances.get(rule)
    if (!map) this.instances.set(rule, (map = new Map()))
    return map
  }

  /** Evaluates the rules whose interval has elapsed at `now`. */
  async tick(now = (this.deps.clock ?? Date.now)()): Promise<void> {
    await this.load()
    this.ruleSet = await this.deps.source.load()
    const silences = await this.deps.repository.silences()
    const defaults = {
      intervalSeconds: this.deps.config.evaluationInterval,
      forSeconds: this.deps.config.defaultFor,
      keepFiringForSeconds: this.deps.config.defaultKeepFiringFor,
    }
    for (const { rule } of this.ruleSet.rules) {
      if (!rule.enabled) continue
      const compiled = compileRule(rule, defaults)
      const last = this.lastEval.get(rule.name)
      if (last !== undefined && now - last < compiled.intervalMs) continue
      this.lastEval.set(rule.name, now)
      const started = process.hrtime.bigint()
      await this.evaluateRule(compiled, now, silences)
      this.deps.metrics?.evaluations.inc({ rule: rule.name, outcome: this.ruleErrors.has(rule.name) ? 'error' : 'ok' })
      this.deps.metrics?.evaluationSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9)
    }
  }

  private async evaluateRule(compiled: CompiledRule, now: number, silences: Silence[]): Promise<void> {
    const { rule } = compiled
    const known = this.instancesOf(rule.name)
    const end = windowEndFor(now, this.deps.config.evaluationDelay)
    let groups: Map<string, GroupSeries> | undefined
    let failure = ''
    try {
      groups = await this.deps.repository.series(rule, sampleRanges(rule.condition, end))
    } catch (error) {
      failure = describeError(error)
      this.deps.logger.warn({ rule: rule.name, err: error }, 'alert rule evaluation failed')
    }
    const previousError = this.ruleErrors.get(rule.name) ?? ''
    if (failure) this.ruleErrors.set(rule.name, failure)
    else this.ruleErrors.delete(rule.name)
    const keys = new Set<string>(groups?.keys() ?? [])
    for (const [key, instance] of known) if (isTracked(instance.state) || failure) keys.add(key)
    if (rule.groupBy.length === 0) keys.add('{}')
    const changed: StoredInstance[] = []
    const history: HistoryRow[] = []
    for (const key of keys) {
      const previous = known.get(key) ?? { ...initialState(), rule: rule.name, groupKey: key, labels: parseGroupKey(key) }
      let result: { state: InstanceState; events: Transition[] } | null
      if (failure) {
        result = step(previous, { kind: 'error', message: failure }, compiled, now)
      } else {
        const evaluated = evaluateInstance(previous, groups?.get(key)?.series ?? new Map(), compiled, end, now)
        if (evaluated) this.samples.set(`${rule.name}\u0000${key}`, evaluated.sample)
        result = evaluated
      }
      if (!result) continue
      const instance: StoredInstance = { ...previous, ...result.state }
      known.set(key, instance)
      changed.push(instance)
      const labels = alertLabels(rule, instance.labels)
      for (const event of result.events) {
        history.push({ at: event.at, rule: rule.name, groupKey: key, labels, from: event.from, to: event.to, value: instance.value, baseline: instance.baseline, threshold: instance.threshold, error: instance.error })
      }
    }
    if (failure && !previousError && rule.groupBy.length > 0 && changed.length === 0) {
      history.push({ at: now, rule: rule.name, groupKey: '', labels: alertLabels(rule, {}), from: 'inactive', to: 'error', value: 0, baseline: null, threshold: null, error: failure })
    }
    try {
      await this.deps.repository.saveStates(changed, now)
      await this.deps.repository.appendHistory(history)
    } catch (error) {
      this.deps.logger.error({ rule: rule.name, err: error }, 'cannot persist alert state')
    }
    for (const instance of known.values()) {
      if (instance.firedAt !== null) await this.planNotifications(rule, instance, end, now, silences)
    }
  }

  private notifiersFor(rule: AlertRule): Notifier[] {
    const all = this.ruleSet.notifiers
    return rule.notifiers ? all.filter((notifier) => rule.notifiers!.includes(notifier.name)) : all
  }

  private repeatMs(notifier: Notifier): number {
    const seconds = notifier.repeatInterval !== undefined ? parseDuration(notifier.repeatInterval) : undefined
    return (seconds ?? (notifier.kind === 'alertmanager' ? 60 : this.deps.config.notifier.repeatInterval)) * 1000
  }

  private async planNotifications(rule: AlertRule, instance: StoredInstance, end: number, now: number, silences: Silence[]): Promise<void> {
    const labels = alertLabels(rule, instance.labels)
    const silenced = matchingSilences(silences, labels, now).length > 0
    for (const notifier of this.notifiersFor(rule)) {
      const key = deliveryKey(rule.name, instance.groupKey, notifier.name)
      if (this.inflight.has(key)) continue
      const log = this.logs.get(key) ?? EMPTY_LOG
      const policy = { sendResolved: notifier.sendResolved, repeatIntervalMs: this.repeatMs(notifier), failedRetryMs: this.deps.config.notifier.failedRetryInterval * 1000 }
      const decision = decideNotification(instance, log, policy, silenced, now)
      if (!decision) continue
      const row = { rule: rule.name, groupKey: instance.groupKey, notifier: notifier.name, kind: notifier.kind, status: decision.status, episode: decision.episode, labels }
      if (decision.action === 'silence') {
        this.logs.set(key, { ...log, lastAttempt: { episode: decision.episode, status: decision.status, outcome: 'silenced', at: now } })
        await this.deps.repository.appendDelivery({ ...row, at: now, outcome: 'silenced', attempts: 0, httpStatus: 0, error: '' }).catch(() => {})
        continue
      }
      const sample = this.samples.get(`${rule.name}\u0000${instance.groupKey}`)
      const link = dashboardLink(this.deps.config.externalUrl, rule, instance.labels, end * 1000)
      const notice = {
        status: decision.status,
        labels,
        annotations: renderAnnotations({ rule, group: instance.labels, instance, count: sample?.count, total: sample?.total, zscore: sample?.zscore, link }),
        startsAt: decision.episode,
        endsAt: decision.status === 'resolved' ? (instance.resolvedAt ?? now) : null,
        generatorURL: link,
        fingerprint: fingerprintOf(labels),
      }
      // A resolved notice says what fired (its values, its text), not the quiet it resolved into.
      // One entry per instance (the latest episode), so the map stays as small as the instances.
      const instanceKey = `${rule.name}\u0000${instance.groupKey}`
      const fired = this.firingAnnotations.get(instanceKey)
      if (decision.status === 'firing') this.firingAnnotations.set(instanceKey, { episode: decision.episode, annotations: notice.annotations })
      else if (fired?.episode === decision.episode) notice.annotations = fired.annotations
      this.inflight.add(key)
      const job = (async () => {
        const result = await deliver({ notifier, notice, groupLabelNames: rule.groupBy, repeatIntervalMs: policy.repeatIntervalMs, now }, { ...this.deps.config.notifier, externalUrl: this.deps.config.externalUrl, sleep: this.deps.sleep, random: this.deps.random, outbound: this.deps.outbound })
        const outcome = result.ok ? 'sent' as const : 'failed' as const
        this.deps.metrics?.notifications.inc({ notifier: notifier.name, status: decision.status, outcome })
        const current = this.logs.get(key) ?? EMPTY_LOG
        this.logs.set(key, {
          lastAttempt: { episode: decision.episode, status: decision.status, outcome, at: now },
          lastSent: result.ok ? { episode: decision.episode, status: decision.status, at: now } : current.lastSent,
        })
        if (!result.ok) this.deps.logger.warn({ rule: rule.name, notifier: notifier.name, error: result.error, attempts: result.attempts }, 'alert notification failed')
        await this.deps.repository.appendDelivery({ ...row, at: now, outcome, attempts: result.attempts, httpStatus: result.httpStatus, error: result.error })
      })().catch((error: unknown) => this.deps.logger.error({ err: error }, 'alert delivery bookkeeping failed'))
        .finally(() => {
          this.inflight.delete(key)
          this.deliveries.delete(job)
        })
      this.deliveries.add(job)
    }
  }

  /** Resolves once every delivery started so far has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.deliveries.size > 0) await Promise.all([...this.deliveries])
  }

  /** Current instances of a rule, and its last evaluation error. */
  snapshot(rule: string): { instances: StoredInstance[]; error: string } {
    return { instances: [...(this.instances.get(rule)?.values() ?? [])], error: this.ruleErrors.get(rule) ?? '' }
  }

  /** Ticks every `everyMs` (never overlapping) until `stop()`. */
  start(everyMs = 5_000): void {
    const run = () => {
      if (this.running) return
      this.running = this.tick()
        .catch((error: unknown) => this.deps.logger.error({ err: error }, 'alert evaluation failed'))
        .finally(() => (this.running = undefined))
    }
    run()
    this.timer = setInterval(run, everyMs)
    this.timer.unref()
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    await this.running
    await this.idle()
  }
}

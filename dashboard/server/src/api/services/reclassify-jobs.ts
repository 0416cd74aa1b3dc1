import { randomUUID } from 'node:crypto'
import { createClassifier } from '@claimcheck/classifier'
import { loadStoredRules, reclassifyCalls, type ReclassifyOptions, type ReclassifyProgress } from '@claimcheck/collector'
import { TABLES, type Config, type GatewayCall, type ReclassifyJob, type ReclassifyJobCreate } from '@claimcheck/shared'
import { EMPTY, param, qualifiedTable, readRows, sql, type Store } from '@claimcheck/shared/node'
import type { Logger } from 'pino'
import { AppError, BadRequestError, NotFoundError } from '../../errors.ts'
import { resolveRange } from './overview.ts'

/**
 * Re-classification of stored calls as a background job of the dashboard server (the same code as
 * `claimcheck reclassify`), one at a time since the rewrite stages through one table. Jobs live in
 * this process's memory; an interrupted one is finished by the next run (reclassifyCalls resumes
 * its staged rows).
 */

const MINUTE = 60_000
/** The newest minutes are left alone: the collector may still be writing them (and applies the rules itself). */
export const SETTLE_MS = 2 * MINUTE
const KEEP_JOBS = 20

/** A stored row as reclassifyCalls reads it: every column, the verdict included. */
type StoredVerdict = Parameters<ReclassifyOptions['reclassify']>[0] & Pick<GatewayCall, 'Cause' | 'CauseDetail' | 'EvidenceRule' | 'Evidence'>

interface JobState {
  job: ReclassifyJob
  controller: AbortController
  done: Promise<void>
}

export interface ReclassifyJobsDeps {
  store: Store
  config: Config
  logger: Logger
  now: () => number
}

export class ReclassifyJobs {
  private readonly jobs = new Map<string, JobState>()

  constructor(private readonly deps: ReclassifyJobsDeps) {}

  list(): ReclassifyJob[] {
    return [...this.jobs.values()].map((s) => ({ ...s.job })).sort((a, b) => b.startedAt - a.startedAt)
  }

  get(id: string): ReclassifyJob {
    const state = this.jobs.get(id)
    if (!state) throw new NotFoundError(`Reclassify job ${id}`)
    return { ...state.job }
  }

  /** Resolves when the job has stopped (tests, shutdown). */
  async settled(id: string): Promise<ReclassifyJob> {
    const state = this.jobs.get(id)
    if (!state) throw new NotFoundError(`Reclassify job ${id}`)
    await state.done
    return { ...state.job }
  }

  cancel(id: string): ReclassifyJob {
    const state = this.jobs.get(id)
    if (!state) throw new NotFoundError(`Reclassify job ${id}`)
    if (state.job.state === 'running') state.controller.abort()
    return { ...state.job }
  }

  async start(input: ReclassifyJobCreate, startedBy: string): Promise<ReclassifyJob> {
    const running = [...this.jobs.values()].find((s) => s.job.state === 'running')
    if (running) throw new AppError(409, 'conflict', `A reclassification is running (job ${running.job.id}, ${Math.round(running.job.percent)} %): cancel it or wait`)
    const now = this.deps.now()
    const range = resolveRange({ from: input.from, to: input.to }, now)
    const to = Math.min(range.to, Math.floor((now - SETTLE_MS) / MINUTE) * MINUTE)
    if (to <= range.from) throw new BadRequestError('The range is within the last 2 minutes, which the collector is still writing: new calls get the current rules already')
    const { store, config, logger } = this.deps
    const ctx = { database: store.database, cluster: store.cluster }
    const totalCalls = await this.countCalls(range.from, to, input.service)
    const stored = await loadStoredRules(store.writer, ctx)
    const classifier = createClassifier({ config: config.classifier, rules: stored.rules, watch: false })
    const job: ReclassifyJob = {
      id: randomUUID(), state: 'running', from: range.from, to, service: input.service ?? null, dryRun: input.dryRun, scope: input.scope, startedBy, startedAt: Date.now(),
      finishedAt: null, totalCalls, rowsDone: 0, changed: 0, percent: 0, transitions: {}, error: null,
    }
    const controller = new AbortController()
    const update = (p: ReclassifyProgress) => {
      Object.assign(job, { rowsDone: p.calls, changed: p.changed, transitions: p.transitions })
      job.percent = totalCalls === 0 ? 0 : Math.min(99, (100 * p.calls) / totalCalls)
    }
    // The stored row carries its verdict: keeping it for classified calls limits the job to `other`.
    const reclassify = input.scope === 'unclassified'
      ? (row: StoredVerdict) => (row.Cause === 'other' ? classifier.reclassify(row) : { cause: row.Cause, detail: row.CauseDetail, ruleId: row.EvidenceRule, evidence: row.Evidence })
      : (row: StoredVerdict) => classifier.reclassify(row)
    const done = reclassifyCalls({
      client: store.writer, ctx, reclassify: (row) => reclassify(row as StoredVerdict), fromMs: range.from, toMs: to, service: input.service,
      dryRun: input.dryRun, signal: controller.signal, onProgress: update,
      // Smaller windows give a finer progress at a few more rewrites; one minute is the floor.
      maxRowsPerWindow: Math.max(5_000, Math.ceil(totalCalls / 20)),
    }).then((result) => {
      update(result)
      job.state = controller.signal.aborted ? 'cancelled' : 'done'
      if (job.state === 'done') job.percent = 100
      logger.info({ job: job.id, calls: result.calls, changed: result.changed, state: job.state }, 'reclassify job finished')
    }, (error: unknown) => {
      job.state = 'failed'
      job.error = error instanceof Error ? error.message : String(error)
      logger.error({ job: job.id, err: error }, 'reclassify job failed')
    }).finally(() => {
      job.finishedAt = Date.now()
      classifier.close()
    })
    this.jobs.set(job.id, { job, controller, done })
    this.prune()
    logger.info({ job: job.id, from: new Date(range.from).toISOString(), to: new Date(to).toISOString(), service: input.service, startedBy }, 'reclassify job started')
    return { ...job }
  }

  /** Waits for running jobs after asking them to stop (shutdown). */
  async stop(): Promise<void> {
    for (const state of this.jobs.values()) state.controller.abort()
    await Promise.all([...this.jobs.values()].map((s) => s.done))
  }

  private async countCalls(fromMs: number, toMs: number, service: string | undefined): Promise<number> {
    const { store } = this.deps
    const byService = service ? sql` AND ServiceName = ${param(service, 'String')}` : EMPTY
    const [row] = await readRows<{ n: string | number }>(store.reader, sql`SELECT count() AS n FROM ${qualifiedTable(store.schema, TABLES.calls)}
WHERE Timestamp >= fromUnixTimestamp64Milli(${param(fromMs, 'Int64')}) AND Timestamp < fromUnixTimestamp64Milli(${param(toMs, 'Int64')})${byService}`)
    return Number(row?.n ?? 0)
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((s) => s.job.state !== 'running').sort((a, b) => a.job.startedAt - b.job.startedAt)
    while (this.jobs.size > KEEP_JOBS && finished.length > 0) this.jobs.delete(finished.shift()!.job.id)
  }
}

import { createClassifier } from '@claimcheck/classifier'
import { GATEWAY_CALL_COLUMNS, qualify, TABLES, toGatewayCallRow, type ClassifierConfigSchema } from '@claimcheck/shared'
import type { Store } from '@claimcheck/shared/node'
import type { z } from 'zod'
import { seededRandom } from '../random.ts'
import { findScenario } from '../scenarios/catalog.ts'
import { DEMO_CLIENTS, planRequest, USERS_PER_TENANT } from '../traffic/clients.ts'
import { synthesizeCall, toGatewayCall } from './synthesize.ts'
import { BACKGROUND_FAILURES, incidentsBetween, trafficFactor, type Incident } from './timeline.ts'

export interface BackfillOptions {
  /** Days of history. Default 7. */
  days?: number
  /** Mean calls per second over the range (seasonality shapes it). Default 2 (≈1.2M calls a week). */
  ratePerSecond?: number
  /** End of the range, epoch ms. Default now. */
  endMs?: number
  /** Same seed, same history. Default 1. */
  seed?: number
  /** Classifier settings, so history is classified as live calls are. Default built-in rules. */
  classifier?: z.input<typeof ClassifierConfigSchema>
  /** Rows per insert. Default 50,000. */
  batchRows?: number
  onProgress?: (progress: { rows: number; expected: number }) => void
}

export interface BackfillResult {
  rows: number
  /** Calls classified with a cause. */
  failed: number
  fromMs: number
  toMs: number
  incidents: Incident[]
  seconds: number
}

const MINUTE = 60_000

/**
 * Writes `days` of synthetic gateway calls into `gateway_calls`: the demo's clients and routes,
 * daily and weekly seasonality, incidents of every scenario sprinkled over the past, everyday
 * background failures. Each call becomes the CallFacts the collector would have normalized from
 * the live gateway's span and log, goes through the collector's classifier, and is inserted with
 * the store's writer (JSONCompactEachRow), so rollups and alerts see it like live traffic.
 */
export async function backfill(store: Store, options: BackfillOptions = {}): Promise<BackfillResult> {
  const started = performance.now()
  const days = options.days ?? 7
  const rate = options.ratePerSecond ?? 2
  const toMs = Math.floor((options.endMs ?? Date.now()) / MINUTE) * MINUTE
  const fromMs = toMs - Math.round(days * 24 * 60) * MINUTE
  const batchRows = options.batchRows ?? 50_000
  const random = seededRandom(options.seed ?? 1)
  const classifier = createClassifier({ config: options.classifier ?? {}, watch: false })
  const incidents = incidentsBetween(fromMs, toMs)
  const definitions = new Map(incidents.map((incident) => [incident.name, findScenario(incident.name)!]))
  const table = qualify({ database: store.database }, TABLES.calls)
  const expected = Math.round(rate * (toMs - fromMs) / 1000)
  let batch: unknown[][] = []
  let rows = 0
  let failed = 0
  // One insert in flight while the next batch is generated: the engine parses while JS builds rows.
  let inFlight: Promise<void> = Promise.resolve()
  const flush = async () => {
    await inFlight
    if (batch.length === 0) return
    const values = batch
    const written = rows
    batch = []
    inFlight = store.writer.insert({ table, values, format: 'JSONCompactEachRow', columns: GATEWAY_CALL_COLUMNS as [string, ...string[]] })
      .then(() => options.onProgress?.({ rows: written, expected }))
  }
  try {
    for (let minute = fromMs; minute < toMs; minute += MINUTE) {
      const mean = rate * 60 * trafficFactor(minute)
      const count = Math.max(0, Math.round(mean + (random() - 0.5) * 2 * Math.sqrt(mean)))
      const active = incidents.filter((incident) => incident.startMs < minute + MINUTE && incident.endMs > minute)
      for (let index = 0; index < count; index++) {
        const timeMs = minute + random() * MINUTE
        const request = planRequest(DEMO_CLIENTS, USERS_PER_TENANT, random)
        const scenario = scenarioOf(request, timeMs, active, definitions, random)
        const call = synthesizeCall(request, timeMs, scenario, random)
        const verdict = classifier.classify(call.facts)
        if (verdict.cause !== '') failed++
        batch.push(toGatewayCallRow(toGatewayCall(call, verdict)))
        rows++
        if (batch.length >= batchRows) await flush()
        // Yield now and then so the insert in flight gets the event loop it needs.
        else if (rows % 2_000 === 0) await new Promise((resolve) => setImmediate(resolve))
      }
    }
    await flush()
    await inFlight
  } finally {
    classifier.close()
  }
  return { rows, failed, fromMs, toMs, incidents, seconds: (performance.now() - started) / 1000 }
}

function scenarioOf(
  request: Parameters<typeof synthesizeCall>[0], timeMs: number, active: Incident[],
  definitions: Map<string, NonNullable<ReturnType<typeof findScenario>>>, random: () => number,
): string {
  for (const incident of active) {
    if (timeMs >= incident.startMs && timeMs < incident.endMs && definitions.get(incident.name)!.affects(request)) return incident.name
  }
  let point = random()
  for (const background of BACKGROUND_FAILURES) {
    point -= background.probability
    if (point < 0) return background.name
  }
  return ''
}

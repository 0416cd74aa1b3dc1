import type { ClickHouseClient } from '@clickhouse/client'
import { createClassifier } from '@claimcheck/classifier'
import { normalizeLogs, toGatewayCallRowFromCandidate } from '../../../collector/src/normalize/index.ts'
import { PROTOBUF_CODEC } from '../../../collector/src/otlp/index.ts'
import { accessLogBatches, type BatchFactory } from './access-log-batches.ts'

type Classifier = ReturnType<typeof createClassifier>

/** The otel_logs rows and gateway_calls rows the collector builds from batches [from, to) of `factory`. */
export function rowsOfBatches(factory: BatchFactory, from: number, to: number, classifier: Classifier): { logRows: unknown[][]; callRows: unknown[][] } {
  const logRows: unknown[][] = []
  const callRows: unknown[][] = []
  for (let n = from; n < to; n++) {
    const { rows, calls } = normalizeLogs(PROTOBUF_CODEC.decodeLogs(factory.batch(n)).request)
    logRows.push(...rows)
    for (const call of calls) callRows.push(toGatewayCallRowFromCandidate(call, classifier.classify(call.facts)))
  }
  return { logRows, callRows }
}

/** At least `count` otel_logs rows (every access-log record is one) and their gateway_calls rows. */
export function engineRows(count: number): { logRows: unknown[][]; callRows: unknown[][] } {
  const factory = accessLogBatches(1000)
  const classifier = createClassifier()
  try {
    return rowsOfBatches(factory, 0, Math.ceil(count / factory.recordsPerBatch), classifier)
  } finally {
    classifier.close()
  }
}

/** Resolves once `database` has had no merge running for three looks in a row, 300 ms apart. */
export async function settleMerges(client: ClickHouseClient, database: string): Promise<void> {
  for (let quiet = 0; quiet < 3;) {
    await new Promise((resolve) => setTimeout(resolve, 300))
    const result = await client.query({ query: `SELECT count() AS n FROM system.merges WHERE database = '${database}'`, format: 'JSONEachRow' })
    const [row] = await result.json<{ n: string }>()
    quiet = Number(row?.n ?? 0) === 0 ? quiet + 1 : 0
  }
}

import type { ClickHouseClient } from '@clickhouse/client'
import { createClassifier } from '@claimcheck/classifier'
import { normalizeLogs, toGatewayCallRowFromCandidate } from '../../../collector/src/normalize/index.ts'
import { PROTOBUF_CODEC } from '../../../collector/src/otlp/index.ts'
import { accessLogBatches } from './access-log-batches.ts'

/** `count` otel_logs rows and their gateway_calls rows, as the collector builds them from the benchmark's access logs. */
export function engineRows(count: number): { logRows: unknown[][]; callRows: unknown[][] } {
  const factory = accessLogBatches(1000)
  const classifier = createClassifier()
  const logRows: unknown[][] = []
  const callRows: unknown[][] = []
  for (let n = 0; logRows.length < count; n++) {
    const { rows, calls } = normalizeLogs(PROTOBUF_CODEC.decodeLogs(factory.batch(n)).request)
    logRows.push(...rows)
    for (const call of calls) callRows.push(toGatewayCallRowFromCandidate(call, classifier.classify(call.facts)))
  }
  classifier.close()
  return { logRows, callRows }
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

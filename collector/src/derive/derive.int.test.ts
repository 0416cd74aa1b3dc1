import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEDUPLICATED_INSERT_SETTINGS, GATEWAY_CALL_COLUMNS, OTEL_LOG_COLUMNS, OTEL_TRACE_COLUMNS, TABLES } from '@claimcheck/shared'
import type { Store } from '@claimcheck/shared/node'
import { createClassifier } from '@claimcheck/classifier'
import { mergeCallCandidates, normalizeLogs, normalizeTraces, toGatewayCallRowFromCandidate, type CallCandidate } from '../normalize/index.ts'
import { JSON_CODEC } from '../otlp/codec.ts'
import { logsBody, spansBody } from '../../../test/support/call-load.ts'
import { insertRows, openMigratedStore, queryCount } from '../../test/migrated-store.ts'
import { toJsonCompactEachRow } from '../write/rows-text.ts'
import { batchToken } from '../write/call-sink.ts'
import { currentBlocks, CURSOR_KEY, readCursor, writeMeta } from './cursor.ts'
import { callKey, deriveCandidates, missingCalls, pairCandidates } from './derive-calls.ts'
import { recoverAtStart } from './recover.ts'
import { SettleTracker } from './settle-tracker.ts'

// The deriver must describe a call exactly as the live path did, from nothing but the stored rows,
// and a retried gateway_calls batch must be stored once and counted once by every rollup.

let store: Store
const ctx = { database: 'default' }
const classifier = createClassifier()
const logger = pino({ level: 'silent' })
const encode = (text: string) => new TextEncoder().encode(text)

const insert = (table: string, columns: readonly string[], rows: unknown[][], settings = '') => insertRows(store, table, columns, rows, settings)
const count = (query: string) => queryCount(store, query)
const rowOf = (c: CallCandidate) => toGatewayCallRowFromCandidate(c, classifier.classify(c.facts))

const traces = normalizeTraces(JSON_CODEC.decodeTraces(encode(spansBody([1, 2, 3]))).request)
const pairLogs = normalizeLogs(JSON_CODEC.decodeLogs(encode(logsBody('durable-pairs', [1, 2, 3]))).request)
const soloLogs = normalizeLogs(JSON_CODEC.decodeLogs(encode(logsBody('durable-logs-only', [4, 5, 6]))).request)
const live = [
  ...traces.calls.map((span) => mergeCallCandidates(span, pairLogs.calls.find((log) => log.spanId === span.spanId)!)),
  ...soloLogs.calls,
]

beforeAll(async () => {
  store = await openMigratedStore('derive')
})
afterAll(async () => {
  await store?.close()
})

describe('recoverAtStart', () => {
  it('marks where a first start finds the store, deriving nothing', async () => {
    const recovery = await recoverAtStart({ client: store.writer, ctx, tracker: new SettleTracker(), logger })
    expect(recovery.complete).toEqual([])
    expect(await readCursor(store.writer, ctx)).toEqual(recovery.cursor)
  })

  it('derives from stored rows the calls the live path built, token facts and causes included', async () => {
    const from = (await readCursor(store.writer, ctx))!
    await insert(TABLES.traces, OTEL_TRACE_COLUMNS, traces.rows)
    await insert(TABLES.logs, OTEL_LOG_COLUMNS, [...pairLogs.rows, ...soloLogs.rows])
    const derived = pairCandidates(await deriveCandidates(store.writer, ctx, from, await currentBlocks(store.writer, ctx)))
    expect(derived.halves.map((c) => c.source)).toEqual(['log', 'log', 'log'])
    const byKey = new Map([...derived.complete, ...derived.halves].map((c) => [callKey(c), c]))
    for (const call of live) {
      const again = byKey.get(callKey(call))!
      expect(rowOf(again)).toEqual(rowOf(call))
    }
    expect(live.map((c) => classifier.classify(c.facts).cause)).toEqual(['', '', 'expired', '', '', 'expired'])
  })

  it('hands back only the calls gateway_calls lacks', async () => {
    const recovery = await recoverAtStart({ client: store.writer, ctx, tracker: new SettleTracker(), logger })
    expect(recovery.complete.length + recovery.halves.length).toBe(6)
    await insert(TABLES.calls, GATEWAY_CALL_COLUMNS, live.slice(0, 4).map(rowOf))
    const missing = await missingCalls(store.writer, ctx, [...recovery.complete, ...recovery.halves])
    expect(missing.map(callKey).sort()).toEqual(live.slice(4).map(callKey).sort())
  })
})

describe('deduplicated gateway_calls inserts', () => {
  it('stores a retried batch once and counts it once in every rollup', async () => {
    const before = await count(`SELECT count() AS n FROM ${TABLES.calls}`)
    const text = toJsonCompactEachRow(live.slice(4).map(rowOf))
    const settings = ` SETTINGS ${DEDUPLICATED_INSERT_SETTINGS}, insert_deduplication_token = '${batchToken(text)}'`
    for (let attempt = 0; attempt < 3; attempt++) await insert(TABLES.calls, GATEWAY_CALL_COLUMNS, live.slice(4).map(rowOf), settings)
    const calls = await count(`SELECT count() AS n FROM ${TABLES.calls}`)
    expect(calls).toBe(before + 2)
    expect(await count(`SELECT sum(Calls) AS n FROM ${TABLES.callsRollup}`)).toBe(calls)
    expect(await count(`SELECT sum(Calls) AS n FROM ${TABLES.principalsRollup}`)).toBe(calls)
    expect(await count(`SELECT sum(Calls) AS n FROM ${TABLES.subjectFailuresRollup}`)).toBe(await count(`SELECT countIf(Cause != '') AS n FROM ${TABLES.calls}`))
  })

  it('completes a rollup that missed the first attempt, without counting the stored calls twice', async () => {
    const rows = live.slice(0, 2).map((c) => rowOf({ ...c, traceId: c.traceId.replace(/^d0/, 'e0') }))
    const settings = ` SETTINGS ${DEDUPLICATED_INSERT_SETTINGS}, insert_deduplication_token = '${batchToken(toJsonCompactEachRow(rows))}'`
    // The first attempt reaches gateway_calls but not the minute rollup (as a kill between the parts would leave it).
    await store.writer.command({ query: `DETACH TABLE ${TABLES.callsRollupMv}` })
    await insert(TABLES.calls, GATEWAY_CALL_COLUMNS, rows, settings)
    await store.writer.command({ query: `ATTACH TABLE ${TABLES.callsRollupMv}` })
    await insert(TABLES.calls, GATEWAY_CALL_COLUMNS, rows, settings)
    const calls = await count(`SELECT count() AS n FROM ${TABLES.calls}`)
    expect(await count(`SELECT sum(Calls) AS n FROM ${TABLES.callsRollup}`)).toBe(calls)
    expect(await count(`SELECT sum(Calls) AS n FROM ${TABLES.principalsRollup}`)).toBe(calls)
  })
})

describe('the deriver mark per partition', () => {
  const DAY_NS = 86_400_000_000_000n
  const shifted = (seqs: number[], service: string, shiftNs: bigint) =>
    normalizeLogs(JSON_CODEC.decodeLogs(encode(logsBody(service, seqs))).request).rows.map(([ts, ...rest]) => [(BigInt(ts as string) - shiftNs).toString(), ...rest])
  const partitions = async () => Object.keys((await currentBlocks(store.writer, ctx)).logs)

  it('takes over the one-number mark of earlier versions and reads new rows of every partition after it', async () => {
    const before = await currentBlocks(store.writer, ctx)
    const maxOf = (blocks: Readonly<Record<string, number>>) => Math.max(-1, ...Object.values(blocks))
    await writeMeta(store.writer, ctx, CURSOR_KEY, { logs: maxOf(before.logs), traces: maxOf(before.traces) })
    const mark = (await readCursor(store.writer, ctx))!
    expect(Object.keys(mark.logs)).toEqual(Object.keys(before.logs))
    // Rows of yesterday's and of today's partition, stored after the mark.
    await insert(TABLES.logs, OTEL_LOG_COLUMNS, shifted([21, 22], 'partition-yesterday', DAY_NS))
    await insert(TABLES.logs, OTEL_LOG_COLUMNS, shifted([23, 24], 'partition-today', 0n))
    const now = await currentBlocks(store.writer, ctx)
    expect((await partitions()).length).toBeGreaterThan(Object.keys(before.logs).length)
    const derived = await deriveCandidates(store.writer, ctx, mark, now)
    expect(derived.map((c) => c.facts.serviceName).sort()).toEqual(['partition-today', 'partition-today', 'partition-yesterday', 'partition-yesterday'])
    // Everything up to now derived: nothing is read again, in any partition.
    expect(await deriveCandidates(store.writer, ctx, now, now)).toEqual([])
  })
})

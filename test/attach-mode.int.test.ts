import { mkdtempSync, readFileSync } from 'node:fs'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { afterAll, describe, expect, it } from 'vitest'
import { ATTACH_MIGRATIONS, ConfigSchema, EXPORTER_TABLES, qualify, TABLES } from '@claimcheck/shared'
import { openStore, runMigrations, type Store } from '@claimcheck/shared/node'
import { createClassifier } from '@claimcheck/classifier'
import { JSON_CODEC } from '../collector/src/otlp/index.ts'
import { toJsonCompactEachRow } from '../collector/src/write/rows-text.ts'
import { backfill, derivePass, tail, type BackfillProgress, type TimeWindowOptions } from '../collector/src/derive/time-window.ts'
import { createDashboardApp } from '../dashboard/server/src/app.ts'
import { createQueryApi } from '../dashboard/server/src/api/index.ts'
import { jsonRequester, TEST_DASHBOARD } from '../dashboard/server/src/api/test-support.ts'
import { failsOf, LOGS_ONLY_SERVICE, logsBody, PAIR_SERVICE, spanIdOf, spansBody, traceIdOf } from './support/call-load.ts'
import { EXPORTER_LOG_COLUMNS, EXPORTER_TRACE_COLUMNS, exporterLogRows, exporterSpanRows } from './support/exporter-rows.ts'

// Attach mode against tables created with the clickhouseexporter's exact DDL (both versions) and
// filled the way its insert statements fill them: calls with their causes, resumed by a new
// client on the same data without duplicates, and the trace view reading the exporter's tables.

const VERSIONS = [
  { name: 'current', database: 'default', eventName: true, logs: TABLES.logs, traces: TABLES.traces },
  { name: 'previous', database: 'otel_prev', eventName: false, logs: TABLES.logs, traces: TABLES.traces },
  // An exporter configured with `logs_table_name` / `traces_table_name`.
  { name: 'current', database: 'renamed', eventName: true, logs: 'gateway_logs', traces: 'gateway_spans' },
] as const
type Version = (typeof VERSIONS)[number]
const MINUTE = 60_000
const T0 = Date.now()
const dataDir = mkdtempSync(join(tmpdir(), 'claimcheck-attach-'))
const logger = pino({ level: 'silent' })
const classifier = createClassifier()
const encode = (text: string) => new TextEncoder().encode(text)
let store: Store

const storeConfig = (version: Version) =>
  ConfigSchema.parse({ store: { dataDir, database: version.database, logsTableName: version.logs, tracesTableName: version.traces, attach: true } }).store

/** A store opened on the version's configuration (the engine is the process's: one store at a time). */
async function reopen(version: Version): Promise<Store> {
  await store?.close()
  store = await openStore(storeConfig(version))
  return store
}

function exporterDdl(version: Version): string[] {
  const text = readFileSync(new URL(`./fixtures/clickhouseexporter/${version.name}.sql`, import.meta.url), 'utf8')
    .replaceAll('{db}', version.database).replaceAll('{logs}', version.logs).replaceAll('{traces}', version.traces)
  return text.split(/;\s*\n/).map((s) => s.split('\n').filter((line) => !line.startsWith('--')).join('\n').trim()).filter(Boolean)
}

/** seqs' span+log pairs and as many logs-only calls, their timestamps moved to `atMs`, inserted as the exporter does. */
async function exporterInsert({ eventName }: Version, seqs: number[], atMs: number) {
  const shift = (rows: unknown[][]) => rows.map(([ts, ...rest]) => [(BigInt(ts as string) % 1_000_000n + BigInt(atMs) * 1_000_000n).toString(), ...rest])
  const pairs = seqs.slice(0, seqs.length / 2)
  const solo = seqs.slice(seqs.length / 2)
  const spans = exporterSpanRows(JSON_CODEC.decodeTraces(encode(spansBody(pairs))).request)
  const logs = [logsBody(PAIR_SERVICE, pairs), logsBody(LOGS_ONLY_SERVICE, solo)]
    .flatMap((body) => exporterLogRows(JSON_CODEC.decodeLogs(encode(body)).request, eventName))
  const insert = (table: string, columns: readonly string[], rows: unknown[][]) => store.writer.command({
    query: `INSERT INTO ${qualify(store.schema, table)} (${columns.join(', ')}) FORMAT JSONCompactEachRow\n${toJsonCompactEachRow(shift(rows))}`,
  })
  await insert(TABLES.traces, EXPORTER_TRACE_COLUMNS, spans)
  await insert(TABLES.logs, eventName ? [...EXPORTER_LOG_COLUMNS, 'EventName'] : EXPORTER_LOG_COLUMNS, logs)
}

const rows = async <T>(query: string) => (await (await store.reader.query({ query, format: 'JSONEachRow' })).json<T>())
const optionsOf = ({ eventName }: Version): TimeWindowOptions => ({
  client: store.writer, ctx: store.schema, classify: (c) => classifier.classify(c.facts), logger, eventName,
  overlapMs: 5 * MINUTE, settleMs: 0,
})
const callsOf = (database: string) => rows<{ TraceId: string; SpanId: string; Cause: string; Source: string; ServiceName: string }>(
  `SELECT TraceId, SpanId, Cause, Source, ServiceName FROM \`${database}\`.gateway_calls ORDER BY TraceId`)
const seqOf = (traceId: string) => parseInt(traceId.slice(2), 16)
const showCreate = async () => Promise.all(EXPORTER_TABLES.map(async (t) => (await rows<{ statement: string }>(`SHOW CREATE TABLE ${qualify(store.schema, t)}`))[0]!.statement))

afterAll(async () => {
  await store?.close()
})

describe.each(VERSIONS)('attach to the exporter\'s $name DDL in $database ($logs, $traces)', (version) => {
  const { database, eventName } = version
  it('creates only claimcheck\'s tables and derives the calls of a backfilled range with their causes', async () => {
    await reopen(version)
    for (const statement of exporterDdl(version)) await store.writer.command({ query: statement })
    const before = await showCreate()
    await runMigrations(store.writer, store.schema, ConfigSchema.parse({}).retention, ATTACH_MIGRATIONS, EXPORTER_TABLES)
    expect(await showCreate()).toEqual(before)
    const logColumns = await rows<{ name: string }>(`SELECT name FROM system.columns WHERE database = '${database}' AND table = '${version.logs}'`)
    expect(logColumns.some((c) => c.name === 'EventName')).toBe(eventName)
    // claimcheck made no raw table of its own beside the exporter's.
    const tables = await rows<{ name: string }>(`SELECT name FROM system.tables WHERE database = '${database}' AND name LIKE 'otel%'`)
    expect(tables.map((t) => t.name).filter((name) => !name.startsWith(version.traces) && !name.startsWith(version.logs))).toEqual([])

    await exporterInsert(version, [1, 2, 3, 4, 5, 6], T0 - 20 * MINUTE)
    const progress: BackfillProgress[] = []
    await backfill(optionsOf(version), BigInt(T0 - 24 * 60 * MINUTE) * 1_000_000n, T0 - 10 * MINUTE, (p) => progress.push(p))
    expect(progress.at(-1)).toMatchObject({ rows: 9, total: 9, percent: 100, written: 6 })
    const calls = await callsOf(database)
    expect(calls.map((c) => [seqOf(c.TraceId), c.Source, c.Cause])).toEqual(
      [1, 2, 3, 4, 5, 6].map((seq) => [seq, seq <= 3 ? 'span+log' : 'log', failsOf(seq) ? 'expired' : '']))
  })

  it('resumes with a new client after a restart, catching late rows, never storing a call twice', async () => {
    await reopen(version)
    // Rows stamped before the mark but stored after it (an exporter's retry): the overlap reads them.
    await exporterInsert(version, [7, 8, 9, 10, 11, 12], T0 - 12 * MINUTE)
    await backfill(optionsOf(version), 0n, T0)
    // Re-reading a range already derived writes nothing.
    await derivePass(optionsOf(version), BigInt(T0 - 30 * MINUTE) * 1_000_000n, BigInt(T0) * 1_000_000n)
    const calls = await callsOf(database)
    expect(calls.map((c) => seqOf(c.TraceId))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    expect(calls.filter((c) => c.Cause === 'expired').map((c) => seqOf(c.TraceId))).toEqual([3, 6, 9, 12])
    const [{ n }] = await rows<{ n: string }>(`SELECT sum(Calls) AS n FROM \`${database}\`.gateway_calls_1m`) as [{ n: string }]
    expect(Number(n)).toBe(12)
  })

  it('tails rows the exporter writes after the backfill', async () => {
    await exporterInsert(version, [13, 14, 15, 16, 17, 18], T0 + MINUTE)
    const stop = new AbortController()
    const tailing = tail(optionsOf(version), stop.signal, 20, () => T0 + 10 * MINUTE)
    try {
      await expect.poll(async () => (await callsOf(database)).length, { timeout: 20_000 }).toBe(18)
    } finally {
      stop.abort()
      await tailing
    }
    expect((await callsOf(database)).filter((c) => c.Cause === 'expired').map((c) => seqOf(c.TraceId))).toEqual([3, 6, 9, 12, 15, 18])
  })
})

describe.each(VERSIONS)('the dashboard on the attached tables in $database', (version) => {
  it('the trace view shows the exporter\'s spans, logs and the derived call; the overview counts them', async () => {
    await reopen(version)
    const config = ConfigSchema.parse({ store: storeConfig(version), dashboard: TEST_DASHBOARD })
    const app = createDashboardApp({ store, config, logger, version: 'test', operations: createQueryApi({ store, config, logger }) })
    const server: Server = await new Promise((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening))
    })
    try {
      const get = jsonRequester(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`)
      const { status, body } = await get('GET', `/traces/${traceIdOf(3)}`)
      expect(status).toBe(200)
      expect(body.spans.map((s: { SpanId: string; SpanKind: string }) => [s.SpanId, s.SpanKind])).toEqual([[spanIdOf(3), 'Server']])
      expect(body.logs.map((l: { SpanId: string }) => l.SpanId)).toEqual([spanIdOf(3)])
      expect(body.calls.map((c: { Cause: string }) => c.Cause)).toEqual(['expired'])
      const call = await get('GET', `/calls/${traceIdOf(3)}/${spanIdOf(3)}`)
      expect(call.status).toBe(200)
      expect(call.body).toMatchObject({ traceStored: true, call: { Cause: 'expired' } })
      expect(call.body.logs.map((l: { SpanId: string }) => l.SpanId)).toEqual([spanIdOf(3)])
      const summary = await get('GET', `/summary?from=${T0 - 60 * MINUTE}&to=${T0 + 60 * MINUTE}`)
      expect(summary.status).toBe(200)
      expect(summary.body).toMatchObject({ calls: { current: 18 } })
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })
})

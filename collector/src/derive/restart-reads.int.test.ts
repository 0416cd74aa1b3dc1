import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GATEWAY_CALL_COLUMNS, TABLES, USER_RULE_VERSIONS_TABLE } from '@claimcheck/shared'
import { readStoreFacts, type Store } from '@claimcheck/shared/node'
import { createClassifier } from '@claimcheck/classifier'
import { normalizeLogs, toGatewayCallRowFromCandidate } from '../normalize/index.ts'
import { JSON_CODEC } from '../otlp/codec.ts'
import { logsBody } from '../../../test/support/call-load.ts'
import { insertRows, openMigratedStore, queryCount } from '../../test/migrated-store.ts'
import { RecentRequests } from '../write/recent-requests.ts'
import { loadRecentRequests } from '../write/request-log.ts'
import { loadStoredRules } from '../user-rules/stored-rules.ts'
import { reconcileRollups } from './reconcile-rollups.ts'
import { inspectExporterTables } from './time-window.ts'

// The reads a (re)start makes of the store, each against the real engine: they run once per
// start, so a query that no longer parses would only show at the next crash.

let store: Store
const ctx = { database: 'default' }
const classifier = createClassifier()
const encode = (text: string) => new TextEncoder().encode(text)
const logs = normalizeLogs(JSON_CODEC.decodeLogs(encode(logsBody('restart-reads', [1, 2, 3]))).request)

const insert = (table: string, columns: readonly string[], rows: unknown[][]) => insertRows(store, table, columns, rows)
const count = (query: string) => queryCount(store, query)

beforeAll(async () => {
  store = await openMigratedStore('restart-reads')
})
afterAll(async () => {
  await store?.close()
})

describe('loadRecentRequests', () => {
  it('remembers the requests stored in the last minutes', async () => {
    await store.writer.insert({ table: TABLES.ingestRequests, values: [{ Token: 'tok-1', Signal: 'logs', Rows: 3 }], format: 'JSONEachRow' })
    const recent = new RecentRequests()
    expect(await loadRecentRequests(store.writer, ctx, recent)).toBe(1)
    expect(recent.find('tok-1')).toEqual({ rejected: 0, message: '' })
  })
})

describe('loadStoredRules', () => {
  it('reads the newest version of each stored rule', async () => {
    const rule = (cause: string) => JSON.stringify({ id: 'r1', match: { message: { contains: 'x' } }, set: { cause } })
    await store.writer.insert({
      table: USER_RULE_VERSIONS_TABLE,
      values: [1, 2].map((version) => ({ RuleId: 'r1', Version: version, Action: 'create', Rule: rule(version === 1 ? 'expired' : 'unknown_sub'), Template: '', Enabled: 1, Author: 'a', Comment: '', ChangedAt: version })),
      format: 'JSONEachRow',
    })
    const snapshot = await loadStoredRules(store.writer, ctx)
    expect(snapshot.rules.map((r) => r.set.cause)).toEqual(['unknown_sub'])
    expect(snapshot.fingerprint).toBe('r1@2')
  })
})

describe('reconcileRollups', () => {
  it('rebuilds a minute a rollup missed, and leaves counted minutes alone', async () => {
    const rows = logs.calls.map((c) => toGatewayCallRowFromCandidate(c, classifier.classify(c.facts)))
    await store.writer.command({ query: `DETACH TABLE ${TABLES.callsRollupMv}` })
    await insert(TABLES.calls, GATEWAY_CALL_COLUMNS, rows)
    await store.writer.command({ query: `ATTACH TABLE ${TABLES.callsRollupMv}` })
    expect(await count(`SELECT sum(Calls) AS n FROM ${TABLES.callsRollup}`)).toBe(0)
    const rebuilt = await reconcileRollups(store.writer, ctx)
    expect(Object.keys(rebuilt)).toEqual([TABLES.callsRollup])
    expect(await count(`SELECT sum(Calls) AS n FROM ${TABLES.callsRollup}`)).toBe(rows.length)
    expect(await reconcileRollups(store.writer, ctx)).toEqual({})
  })
})

describe('inspectExporterTables and readStoreFacts', () => {
  it('see our own raw tables and the local disk', async () => {
    expect(await inspectExporterTables(store.writer, ctx)).toEqual({ eventName: true })
    await expect(inspectExporterTables(store.writer, { database: 'default', rawTables: { logs: 'nope_logs', traces: 'otel_traces' } })).rejects.toThrow(/default\.nope_logs not found/)
    const facts = await readStoreFacts(store.writer, 'default')
    expect(facts.detachedParts).toBe(0)
    expect(facts.freeBytes).toBeGreaterThan(0)
  })
})

import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DISTRIBUTED_SUFFIX, TABLES } from '@claimcheck/shared'
import type { Store } from '@claimcheck/shared/node'
import { SHARDING_KEYS } from '../../../../shared/src/schema/distributed.ts'
import { AlertRepository } from '../alerts/repository.ts'
import { createDashboardApp } from '../app.ts'
import { createQueryApi } from './index.ts'
import { getStatus } from './status.ts'
import { HOUR, insertCalls, insertTrace, jsonRequester, NOW, standardCalls, startHarness, type Harness } from './test-support.ts'

// A sharded cluster cannot run here, so its reads are checked on one engine the way a Distributed
// table behaves: every `<table>_all` is a Merge table over the local table and a second "shard"
// holding a copy of the rows under other trace ids. A dashboard whose store has `cluster` set must
// count both shards; the same store without `cluster` reads the local tables only.

const SHARD2 = '_shard2'
let h: Harness
let clustered: { server: Server; get: ReturnType<typeof jsonRequester>; store: Store }
const otherShard = (traceId: string) => `e${traceId.slice(1)}`
const calls = standardCalls()

beforeAll(async () => {
  h = await startHarness()
  await insertCalls(h.store, calls)
  await insertTrace(h.store, calls[0]!)
  const command = (query: string) => h.store.writer.command({ query })
  const columns = async (table: string) => (await (await h.store.reader.query({
    query: `SELECT name FROM system.columns WHERE database = currentDatabase() AND table = '${table}'`, format: 'JSONEachRow',
  })).json<{ name: string }>()).map((c) => c.name)
  for (const table of Object.keys(SHARDING_KEYS)) {
    await command(`CREATE TABLE \`${table}${SHARD2}\` AS \`${table}\``)
    const traced = (await columns(table)).includes('TraceId')
    await command(`INSERT INTO \`${table}${SHARD2}\` SELECT * ${traced ? "REPLACE (concat('e', substring(TraceId, 2)) AS TraceId)" : ''} FROM \`${table}\``)
    await command(`CREATE TABLE \`${table}${DISTRIBUTED_SUFFIX}\` AS \`${table}\` ENGINE = Merge(currentDatabase(), '^${table}(${SHARD2})?$')`)
  }
  const store: Store = { ...h.store, cluster: 'claimcheck', schema: { ...h.store.schema, cluster: 'claimcheck' } }
  const logger = pino({ level: 'silent' })
  const app = createDashboardApp({ store, config: h.config, logger, version: 'test', operations: createQueryApi({ store, config: h.config, logger, now: () => NOW }) })
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening))
  })
  clustered = { server, store, get: jsonRequester(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`) }
})
afterAll(async () => {
  clustered?.server.closeAllConnections()
  await new Promise((resolve) => clustered?.server.close(resolve))
  await h?.close()
})

describe('reads on a sharded cluster go through the _all tables', () => {
  it('counts every shard in the overview and the calls list; one node alone sees its own', async () => {
    const local = (await h.get('/summary')).body
    const all = (await clustered.get('GET', '/summary')).body
    expect(local.calls.current).toBe(92)
    expect(all.calls.current).toBe(2 * 92)
    expect(all.failures.current).toBe(2 * local.failures.current)
    const list = await clustered.get('GET', `/calls?from=${NOW - 3 * HOUR}&to=${NOW}&limit=500`)
    expect(list.status).toBe(200)
    const localList = (await h.get(`/calls?from=${NOW - 3 * HOUR}&to=${NOW}&limit=500`)).body
    expect(localList.calls.length).toBeGreaterThan(100)
    expect(list.body.calls.length).toBe(2 * localList.calls.length)
  })

  it('finds a call and its trace stored on another shard', async () => {
    const call = calls[0]!
    const traceId = otherShard(call.TraceId)
    expect((await h.get(`/calls/${traceId}/${call.SpanId}`)).status).toBe(404)
    const detail = await clustered.get('GET', `/calls/${traceId}/${call.SpanId}`)
    expect(detail.status).toBe(200)
    expect(detail.body).toMatchObject({ call: { TraceId: traceId }, traceStored: true })
    expect(detail.body.logs.length).toBeGreaterThan(0)
    const trace = await clustered.get('GET', `/traces/${traceId}`)
    expect(trace.status).toBe(200)
    expect(trace.body.spans.length).toBe(2)
  })

  it('counts every shard in the Status page\'s ingest per minute', async () => {
    const ingested = async (store: Store) => (await getStatus({ store, version: 'test', startedAt: new Date() })).ingest.reduce((sum, minute) => sum + minute.calls, 0)
    expect(await ingested(h.store)).toBe(calls.length)
    expect(await ingested(clustered.store)).toBe(2 * calls.length)
  })

  it('evaluates alert rules over every shard', async () => {
    const rule = { target: { cause: 'expired' as const }, groupBy: [] }
    const ranges = [{ from: (NOW - HOUR) / 1000, to: NOW / 1000 }]
    const hits = async (store: Store) => [...(await new AlertRepository(store).series(rule, ranges)).values()]
      .flatMap((group) => [...group.series.values()]).reduce((sum, point) => sum + point.hits, 0)
    const local = await hits(h.store)
    expect(local).toBe(20)
    expect(await hits(clustered.store)).toBe(2 * local)
    expect(TABLES.callsRollup in SHARDING_KEYS).toBe(true)
  })
})

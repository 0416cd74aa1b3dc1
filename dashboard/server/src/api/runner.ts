import { randomUUID } from 'node:crypto'
import type { ClickHouseClient } from '@clickhouse/client'
import type { Response } from 'express'
import { type Fragment, killEmbeddedQueries, param, renderSql, runCommand, sql, type Store } from '@claimcheck/shared/node'
import { readTableName } from '@claimcheck/shared'
import { dashboardMetricsFor } from '../http/metrics.ts'

/**
 * How a service reaches ClickHouse for one HTTP request: every query carries a `query_id` derived
 * from the request's, and the request's abort signal, so a closed tab cancels its queries.
 */
export interface QueryContext {
  store: Store
  /** Prefix of every query id of this request; also sent back as `X-Query-Id`. */
  queryId: string
  signal: AbortSignal
  /** What the request reads (`overview`, `calls`, …): the resource label of the query metrics. */
  resource: string
}

/** One context per request; aborts when the client goes away before the response is complete. */
export function createQueryContext(store: Store, res: Response, resource: string): QueryContext {
  const controller = new AbortController()
  const queryId = `claimcheck-${resource}-${randomUUID()}`
  res.setHeader('X-Query-Id', queryId)
  // A request the client dropped before its handler ran has already emitted its `close`: a
  // listener added now would never hear it, and its query would run to its limit uncancelled
  // (the SQL page's first request of a page load, aborted within milliseconds). Nothing has
  // started under this id yet: an aborted signal keeps every query of it from starting.
  if (res.closed || res.destroyed) {
    controller.abort()
    return { store, queryId, signal: controller.signal, resource }
  }
  // `res` closes both on completion and on a dropped connection; only the latter cancels.
  res.on('close', () => {
    if (!res.writableFinished) {
      controller.abort()
      void cancelRemote(store, queryId)
      // A query that reached the engine a moment after the first KILL (it was still being sent
      // or waiting for a connection) is caught by the later ones; a KILL matching nothing is a no-op.
      for (const delay of CANCEL_RETRIES_MS) setTimeout(() => void cancelRemote(store, queryId), delay).unref()
    }
  })
  return { store, queryId, signal: controller.signal, resource }
}

const CANCEL_RETRIES_MS = [250, 1_000, 3_000]

/**
 * A disconnect alone does not stop a query, over HTTP or embedded (an ad hoc query's stream
 * cancel leaves it running): kill what this request started.
 */
async function cancelRemote(store: Store, queryId: string): Promise<void> {
  if (store.mode !== 'remote') return killEmbeddedQueries(store.reader, queryId).catch(() => undefined)
  await runCommand(store.reader, sql`KILL QUERY WHERE startsWith(query_id, ${param(queryId, 'String')}) ASYNC`).catch(() => undefined)
}

let sequence = 0

/** Runs a built query on the reader; rows as objects. */
export async function queryRows<T>(context: QueryContext, fragment: Fragment, client: ClickHouseClient = context.store.reader): Promise<T[]> {
  const { sql: query, params } = renderSql(fragment, (name) => readTableName(context.store.schema, name))
  const metrics = dashboardMetricsFor(context.store)
  const started = process.hrtime.bigint()
  let outcome = 'error'
  try {
    // The client listens for a later abort only: a request already gone must not start a query.
    context.signal.throwIfAborted()
    const result = await client.query({
      query,
      query_params: params,
      format: 'JSONEachRow',
      query_id: `${context.queryId}-${++sequence}`,
      abort_signal: context.signal,
    })
    const rows = await result.json<T>()
    outcome = 'ok'
    return rows
  } finally {
    if (outcome === 'error' && context.signal.aborted) outcome = 'cancelled'
    metrics.queries.inc({ resource: context.resource, outcome })
    metrics.querySeconds.observe({ resource: context.resource }, Number(process.hrtime.bigint() - started) / 1e9)
  }
}

/** ClickHouse's JSON may quote 64-bit integers: numbers either way. */
export function toNumber(value: unknown): number {
  return typeof value === 'number' ? value : Number(value ?? 0)
}

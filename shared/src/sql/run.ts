import type { ClickHouseClient } from '@clickhouse/client'
import { renderSql, type Fragment } from './template.ts'

export interface ReadOptions {
  /** Cancels the query (a closed request, a timeout). */
  signal?: AbortSignal | undefined
  /** `JSONCompactEachRow` for rows as arrays. Default `JSONEachRow` (rows as objects). */
  format?: 'JSONEachRow' | 'JSONCompactEachRow'
  /** Maps a table identifier to the table read (renderSql's `tableName`). */
  tableName?: (name: string) => string
}

/** Runs a built query outside a request (repositories, jobs, the collector): its rows. */
export async function readRows<T>(client: ClickHouseClient, fragment: Fragment, options: ReadOptions = {}): Promise<T[]> {
  const { sql: query, params } = renderSql(fragment, options.tableName)
  const result = await client.query({ query, query_params: params, format: options.format ?? 'JSONEachRow', abort_signal: options.signal })
  return result.json<T>()
}

/** Runs a built statement that returns no rows (ALTER … DELETE, INSERT … SELECT, KILL QUERY). */
export async function runCommand(client: ClickHouseClient, fragment: Fragment): Promise<void> {
  const { sql: query, params } = renderSql(fragment)
  await client.command({ query, query_params: params })
}

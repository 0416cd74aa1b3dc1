import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client'
import chdb from 'chdb'
import { createChdbConnection } from 'chdb/connection'
import type { z } from 'zod'
import type { StoreConfigSchema } from '../config.ts'
import { schemaContext, type DdlContext } from '../schema/ddl.ts'
import { DEFAULT_ADHOC_LIMITS, openEmbeddedPool, remotePool, type AdhocLimits, type AdhocPool } from './adhoc-pool.ts'
import { lockDataDir } from './dir-lock.ts'
import { embeddedClient } from './embedded-client.ts'
import { describeError, StartupError } from './errors.ts'

export type StoreConfig = z.infer<typeof StoreConfigSchema>
type ClientConnection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>

export { DEFAULT_ADHOC_LIMITS, type AdhocLimits } from './adhoc-pool.ts'

/**
 * The one door to ClickHouse. Callers get `ClickHouseClient`s and never learn whether they talk
 * to the embedded engine or a server. Clients are per role because an embedded connection keeps
 * every setting a query sets (chDB's connection turns `clickhouse_settings` into a lasting `SET`:
 * one `readonly: 1` query made every later insert on it fail): the writer never shares a connection with the
 * read-only ad hoc client.
 */
export interface Store {
  readonly mode: 'embedded' | 'remote'
  readonly database: string
  readonly cluster: string | undefined
  /** Database, cluster and raw table names: what every SQL builder is given (`qualify`, `qualifyRead`). */
  readonly schema: DdlContext
  /** Inserts and DDL. */
  readonly writer: ClickHouseClient
  /** Dashboard and alert queries: SQL built by claimcheck. */
  readonly reader: ClickHouseClient
  /** Users' ad hoc SQL: a connection per query, read-only and limited (adhoc-pool.ts). */
  readonly adhoc: AdhocPool
  /** Where the data is, for messages: a directory or a URL without credentials. */
  readonly location: string
  version(): Promise<string>
  close(): Promise<void>
}

export interface OpenStoreOptions {
  adhocLimits?: Partial<AdhocLimits>
  /** Application name reported to ClickHouse. */
  application?: string
}

export async function openStore(config: StoreConfig, options: OpenStoreOptions = {}): Promise<Store> {
  const limits = { ...DEFAULT_ADHOC_LIMITS, ...options.adhocLimits }
  return config.url ? openRemote(config, limits, options) : openEmbedded(config, limits)
}

/**
 * Server settings of the embedded engine, sized for one process on a small machine rather than
 * for a dedicated ClickHouse server: its caches default to 5 GiB each and would grow to whatever
 * the machine has. They are given to the first connection, which starts the process's engine.
 */
export const EMBEDDED_ENGINE_ARGS = [
  '--mark_cache_size=134217728',
  '--index_mark_cache_size=33554432',
  '--primary_index_cache_size=67108864',
  '--vector_similarity_index_cache_size=16777216',
  '--query_condition_cache_size=16777216',
] as const

/**
 * Embedded connections of the reader. One runs one statement at a time, and the overview alone
 * sends eight at once; three let them share the two cores this is sized for without a queue per
 * page load (more bought nothing measurable, docs/benchmarks.md).
 */
const READER_CONNECTIONS = 3

/** Starts the process's engine on `path` with EMBEDDED_ENGINE_ARGS; the session holds it until closed. */
function startEngine(path: string): { close(): void } {
  return new chdb.Session(path, { connectionArgs: [...EMBEDDED_ENGINE_ARGS] })
}

async function openEmbedded(config: StoreConfig, limits: AdhocLimits): Promise<Store> {
  const path = resolve(config.dataDir)
  try {
    mkdirSync(path, { recursive: true })
  } catch (error) {
    throw new StartupError(`Cannot create data directory ${path}: ${describeError(error)}`)
  }
  const unlock = lockDataDir(path)
  const connect = (role: string): ClickHouseClient => {
    try {
      // chdb types its connection against @clickhouse/client-common 1.23.0, the client bundles
      // 1.23.1: same interface, two declarations.
      const connection = createChdbConnection({ path }) as unknown as ClientConnection
      return createClient({ connection })
    } catch (error) {
      throw embeddedOpenError(path, role, error)
    }
  }
  let writer: ClickHouseClient, readers: ClickHouseClient[]
  let engine: { close(): void }
  try {
    engine = startEngine(path)
  } catch (error) {
    unlock()
    throw embeddedOpenError(path, 'engine', error)
  }
  const release = () => {
    engine.close()
    unlock()
  }
  try {
    writer = connect('writer')
    readers = Array.from({ length: READER_CONNECTIONS }, () => connect('reader'))
  } catch (error) {
    release()
    throw error
  }
  let adhoc: AdhocPool
  try {
    await writer.query({ query: 'SELECT 1' })
    if (config.database !== 'default') await writer.command({ query: `CREATE DATABASE IF NOT EXISTS \`${config.database}\`` })
    // USE lasts per connection: every connection of the reader needs it.
    if (config.database !== 'default') {
      for (const client of [writer, ...readers]) await client.command({ query: `USE \`${config.database}\`` })
    }
    adhoc = await openEmbeddedPool(path, config.database, limits)
  } catch (error) {
    await Promise.allSettled([writer, ...readers].map((client) => client.close()))
    release()
    throw embeddedOpenError(path, 'writer', error)
  }
  return buildStore('embedded', config, path, embeddedClient([writer]), embeddedClient(readers), adhoc, release)
}

function embeddedOpenError(path: string, role: string, error: unknown): StartupError {
  const detail = describeError(error)
  const causeText = error instanceof Error && error.cause ? describeError(error.cause) : ''
  if (/Cannot lock file|already running/i.test(`${detail} ${causeText}`)) {
    return new StartupError(
      `Data directory ${path} is already in use by another claimcheck (or chDB) process. ` +
        'Stop that process, or give this one its own directory with --data-dir / CLAIMCHECK_DATA_DIR.',
      { cause: error },
    )
  }
  // libchdb prints its reason (e.g. a lock held by a non-claimcheck chDB process) on stderr only.
  return new StartupError(
    `Cannot open the embedded ClickHouse in ${path} (${role} connection): ${causeText || detail}. ` +
      'If another program uses this directory, stop it or choose another --data-dir.',
    { cause: error },
  )
}

async function openRemote(config: StoreConfig, limits: AdhocLimits, options: OpenStoreOptions): Promise<Store> {
  const url = new URL(config.url!)
  const location = `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`
  const base = {
    url: config.url!,
    username: config.username,
    password: config.password,
    database: config.database,
    application: options.application ?? 'claimcheck',
    // Failures reach the caller as errors; the client's own log lines would only duplicate them.
    log: { level: ClickHouseLogLevel.OFF },
  }
  const writer = createClient({ ...base, clickhouse_settings: { async_insert: 0 } })
  const reader = createClient(base)
  // Ad hoc queries carry their limits per request (adhoc-pool.ts), on a client of their own.
  const adhocClient = createClient(base)
  const adhoc = remotePool(adhocClient, limits)
  const ping = await writer.ping()
  if (!ping.success) {
    await Promise.allSettled([writer.close(), reader.close(), adhocClient.close()])
    throw new StartupError(`Cannot reach ClickHouse at ${location}: ${describeError(ping.error)}`, { cause: ping.error })
  }
  return buildStore('remote', config, location, writer, reader, adhoc, () => void adhocClient.close())
}

function buildStore(
  mode: Store['mode'],
  config: StoreConfig,
  location: string,
  writer: ClickHouseClient,
  reader: ClickHouseClient,
  adhoc: AdhocPool,
  release: () => void = () => {},
): Store {
  let closed: Promise<void> | undefined
  return {
    mode,
    database: config.database,
    cluster: config.cluster,
    schema: schemaContext(config),
    writer,
    reader,
    adhoc,
    location,
    async version() {
      const result = await reader.query({ query: 'SELECT version() AS version', format: 'JSONEachRow' })
      const [row] = await result.json<{ version: string }>()
      return row?.version ?? 'unknown'
    },
    close() {
      closed ??= Promise.allSettled([adhoc.close(), reader.close(), writer.close()]).then(release)
      return closed
    },
  }
}

import { parseError, type ClickHouseClient } from '@clickhouse/client'
import chdb from 'chdb'
import { runCommand } from '../sql/run.ts'
import { param, sql } from '../sql/template.ts'

/**
 * The connections ad hoc SQL runs on. Each query gets one to itself for its whole check-and-run,
 * so nothing one query does (fail, time out, be cut, be cancelled) reaches another.
 *
 * Embedded: a pool of chDB sessions, each opened with its own `new Session(path)` on the data
 * directory, read-only and limited, and replaced by a fresh one after any failure or early stop:
 * on a shared chDB connection a failed query made queued ones fail, and a stopped one's rows were
 * handed to the next query. The pool talks to chDB's sessions directly, not through the
 * `@clickhouse/client` adapter, because the adapter buffers every result whole (its own notes say
 * so), and a byte cap needs the result as a stream.
 *
 * Remote (`CLICKHOUSE_URL`): every HTTP request is its own query, so the "pool" is the client;
 * the limits travel as settings of each request, `readonly` last.
 */

/** Limits applied to every ad hoc SQL query. */
export interface AdhocLimits {
  /** Seconds. Default 30. */
  maxExecutionTime: number
  /** Rows returned at most; the rest is cut. Default 10,000. */
  maxResultRows: number
  /** Bytes of result (as JSON rows) returned at most; the rest is cut. Default 16 MiB. */
  maxResultBytes: number
  /** Bytes of memory per query. Default 1 GiB. */
  maxMemoryUsage: number
  /** Rows read at most. Default 1e9. */
  maxRowsToRead: number
  /** Ad hoc queries running at once (embedded connections); more wait. Default 3. */
  poolSize: number
}

export const DEFAULT_ADHOC_LIMITS: AdhocLimits = {
  maxExecutionTime: 30,
  maxResultRows: 10_000,
  maxResultBytes: 16 * 1024 ** 2,
  maxMemoryUsage: 1024 ** 3,
  maxRowsToRead: 1_000_000_000,
  poolSize: 3,
}

/** ClickHouse settings of an ad hoc query, `readonly` last so the others can no longer change. */
export function adhocSettings(limits: AdhocLimits): Record<string, string> {
  return {
    max_execution_time: String(limits.maxExecutionTime),
    // The engine cuts what it can (over HTTP); the pool cuts exactly, while reading.
    max_result_rows: String(limits.maxResultRows + 1),
    max_result_bytes: String(limits.maxResultBytes * 2),
    result_overflow_mode: 'break',
    max_memory_usage: String(limits.maxMemoryUsage),
    max_rows_to_read: String(limits.maxRowsToRead),
    read_overflow_mode: 'throw',
    readonly: '1',
  }
}

export interface LinesOptions {
  format: string
  signal?: AbortSignal
  queryId?: string
  buffered?: boolean
}

const QUERY_ID_PATTERN = /^[\w-]{1,200}$/

/** The comment an embedded ad hoc query carries, found again by `killEmbeddedQueries`. */
export function queryTag(queryId: string): string {
  return `claimcheck_query_id=${queryId}`
}

/**
 * Stops the embedded queries whose id starts with `prefix` (a closed tab, a Cancel). Verified on
 * chDB 3.4: a stream's cancel() left the query running to its end (32 s), KILL QUERY from another
 * session stopped it in ~30 ms. `client` must not be read-only (the ad hoc sessions are).
 */
export async function killEmbeddedQueries(client: ClickHouseClient, prefix: string): Promise<void> {
  if (!QUERY_ID_PATTERN.test(prefix)) return
  await runCommand(client, sql`KILL QUERY WHERE position(query, ${param(`/* ${queryTag(prefix)}`, 'String')}) > 0 AND position(query, 'KILL QUERY') = 0 ASYNC`)
}

/** One connection, leased to one query. */
export interface AdhocConnection {
  /** The whole (small) result of `sql` as TabSeparatedRaw text. */
  text(sql: string, params?: Record<string, unknown>, signal?: AbortSignal): Promise<string>
  /**
   * The result of `sql` in `format`, line by line as it arrives; breaking out stops the query.
   * `buffered` reads the whole (small) result first: chDB streams SELECTs only, not the
   * SHOW / DESCRIBE / EXPLAIN it rewrites ("Streaming query is not supported").
   */
  lines(sql: string, params: Record<string, unknown>, options: LinesOptions): AsyncGenerator<string>
}

export interface AdhocPool {
  readonly limits: AdhocLimits
  /** Runs `task` on a connection of its own; waits while all are busy, at most `maxExecutionTime`. */
  use<T>(task: (connection: AdhocConnection) => Promise<T>, signal?: AbortSignal): Promise<T>
  close(): Promise<void>
}

/** Every connection stayed busy for longer than a query may run. */
export class AdhocPoolBusyError extends Error {
  override readonly name = 'AdhocPoolBusyError'
}

/** chDB rejects with plain errors quoting `Code: N. DB::Exception: …`: give them the client's ClickHouseError shape. */
function toClickHouseError(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error)
  if (error instanceof Error && error.name === 'AbortError') return error
  return parseError(message)
}

/** Splits byte chunks into UTF-8 lines, decoding each line only when it is asked for. */
async function* splitLines(chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>): AsyncGenerator<string> {
  let rest: Buffer = Buffer.alloc(0)
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    const data = rest.length > 0 ? Buffer.concat([rest, bytes]) : bytes
    let start = 0
    for (let end = data.indexOf(10, start); end >= 0; end = data.indexOf(10, start)) {
      yield data.subarray(start, end).toString('utf8')
      start = end + 1
    }
    // A copy, so a large chunk is not kept alive by its unfinished last line.
    rest = Buffer.from(data.subarray(start))
  }
  if (rest.length > 0) yield rest.toString('utf8')
}

type Session = InstanceType<typeof chdb.Session>
interface Waiter {
  resolve(session: Session): void
  reject(error: Error): void
}

/** Opens `limits.poolSize` read-only sessions on `path`, each in `database`. */
export async function openEmbeddedPool(path: string, database: string, limits: AdhocLimits): Promise<AdhocPool> {
  const settings = Object.entries(adhocSettings(limits)).map(([key, value]) => `${key} = ${/^\d+$/.test(value) ? value : `'${value}'`}`)
  const open = async (): Promise<Session> => {
    const session = new chdb.Session(path)
    try {
      // Session settings persist on a chDB session: set once, readonly last; USE is still allowed after.
      await session.queryAsync(`SET ${settings.join(', ')}`)
      await session.queryAsync(`USE \`${database.replaceAll('`', '``')}\``)
      return session
    } catch (error) {
      session.close()
      throw error
    }
  }
  const idle: Session[] = []
  for (let i = 0; i < Math.max(1, limits.poolSize); i++) idle.push(await open())
  const waiters: Waiter[] = []
  let closed = false
  let missing = 0

  const release = (session: Session) => {
    if (closed) return session.close()
    const waiter = waiters.shift()
    if (waiter) waiter.resolve(session)
    else idle.push(session)
  }
  // A replacement that fails (the engine shutting down, say) leaves a missing slot: the next lease reopens it.
  const replace = (session: Session) => {
    session.close()
    if (closed) return
    open().then((fresh) => (closed ? fresh.close() : release(fresh)), () => void missing++)
  }
  const acquire = async (signal?: AbortSignal): Promise<Session> => {
    if (closed) throw new AdhocPoolBusyError('The ad hoc pool is closed')
    const ready = idle.pop()
    if (ready) return ready
    if (missing > 0) {
      missing--
      try {
        return await open()
      } catch {
        missing++
      }
    }
    return new Promise<Session>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        const index = waiters.indexOf(waiter)
        if (index >= 0) waiters.splice(index, 1)
      }
      const waiter: Waiter = {
        resolve: (session) => { done(); resolve(session) },
        reject: (error) => { done(); reject(error) },
      }
      const onAbort = () => waiter.reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'))
      const timer = setTimeout(() => waiter.reject(new AdhocPoolBusyError(`Every ad hoc connection (${limits.poolSize}) stayed busy for ${limits.maxExecutionTime} s`)), limits.maxExecutionTime * 1000)
      signal?.addEventListener('abort', onAbort, { once: true })
      waiters.push(waiter)
    })
  }

  return {
    limits,
    async use(task, signal) {
      const session = await acquire(signal)
      const lease = embeddedConnection(session)
      try {
        const result = await task(lease.connection)
        if (lease.tainted()) replace(session)
        else release(session)
        return result
      } catch (error) {
        replace(session)
        throw error
      }
    },
    async close() {
      closed = true
      for (const waiter of waiters.splice(0)) waiter.reject(new AdhocPoolBusyError('The ad hoc pool is closed'))
      for (const session of idle.splice(0)) session.close()
    },
  }
}

/** A session as an AdhocConnection; `tainted` once a call failed or a stream was left before its end. */
function embeddedConnection(session: Session): { connection: AdhocConnection; tainted(): boolean } {
  let tainted = false
  const run = async (sql: string, params: Record<string, unknown>, format: string, signal?: AbortSignal): Promise<Uint8Array> => {
    const options = { format, signal }
    // A request cancelled while this connection was being leased must not start its query: a
    // KILL sent before the query registers finds nothing, and the query would run to its limit.
    signal?.throwIfAborted()
    try {
      const result = Object.keys(params).length > 0 ? await session.queryBindAsync(sql, params, options) : await session.queryAsync(sql, options)
      return result.bytes()
    } catch (error) {
      tainted = true
      throw toClickHouseError(error)
    }
  }
  const connection: AdhocConnection = {
    text: async (sql, params = {}, signal) => Buffer.from(await run(sql, params, 'TabSeparatedRaw', signal)).toString('utf8'),
    async *lines(rawSql, params, { format, signal, buffered, queryId }) {
      // chDB sessions take no query_id: the id rides in a comment, so `KILL QUERY WHERE query
      // LIKE` can find the query (cancelling the stream alone leaves it running to its end).
      const sql = queryId && QUERY_ID_PATTERN.test(queryId) ? `/* ${queryTag(queryId)} */ ${rawSql}` : rawSql
      signal?.throwIfAborted()
      if (buffered) {
        yield* splitLines([await run(sql, params, format, signal)])
        return
      }
      let complete = false
      let stream: ReturnType<Session['queryStream']> | undefined
      try {
        stream = Object.keys(params).length > 0 ? session.queryStreamBind(sql, params, { format, signal }) : session.queryStream(sql, { format, signal })
        const chunks = (async function* () {
          for await (const chunk of stream) yield chunk.raw()
        })()
        yield* splitLines(chunks)
        complete = true
      } catch (error) {
        throw toClickHouseError(error)
      } finally {
        if (!complete) {
          tainted = true
          stream?.cancel()
        }
      }
    },
  }
  return { connection, tainted: () => tainted }
}

/** Remote ClickHouse: each call is one HTTP request carrying the limits as its settings. */
export function remotePool(client: ClickHouseClient, limits: AdhocLimits): AdhocPool {
  const settings = (format: string) => {
    const { readonly, ...rest } = adhocSettings(limits)
    // `exec` sends the SQL as is (no FORMAT appended): the format is the request's default.
    return { ...rest, default_format: format, readonly } as never
  }
  const exec = async (sql: string, params: Record<string, unknown>, format: string, signal?: AbortSignal, queryId?: string) => {
    // The client listens for a later abort only: a request already gone must not send its query.
    signal?.throwIfAborted()
    const result = await client.exec({ query: sql, query_params: params, clickhouse_settings: settings(format), abort_signal: signal, query_id: queryId })
    return result.stream
  }
  const connection: AdhocConnection = {
    async text(sql, params = {}, signal) {
      const stream = await exec(sql, params, 'TabSeparatedRaw', signal)
      const parts: Buffer[] = []
      for await (const chunk of stream) parts.push(Buffer.from(chunk as Uint8Array))
      return Buffer.concat(parts).toString('utf8')
    },
    async *lines(sql, params, { format, signal, queryId }) {
      const stream = await exec(sql, params, format, signal, queryId)
      try {
        yield* splitLines(stream as AsyncIterable<Uint8Array>)
      } finally {
        // Left early (cut, or the caller stopped): closing the response stops the server's query.
        stream.destroy()
      }
    },
  }
  return {
    limits,
    use: (task) => task(connection),
    close: () => Promise.resolve(),
  }
}

import type { ClickHouseClient } from '@clickhouse/client'
import { inlineQueryParams } from './inline-params.ts'

type Routed = 'query' | 'command' | 'exec' | 'insert'
const ROUTED = new Set<string | symbol>(['query', 'command', 'exec', 'insert'] satisfies Routed[])

/**
 * One client over embedded connections of the same engine. A chDB connection runs one statement
 * at a time, so each call goes to a connection with the fewest in flight; and its parameters are
 * written into the SQL (inline-params.ts), because chDB would otherwise run every parameterized
 * statement of the process one after the other. `close()` waits for what is in flight, then closes
 * every connection. The client is a class with many members: only the statement methods and
 * `close` are routed, the rest are the first connection's.
 */
export function embeddedClient(connections: readonly ClickHouseClient[]): ClickHouseClient {
  if (connections.length === 0) throw new Error('embeddedClient needs a connection')
  const inFlight = connections.map(() => 0)
  const running = new Set<Promise<unknown>>()
  let closing: Promise<void> | undefined

  const pick = (): number => {
    let best = 0
    for (let i = 1; i < connections.length; i++) if (inFlight[i]! < inFlight[best]!) best = i
    return best
  }

  const route = (method: Routed) => (params: { query?: string; query_params?: Record<string, unknown> }) => {
    const query = params.query && params.query_params && Object.keys(params.query_params).length > 0
      ? inlineQueryParams(params.query, params.query_params)
      : undefined
    const call = query === undefined ? params : { ...params, query, query_params: {} }
    const index = pick()
    inFlight[index]!++
    const target = connections[index]! as unknown as Record<Routed, (p: typeof call) => Promise<unknown>>
    const result = target[method](call).finally(() => {
      inFlight[index]!--
      running.delete(result)
    })
    running.add(result)
    return result
  }

  return new Proxy(connections[0]!, {
    get(first, property) {
      if (ROUTED.has(property)) return route(property as Routed)
      if (property === 'close') {
        return () => (closing ??= Promise.allSettled([...running]).then(() => Promise.all(connections.map((c) => c.close()))).then(() => undefined))
      }
      const value = Reflect.get(first, property) as unknown
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(first) : value
    },
  })
}

import { fakeJwt } from './otel-clients.ts'

/**
 * OTLP/JSON load of gateway calls for the durability tests: span+log pairs (a SERVER span and its
 * access-log record, same ids, sent in separate requests) and calls of a service that sends logs
 * only. Every 3rd call fails with an expired token (cause `expired`), the others succeed. Senders
 * behave like OTel exporters: a request that was not acknowledged is retried until it is.
 */

export const PAIR_SERVICE = 'durable-pairs'
export const LOGS_ONLY_SERVICE = 'durable-logs-only'
const EXPIRED = fakeJwt({ sub: 'user-expired', iss: 'https://idp.test', aud: 'api', exp: 1_700_000_000, iat: 1_699_990_000 })
const VALID = fakeJwt({ sub: 'user-ok', iss: 'https://idp.test', aud: 'api', exp: 4_000_000_000, iat: 1_700_000_000 })

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0')
export const traceIdOf = (seq: number) => `d0${hex(seq, 30)}`
export const spanIdOf = (seq: number) => `5a${hex(seq, 14)}`
export const failsOf = (seq: number) => seq % 3 === 0

const str = (value: string) => ({ stringValue: value })
const int = (value: number) => ({ intValue: String(value) })

function httpAttributes(seq: number) {
  const fails = failsOf(seq)
  return [
    { key: 'http.request.method', value: str('GET') },
    { key: 'http.route', value: str('/orders/{id}') },
    { key: 'url.path', value: str(`/orders/${seq}`) },
    { key: 'http.response.status_code', value: int(fails ? 401 : 200) },
    { key: 'http.request.header.authorization', value: str(`Bearer ${fails ? EXPIRED : VALID}`) },
    { key: 'test.seq', value: int(seq) },
  ]
}

const resource = (service: string) => ({ attributes: [{ key: 'service.name', value: str(service) }] })

function logRecord(seq: number, withIds: boolean, nowNs: bigint) {
  return {
    timeUnixNano: String(nowNs + BigInt(seq % 1000)),
    severityNumber: failsOf(seq) ? 13 : 9,
    body: str(failsOf(seq) ? 'Jwt is expired' : 'request completed'),
    ...(withIds ? { traceId: traceIdOf(seq), spanId: spanIdOf(seq) } : {}),
    attributes: httpAttributes(seq),
  }
}

export function logsBody(service: string, seqs: readonly number[], withIds = true): string {
  const now = BigInt(Date.now()) * 1_000_000n
  return JSON.stringify({ resourceLogs: [{ resource: resource(service), scopeLogs: [{ scope: { name: 'gw' }, logRecords: seqs.map((seq) => logRecord(seq, withIds, now)) }] }] })
}

export function spansBody(seqs: readonly number[]): string {
  const start = BigInt(Date.now()) * 1_000_000n
  const spans = seqs.map((seq) => ({
    traceId: traceIdOf(seq), spanId: spanIdOf(seq), name: 'GET /orders/{id}', kind: 2,
    startTimeUnixNano: String(start), endTimeUnixNano: String(start + 2_000_000n),
    attributes: httpAttributes(seq), status: failsOf(seq) ? { code: 2, message: 'Jwt is expired' } : {},
  }))
  return JSON.stringify({ resourceSpans: [{ resource: resource(PAIR_SERVICE), scopeSpans: [{ scope: { name: 'gw' }, spans }] }] })
}

export interface LoadRequest {
  signal: 'logs' | 'traces'
  kind: 'pair' | 'logs-only'
  seqs: number[]
  body: string
}

/** The requests of `batches` × `perBatch` calls: for each pair batch a traces and a logs request, then a logs-only batch. */
export function planLoad(batches: number, perBatch: number, firstSeq = 1): LoadRequest[] {
  const requests: LoadRequest[] = []
  let seq = firstSeq
  for (let b = 0; b < batches; b++) {
    const pairs = Array.from({ length: perBatch }, () => seq++)
    const logsOnly = Array.from({ length: perBatch }, () => seq++)
    requests.push({ signal: 'traces', kind: 'pair', seqs: pairs, body: spansBody(pairs) })
    requests.push({ signal: 'logs', kind: 'pair', seqs: pairs, body: logsBody(PAIR_SERVICE, pairs) })
    requests.push({ signal: 'logs', kind: 'logs-only', seqs: logsOnly, body: logsBody(LOGS_ONLY_SERVICE, logsOnly) })
  }
  return requests
}

/**
 * Sends every request until it is acknowledged (2xx), `concurrency` at a time, to whatever
 * `target()` points at when the attempt starts: the collector may be killed and restarted on
 * other ports meanwhile. Returns the acknowledged requests in the order they were acknowledged.
 */
export async function sendUntilAcknowledged(requests: readonly LoadRequest[], target: () => string | undefined, concurrency: number, onAnswer: (status: number, retryAfter: string | null) => void = () => {}): Promise<LoadRequest[]> {
  const acked: LoadRequest[] = []
  let next = 0
  const worker = async () => {
    while (next < requests.length) {
      const request = requests[next++]!
      for (;;) {
        const base = target()
        if (base) {
          try {
            const response = await fetch(`${base}/v1/${request.signal}`, {
              method: 'POST', headers: { 'content-type': 'application/json' }, body: request.body, signal: AbortSignal.timeout(10_000),
            })
            await response.arrayBuffer()
            onAnswer(response.status, response.headers.get('retry-after'))
            if (response.ok) {
              acked.push(request)
              break
            }
          } catch {
            // Connection refused or reset (the collector was killed): retry like an exporter.
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return acked
}

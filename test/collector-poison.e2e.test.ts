import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCollectorHarness, type CollectorHarness } from './support/collector-harness.ts'
import { fakeJwt, logExporter, sendLogs, sendSpans, traceExporter, TRANSPORTS } from './support/otel-clients.ts'

// Bad records stay the sender's problem: while good senders (real SDK exporters, every transport)
// send at the same time, bad senders send records the engine would refuse. Inserts are spaced out
// so that all of them are batched together. The bad senders get partial_success for their own
// records; the good senders' rows are all stored; no answer quotes anybody's data.

let h: CollectorHarness
beforeAll(async () => {
  h = await startCollectorHarness({ collector: { batchMinIntervalMs: 400 } })
})
afterAll(async () => {
  await h?.stop()
})

const NOW_S = Math.floor(Date.now() / 1000)
const NOW_NS = `${NOW_S}000000000`
const TRACE = '5b8efff798038103d269b633813fc60c'

interface PoisonCase {
  name: string
  /** Raw OTLP/JSON text: escapes such as `\ud800` must reach the receiver as written. */
  body: string
  signal: 'logs' | 'traces'
  rejected: number
  reason: RegExp
  /** Records of the same request that are fine and must be stored. */
  kept: number
}

const logsBody = (service: string, records: string[]) =>
  `{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"${service}"}}]},"scopeLogs":[{"scope":{"name":"poison"},"logRecords":[${records.join(',')}]}]}]}`
const record = (fields: string) => `{${fields},"traceId":"${TRACE}","spanId":"eee19b7ec3c1b174","body":{"stringValue":"poison-data-do-not-echo"}}`
const spansBody = (service: string, spans: string[]) =>
  `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"${service}"}}]},"scopeSpans":[{"scope":{"name":"poison"},"spans":[${spans.join(',')}]}]}]}`
let spanSeq = 0
const span = (fields: string) => `{"traceId":"${TRACE}","spanId":"${(++spanSeq).toString(16).padStart(16, 'a')}","name":"poison-data-do-not-echo","kind":2${fields ? `,${fields}` : ''}}`
const startAndEnd = `"startTimeUnixNano":"${NOW_NS}","endTimeUnixNano":"${NOW_NS}"`

const CASES: PoisonCase[] = [
  { name: 'milliseconds sent as nanoseconds', signal: 'logs', body: logsBody('bad-ms', [record(`"timeUnixNano":"${NOW_S}000"`), record(`"timeUnixNano":"${NOW_NS}"`)]), rejected: 1, kept: 1, reason: /timestamp outside/ },
  { name: 'a timestamp past 2262', signal: 'logs', body: logsBody('bad-2262', [record('"timeUnixNano":"9300000000000000000"')]), rejected: 1, kept: 0, reason: /timestamp outside/ },
  { name: 'a timestamp past uint64 in JSON', signal: 'logs', body: logsBody('bad-u64', [record('"timeUnixNano":"18446744073709551615"')]), rejected: 1, kept: 0, reason: /timestamp outside/ },
  { name: 'a lone surrogate in the body', signal: 'logs', body: logsBody('bad-body', [`{"timeUnixNano":"${NOW_NS}","body":{"stringValue":"poison-data-do-not-echo \\ud800"}}`]), rejected: 1, kept: 0, reason: /unpaired UTF-16 surrogate/ },
  { name: 'a lone surrogate in an attribute key', signal: 'logs', body: logsBody('bad-key', [`{"timeUnixNano":"${NOW_NS}","attributes":[{"key":"k\\udbff","value":{"stringValue":"poison-data-do-not-echo"}}]}`]), rejected: 1, kept: 0, reason: /unpaired UTF-16 surrogate/ },
  { name: 'a lone surrogate in severity text', signal: 'logs', body: logsBody('bad-severity', [`{"timeUnixNano":"${NOW_NS}","severityText":"WARN\\ud83d"}`]), rejected: 1, kept: 0, reason: /unpaired UTF-16 surrogate/ },
  { name: 'a span without a start time', signal: 'traces', body: spansBody('bad-span-start', [span(''), span(startAndEnd)]), rejected: 1, kept: 1, reason: /timestamp outside/ },
  { name: 'an event without a time', signal: 'traces', body: spansBody('bad-event', [span(`${startAndEnd},"events":[{"name":"exception"}]`)]), rejected: 1, kept: 0, reason: /event timestamp outside/ },
  { name: 'a lone surrogate in trace state', signal: 'traces', body: spansBody('bad-tracestate', [span(`${startAndEnd},"traceState":"a=\\udfff"`)]), rejected: 1, kept: 0, reason: /unpaired UTF-16 surrogate/ },
]

const GOOD_SENDERS = 6
const RECORDS_PER_SENDER = 20

async function sendGood(i: number): Promise<void> {
  const transport = TRANSPORTS[i % TRANSPORTS.length]!
  const service = `good-${i}`
  const time: [number, number] = [NOW_S, i]
  if (i % 2 === 0) {
    await sendLogs(logExporter(transport, h.httpUrl, h.grpcUrl), Array.from({ length: RECORDS_PER_SENDER }, (_, n) => ({
      serviceName: service, time, traceId: TRACE, spanId: 'eee19b7ec3c1b174', body: `good-data-${i}-${n}`,
      attributes: { 'http.request.method': 'GET', 'http.response.status_code': 200, 'url.path': `/good/${i}` },
    })))
  } else {
    await sendSpans(traceExporter(transport, h.httpUrl, h.grpcUrl), Array.from({ length: RECORDS_PER_SENDER }, (_, n) => ({
      serviceName: service, name: `good-data-${i}-${n}`, start: time, end: [NOW_S, i + 1000],
      attributes: { 'http.request.method': 'GET', 'http.response.status_code': 200, 'url.path': `/good/${i}` },
    })))
  }
}

async function post(c: PoisonCase) {
  const response = await fetch(`${h.httpUrl}/v1/${c.signal}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: c.body })
  return { status: response.status, text: await response.text() }
}

describe('poison records among concurrent senders', () => {
  it('rejects each bad record for its own sender only, stores every good row, and quotes nobody', async () => {
    const [answers] = await Promise.all([
      Promise.all(CASES.map(post)),
      Promise.all(Array.from({ length: GOOD_SENDERS }, (_, i) => sendGood(i))),
    ])

    answers.forEach((answer, i) => {
      const c = CASES[i]!
      expect(answer.status, c.name).toBe(200)
      const partial = JSON.parse(answer.text).partialSuccess
      expect(partial[c.signal === 'logs' ? 'rejectedLogRecords' : 'rejectedSpans'], c.name).toBe(String(c.rejected))
      expect(partial.errorMessage, c.name).toMatch(c.reason)
      // Neither its own payload nor anybody else's.
      expect(answer.text, c.name).not.toMatch(/poison-data|good-data|good-\d|eee19b7ec3c1b174|5b8efff7/)
    })

    for (let i = 0; i < GOOD_SENDERS; i++) {
      const table = i % 2 === 0 ? 'otel_logs' : 'otel_traces'
      const [row] = await h.waitForRows<{ n: string }>(`SELECT count() AS n FROM ${table} WHERE ServiceName = {s:String} HAVING n >= ${RECORDS_PER_SENDER}`, { s: `good-${i}` })
      expect(Number(row!.n), `good-${i}`).toBe(RECORDS_PER_SENDER)
    }
    for (const c of CASES.filter((c) => c.kept > 0)) {
      const service = /"stringValue":"(bad-[a-z0-9-]+)"/.exec(c.body)![1]!
      const [row] = await h.waitForRows<{ n: string }>(`SELECT count() AS n FROM ${c.signal === 'logs' ? 'otel_logs' : 'otel_traces'} WHERE ServiceName = {s:String}`, { s: service })
      expect(Number(row!.n), c.name).toBe(c.kept)
    }
    const text = await (await fetch(`${h.httpUrl}/metrics`)).text()
    expect(text).not.toMatch(/claimcheck_otlp_requests_total\{[^}]*http_status="503"\}/)
    expect(text).not.toMatch(/claimcheck_records_rejected_total\{[^}]*reason="write_failed"\}/)
  })

  it('stores a record with no time at all at its receive time, and claims with a lone surrogate repaired', async () => {
    // The payload's JSON carries the escape itself: JSON.parse turns it into an unpaired surrogate.
    const [header, , signature] = fakeJwt({}).split('.')
    const jwt = `${header}.${Buffer.from('{"sub":"user-\\ud800","iss":"https://idp.example.com/"}').toString('base64url')}.${signature}`
    const body = logsBody('no-time', [`{"body":{"stringValue":"User from sub claim in JWT does not exist"},"traceId":"${'c'.repeat(32)}","spanId":"${'d'.repeat(16)}",`
      + `"attributes":[{"key":"http.request.method","value":{"stringValue":"GET"}},{"key":"http.response.status_code","value":{"intValue":"403"}},`
      + `{"key":"http.request.header.authorization","value":{"stringValue":"Bearer ${jwt}"}}]}`])
    const before = BigInt(Date.now()) * 1_000_000n
    const response = await fetch(`${h.httpUrl}/v1/logs`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body })
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('{}')
    const [log] = await h.waitForRows<{ ns: string }>("SELECT toString(toUnixTimestamp64Nano(Timestamp)) AS ns FROM otel_logs WHERE ServiceName = 'no-time'")
    expect(BigInt(log!.ns)).toBeGreaterThanOrEqual(before)
    const [call] = await h.waitForRows<{ Subject: string }>("SELECT Subject FROM gateway_calls WHERE ServiceName = 'no-time'")
    expect(call!.Subject).toBe('user-\ufffd')
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_ISSUER, NOISE_KINDS, SCENARIOS, seededRandom, startDemo, type DemoHandle } from '@claimcheck/demo'
import { eventually, startCollectorHarness, type CollectorHarness } from './support/collector-harness.ts'

// The demo gateways (real jose verification, real OTel SDK + OTLP/protobuf exporters) → a real
// collector → the embedded ClickHouse. Each request carries its scenario as ground truth
// (`demo.scenario`): every call a scenario broke must come out with the cause it is meant to produce.

const PER_GROUP = 40
let h: CollectorHarness
let demo: DemoHandle
const sent = new Map<string, number>()

interface Verdict {
  scenario: string
  Cause: string
  CauseDetail: string
  StatusCode: number
  Source: string
  n: string
}
let verdicts: Verdict[] = []

async function sendGroup(): Promise<void> {
  for (let index = 0; index < PER_GROUP; index += 10) {
    const results = await Promise.all(Array.from({ length: 10 }, () => demo.traffic.send()))
    for (const result of results) sent.set(result.scenario, (sent.get(result.scenario) ?? 0) + 1)
  }
}

beforeAll(async () => {
  h = await startCollectorHarness({ collector: { correlationWindowMs: 5_000 } })
  // A quarter of the baseline is background noise, so every noise kind occurs a few times.
  demo = await startDemo({ otlpEndpoint: h.httpUrl, traffic: false, exportDelayMs: 300, jwksCacheMaxAgeMs: 300, random: seededRandom(11), noiseRate: 0.25 })
  await sendGroup()
  for (const scenario of SCENARIOS) {
    await demo.setScenario(scenario.name)
    // Past the gateways' JWKS cache age, as a real outage would be after a while.
    await new Promise((resolve) => setTimeout(resolve, 400))
    await sendGroup()
    await demo.clearScenario(scenario.name)
  }
  // Stopping flushes the SDK's batch processors: every span and log record is exported.
  await demo.stop()
  const total = [...sent.values()].reduce((sum, count) => sum + count, 0)
  await eventually(async () => {
    const [row] = await h.rows<{ c: string }>('SELECT count() AS c FROM gateway_calls')
    return Number(row?.c) >= total
  }, 20_000)
  verdicts = await h.rows<Verdict>(`
    SELECT Attributes['demo.scenario'] AS scenario, Cause, CauseDetail, StatusCode, Source, count() AS n
    FROM gateway_calls GROUP BY scenario, Cause, CauseDetail, StatusCode, Source ORDER BY scenario, Cause`)
}, 120_000)

afterAll(async () => {
  await demo?.stop()
  await h?.stop()
})

describe('demo → OTLP → collector → ClickHouse', () => {
  it('stores one span+log call per request sent', () => {
    const stored = new Map<string, number>()
    for (const row of verdicts) stored.set(row.scenario, (stored.get(row.scenario) ?? 0) + Number(row.n))
    expect(Object.fromEntries(stored)).toEqual(Object.fromEntries(sent))
    expect(verdicts.every((row) => row.Source === 'span+log')).toBe(true)
  })

  it('classifies the healthy baseline as successes', () => {
    const baseline = verdicts.filter((row) => row.scenario === '')
    expect(baseline.length).toBeGreaterThan(0)
    for (const row of baseline) expect(row).toMatchObject({ Cause: '', CauseDetail: '' })
    expect(baseline.every((row) => row.StatusCode === 200 || row.StatusCode === 201)).toBe(true)
  })

  const labelled = [...SCENARIOS, ...NOISE_KINDS]
  it.each(labelled.map((scenario) => [scenario.name, [scenario.expected.cause, scenario.expected.detail].filter(Boolean).join('/')]))(
    '%s → %s',
    (name) => {
      const scenario = labelled.find((entry) => entry.name === name)!
      const rows = verdicts.filter((row) => row.scenario === name)
      expect(sent.get(name) ?? 0).toBeGreaterThan(0)
      expect(rows.length).toBeGreaterThan(0)
      for (const row of rows) {
        expect(row.Cause).toBe(scenario.expected.cause)
        if (scenario.expected.detail) expect(row.CauseDetail).toBe(scenario.expected.detail)
      }
      expect(rows.every((row) => row.StatusCode === 401 || row.StatusCode === 403)).toBe(true)
    },
  )

  it('decodes the claims of the bearer token and never stores the token itself', async () => {
    const [call] = await h.rows<Record<string, unknown>>(`
      SELECT Subject, Tenant, ClientId, Issuer, Audience, TokenKeyId, TokenAlgorithm, ErrorMessage, ServiceName, Route,
        Attributes['http.request.header.authorization'] AS authorization, TraceId, SpanId
      FROM gateway_calls WHERE Cause = 'unknown_sub' LIMIT 1`)
    expect(call).toMatchObject({
      Tenant: 'globex', Issuer: DEMO_ISSUER, Audience: ['orders-api', 'billing-api'], ErrorMessage: 'User from sub claim in JWT does not exist',
      authorization: '[REDACTED]',
    })
    expect(call!.Subject).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4/)
    expect(call!.TokenKeyId).toMatch(/^(rs|es)256-/)
    const [leaks] = await h.rows<{ calls: string; logs: string; traces: string }>(`
      SELECT
        (SELECT count() FROM gateway_calls WHERE position(toString(Attributes), 'eyJ') > 0 OR position(ErrorMessage, 'eyJ') > 0) AS calls,
        (SELECT count() FROM otel_logs WHERE position(toString(LogAttributes), 'eyJ') > 0 OR position(Body, 'eyJ') > 0) AS logs,
        (SELECT count() FROM otel_traces WHERE position(toString(SpanAttributes), 'eyJ') > 0) AS traces`)
    expect({ calls: Number(leaks!.calls), logs: Number(leaks!.logs), traces: Number(leaks!.traces) }).toEqual({ calls: 0, logs: 0, traces: 0 })
    const [trace] = await h.rows<{ spans: string }>('SELECT count() AS spans FROM otel_traces WHERE TraceId = {id:String}', { id: call!.TraceId })
    expect(Number(trace!.spans)).toBeGreaterThanOrEqual(2)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClassifier } from '@claimcheck/classifier'
import { GATEWAY_CALL_COLUMNS, GatewayCallSchema } from '@claimcheck/shared'
import { seededRandom } from '../random.ts'
import { SCENARIOS } from '../scenarios/catalog.ts'
import { startCapturedDemo, type CapturedDemo } from '../test-support.ts'
import { planRequest, DEMO_CLIENTS, USERS_PER_TENANT } from '../traffic/clients.ts'
import { synthesizeCall, toGatewayCall } from './synthesize.ts'

const COMPARED = ['http.response.status_code', 'error.type', 'jose.code', 'jose.claim', 'jose.reason', 'error_code', 'http.response.header.www-authenticate', 'http.route', 'demo.scenario']

let captured: CapturedDemo
beforeAll(async () => {
  captured = await startCapturedDemo({ jwksCacheMaxAgeMs: 100, random: seededRandom(3) })
})
afterAll(async () => {
  await captured.demo.stop()
})

describe('synthesizeCall', () => {
  it.each(SCENARIOS.map((scenario) => [scenario.name]))('%s: looks like what the live gateway logs', async (name) => {
    await captured.demo.setScenario(name)
    await new Promise((resolve) => setTimeout(resolve, 150))
    captured.reset()
    let result
    for (let attempt = 0; attempt < 200 && !result; attempt++) {
      const sent = await captured.demo.traffic.send()
      if (sent.scenario === name) result = sent
    }
    await captured.demo.clearScenario(name)
    for (let waited = 0; captured.logs().length === 0 && waited < 1000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10))
    const live = captured.logs().find((log) => log.attributes['demo.scenario'] === name)!
    const synthetic = synthesizeCall(result!.plan, captured.clock.now(), name, seededRandom(1))
    const pick = (attributes: Record<string, unknown>) => Object.fromEntries(COMPARED.filter((key) => attributes[key] !== undefined).map((key) => [key, String(attributes[key])]))
    expect(pick(synthetic.facts.attributes)).toEqual(pick(live.attributes))
    expect(synthetic.facts.message).toBe(live.body)
    expect(synthetic.facts.attributes['http.request.header.authorization']).toBe(live.attributes['http.request.header.authorization'] === undefined ? undefined : '[REDACTED]')
  })

  it('builds a healthy call with decodable token facts and a valid gateway_calls row', () => {
    const random = seededRandom(5)
    const call = synthesizeCall(planRequest(DEMO_CLIENTS, USERS_PER_TENANT, random), Date.UTC(2026, 4, 4, 12), '', random)
    expect(call.facts.statusCode === 200 || call.facts.statusCode === 201).toBe(true)
    expect(call.facts.token).toMatchObject({ present: true, malformed: false })
    expect(call.facts.token.claims!.exp! - call.facts.token.claims!.iat!).toBeGreaterThan(0)
    expect(call.traceId).toMatch(/^[0-9a-f]{32}$/)
    expect(call.spanId).toMatch(/^[0-9a-f]{16}$/)
    const verdict = createClassifier({ watch: false }).classify(call.facts)
    expect(verdict.cause).toBe('')
    const row = GatewayCallSchema.parse(toGatewayCall(call, verdict))
    expect(Object.keys(row)).toEqual(GATEWAY_CALL_COLUMNS)
    expect(row.Timestamp).toMatch(/^\d{19}$/)
  })
})

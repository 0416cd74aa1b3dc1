import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seededRandom } from '../random.ts'
import { startCapturedDemo, type CapturedDemo } from '../test-support.ts'
import { SCENARIOS, findScenario } from './catalog.ts'

/**
 * The facts each expected cause must show in the gateway's access log: what a classifier working
 * "evidence first" has to go on. The end-to-end test checks claimcheck's actual verdicts.
 */
const EVIDENCE: Record<string, Record<string, string>> = {
  'unknown_sub': { error_code: 'user_not_found' },
  'misconfig/unknown_kid': { 'jose.code': 'ERR_JWKS_NO_MATCHING_KEY' },
  'misconfig/jwks_unavailable': { 'jose.code': 'ERR_JOSE_GENERIC' },
  'not_yet_valid': { 'jose.claim': 'nbf' },
  'expired': { 'jose.code': 'ERR_JWT_EXPIRED', 'jose.claim': 'exp' },
  'insufficient_scope': { error_code: 'insufficient_scope' },
  'misconfig/audience': { 'jose.claim': 'aud' },
  'misconfig/issuer': { 'jose.claim': 'iss' },
  'misconfig/algorithm': { 'jose.code': 'ERR_JOSE_ALG_NOT_ALLOWED' },
  'missing_token': { error_code: 'no_authorization' },
  'malformed': { 'jose.code': 'ERR_JWS_INVALID' },
  'revoked': { error_code: 'session_not_found' },
}

let captured: CapturedDemo

beforeAll(async () => {
  captured = await startCapturedDemo({ jwksCacheMaxAgeMs: 100, random: seededRandom(7) })
})
afterAll(async () => {
  await captured.demo.stop()
})

async function settle(count: number): Promise<void> {
  for (let waited = 0; captured.logs().length < count && waited < 3000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10))
}

describe('SCENARIOS', () => {
  it('have unique names and a known expected cause', () => {
    expect(new Set(SCENARIOS.map((scenario) => scenario.name)).size).toBe(SCENARIOS.length)
    for (const scenario of SCENARIOS) expect(EVIDENCE[[scenario.expected.cause, scenario.expected.detail].filter(Boolean).join('/')]).toBeDefined()
    expect(findScenario('jwks-down')?.expected).toEqual({ cause: 'misconfig', detail: 'jwks_unavailable' })
    expect(findScenario('nope')).toBeUndefined()
  })

  it('baseline traffic from every client succeeds', async () => {
    captured.reset()
    const results = await Promise.all(Array.from({ length: 60 }, () => captured.demo.traffic.send()))
    expect(results.every((result) => result.status === 200 || result.status === 201)).toBe(true)
    expect(new Set(results.map((result) => result.plan.client.id)).size).toBe(4)
    expect(results.every((result) => result.scenario === '')).toBe(true)
  })

  it.each(SCENARIOS.map((scenario) => [scenario.name]))('%s breaks exactly the requests it labels, with the expected evidence', async (name) => {
    const scenario = findScenario(name)!
    const evidence = EVIDENCE[[scenario.expected.cause, scenario.expected.detail].filter(Boolean).join('/')]!
    await captured.demo.setScenario(name)
    // Let a gateway's cached JWKS go stale, as it would within jwksCacheMaxAgeMs in a real run.
    await new Promise((resolve) => setTimeout(resolve, 150))
    captured.reset()
    const results = []
    for (let index = 0; index < 80; index++) results.push(await captured.demo.traffic.send())
    await settle(results.length)
    await captured.demo.clearScenario(name)
    const labelled = results.filter((result) => result.scenario === name)
    expect(labelled.length).toBeGreaterThan(5)
    expect(labelled.every((result) => result.status === 401 || result.status === 403)).toBe(true)
    expect(results.filter((result) => result.scenario === '').every((result) => result.status < 400)).toBe(true)
    const logs = captured.logs().filter((log) => log.attributes['demo.scenario'] === name)
    expect(logs).toHaveLength(labelled.length)
    for (const log of logs) expect(log.attributes).toMatchObject(evidence)
  })
})

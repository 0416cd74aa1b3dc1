import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AuditResponseSchema } from '@claimcheck/shared'
import { HOUR, NOW } from '../../api/test-support.ts'
import { ISS, STAGING, expectationsFor, seedStory, writeDirectory } from '../test-data.ts'
import { startTroubleshootHarness, type TroubleshootHarness } from '../test-harness.ts'

const dir = mkdtempSync(join(tmpdir(), 'claimcheck-audits-'))
let h: TroubleshootHarness
const JWKS = 'http://127.0.0.1:1/jwks.json'

beforeAll(async () => {
  writeDirectory(join(dir, 'users.csv'))
  h = await startTroubleshootHarness({ classifier: expectationsFor(JWKS), troubleshoot: { subjects: { kind: 'file', path: join(dir, 'users.csv') } } }, NOW)
  await seedStory(h.store, JWKS)
}, 60_000)
afterAll(async () => {
  await h?.close()
  rmSync(dir, { recursive: true, force: true })
})

async function audit(kind: string, query = '') {
  const res = await h.request('GET', `/audits/${kind}${query}`)
  expect(res.status, res.text).toBe(200)
  return AuditResponseSchema.parse(res.body)
}

describe('GET /audits/deleted-subjects', () => {
  it('lists subjects that succeeded and now fail as unknown_sub, with what the directory says', async () => {
    const result = await audit('deleted-subjects')
    if (result.kind !== 'deleted-subjects') throw new Error(result.kind)
    expect(result.rows.map((r) => r.subject)).toEqual(['gone-1', 'moved-4'])
    const gone = result.rows[0]!
    expect(gone).toMatchObject({ failures: 3, lastSuccess: NOW - 2 * HOUR, tenant: 'acme', client: 'web', issuer: ISS })
    expect(gone.firstFailure).toBe(NOW - 50 * 60_000)
    expect(gone.directory).toMatchObject({ state: 'deleted', deletedAt: NOW - 2.5 * HOUR })
    expect(result.rows[1]!.directory).toMatchObject({ state: 'active', tenant: 'globex' })
    expect(result.rows[1]!.directory!.explanation).toMatch(/in tenant globex while the token says acme/)
  })

  it('follows the common filters', async () => {
    const result = await audit('deleted-subjects', '?tenant=nobody')
    expect(result.rows).toEqual([])
  })
})

describe('GET /audits/no-refresh', () => {
  it('ranks clients by expired calls, with lateness and tokens presented again', async () => {
    const result = await audit('no-refresh')
    if (result.kind !== 'no-refresh') throw new Error(result.kind)
    const [mobile, web] = result.rows
    expect(mobile).toMatchObject({ client: 'mobile', expiredCalls: 7, subjects: 2, reusedTokens: 1 })
    expect(mobile!.calls).toBe(7 + 3 + 3) // its expired, successful and revoked calls
    expect(mobile!.maxSecondsLate).toBeGreaterThanOrEqual(2 * 3600 - 50 * 60)
    expect(web).toMatchObject({ client: 'web', expiredCalls: 1, reusedTokens: 0, maxSecondsLate: 30 })
  })
})

describe('GET /audits/long-lifetimes', () => {
  it('reports issuers and clients minting tokens longer than the threshold', async () => {
    const result = await audit('long-lifetimes')
    if (result.kind !== 'long-lifetimes') throw new Error(result.kind)
    expect(result.thresholdSeconds).toBe(86_400)
    expect(result.rows).toHaveLength(1)
    // Its /payments tokens are an hour long: 6 tokens, 2 of them a week.
    expect(result.rows[0]).toMatchObject({ issuer: ISS, client: 'batch', tokens: 6, longTokens: 2, maxLifetimeSeconds: 7 * 86_400 })
    const strict = await audit('long-lifetimes', '?minLifetimeSeconds=3000')
    expect(strict.rows.length).toBeGreaterThan(1)
  })
})

describe('GET /audits/route-issuers', () => {
  it('lists issuers and audiences per route against the expectation', async () => {
    const result = await audit('route-issuers')
    if (result.kind !== 'route-issuers') throw new Error(result.kind)
    const orders = result.rows.find((r) => r.route === '/orders')!
    expect(orders.expectation).toBe(0)
    expect(orders.issuers.find((i) => i.value === STAGING)).toMatchObject({ calls: 5, failures: 5, expected: false })
    expect(orders.issuers.find((i) => i.value === ISS)?.expected).toBe(true)
    expect(orders.issuers.map((i) => i.value)).not.toContain('') // malformed tokens have no issuer to list
    expect(orders.audiences.find((a) => a.value === 'orders-api-staging')).toMatchObject({ calls: 3, expected: false })
    expect(result.rows.find((r) => r.route === '/health')).toMatchObject({ expectation: null, issuers: [{ value: ISS, expected: null }] })
  })
})

describe('audits as CSV', () => {
  it('downloads a file with a header row and ISO times', async () => {
    const res = await h.request('GET', '/audits/deleted-subjects?format=csv')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="?claimcheck-deleted-subjects\.csv"?$/)
    const lines = res.text.trim().split('\r\n')
    expect(lines[0]).toBe('subject,tenant,issuer,client,last_success,first_failure,last_failure,failures,directory,deleted_at')
    expect(lines[1]).toMatch(/^gone-1,acme,https:\/\/idp\.example\.com,web,\d{4}-\d\d-\d\dT.*,3,deleted,/)
    const routes = await h.request('GET', '/audits/route-issuers?format=csv')
    expect(routes.text).toContain(`api-gateway,/orders,issuer,${STAGING},5,5,false`)
  })

  it('refuses an unknown audit and a bad parameter', async () => {
    expect((await h.request('GET', '/audits/everything')).status).toBe(400)
    expect((await h.request('GET', '/audits/no-refresh?limit=0')).status).toBe(400)
  })
})

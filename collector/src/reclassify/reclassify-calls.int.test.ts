import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CauseRuleSchema, GATEWAY_CALL_COLUMNS, TABLES, toGatewayCallRow, type GatewayCall } from '@claimcheck/shared'
import type { Store } from '@claimcheck/shared/node'
import { createClassifier } from '@claimcheck/classifier'
import { openMigratedStore } from '../../test/migrated-store.ts'
import { reclassifyCalls } from './reclassify-calls.ts'

// A user adds a rule for a message that used to land in `other`; reclassify must move the stored
// calls and keep the rollups exact, touching nothing else.

let store: Store
const ctx = { database: 'default' }
const BASE = Date.UTC(2026, 10, 27, 10, 0, 0)

function call(minute: number, service: string, message: string, status: number, subject: string): GatewayCall {
  return {
    Timestamp: String(BigInt(BASE + minute * 60_000 + 5_000) * 1_000_000n), TraceId: `${minute}${subject}`.padEnd(32, '0'), SpanId: '1'.repeat(16),
    ServiceName: service, Method: 'GET', Route: '/legacy', Path: '/legacy', StatusCode: status, Duration: 1000, ClientAddress: '',
    Subject: subject, Issuer: 'https://idp', Audience: ['api'], ClientId: 'c1', Tenant: 't1', Scopes: [], TokenKeyId: 'k1', TokenAlgorithm: 'RS256',
    TokenIssuedAt: Math.floor(BASE / 1000) - 60, TokenNotBefore: null, TokenExpiresAt: Math.floor(BASE / 1000) + 86_400, TokenPresent: 1,
    Cause: '', CauseDetail: '', EvidenceRule: '', Evidence: '', ErrorMessage: message, Source: 'log', Attributes: { 'http.route': '/legacy' },
  }
}

async function rows<T>(sql: string): Promise<T[]> {
  return (await store.reader.query({ query: sql, format: 'JSONEachRow' })).json<T>()
}

const rollupByCause = () =>
  rows<{ ServiceName: string; Cause: string; n: number }>(`SELECT ServiceName, Cause, toUInt32(sum(Calls)) AS n FROM ${TABLES.callsRollup} GROUP BY ServiceName, Cause ORDER BY ServiceName, Cause`)

beforeAll(async () => {
  store = await openMigratedStore('reclassify')
  const before = createClassifier()
  const calls = [
    ...Array.from({ length: 6 }, (_, i) => call(i, 'legacy-gw', 'E4711 account purged', 401, `u${i}`)),
    ...Array.from({ length: 3 }, (_, i) => call(i, 'legacy-gw', 'ok', 200, `ok${i}`)),
    ...Array.from({ length: 4 }, (_, i) => call(i, 'other-gw', 'E4711 account purged', 401, `v${i}`)),
  ].map((c) => {
    const verdict = before.reclassify(c)
    return toGatewayCallRow({ ...c, Cause: verdict.cause, CauseDetail: verdict.detail, EvidenceRule: verdict.ruleId, Evidence: verdict.evidence })
  })
  await store.writer.insert({ table: TABLES.calls, values: calls, format: 'JSONCompactEachRow', columns: GATEWAY_CALL_COLUMNS })
})
afterAll(async () => {
  await store?.close()
})

describe('reclassifyCalls', () => {
  const rule = CauseRuleSchema.parse({ id: 'acme.e4711', match: { message: { contains: 'E4711' } }, set: { cause: 'unknown_sub' } })
  const classifier = createClassifier({ rules: [rule] })
  const run = (options: { dryRun?: boolean; service?: string }) =>
    reclassifyCalls({ client: store.writer, ctx, reclassify: (row) => classifier.reclassify(row), fromMs: BASE - 3_600_000, toMs: BASE + 3_600_000, ...options })

  it('starts with the unrecognised message as other', async () => {
    expect(await rollupByCause()).toEqual([
      { ServiceName: 'legacy-gw', Cause: '', n: 3 }, { ServiceName: 'legacy-gw', Cause: 'other', n: 6 }, { ServiceName: 'other-gw', Cause: 'other', n: 4 },
    ])
  })

  it('counts without writing on a dry run', async () => {
    const result = await run({ dryRun: true })
    expect(result).toMatchObject({ calls: 13, changed: 10, transitions: { 'other → unknown_sub': 10 } })
    expect(await rows(`SELECT count() AS n FROM ${TABLES.calls} WHERE Cause = 'unknown_sub'`)).toEqual([{ n: 0 }])
  })

  it('rewrites one service, keeps the others, and keeps the rollups exact', async () => {
    const result = await run({ service: 'legacy-gw' })
    expect(result).toMatchObject({ calls: 9, changed: 6 })
    expect(await rollupByCause()).toEqual([
      { ServiceName: 'legacy-gw', Cause: '', n: 3 }, { ServiceName: 'legacy-gw', Cause: 'unknown_sub', n: 6 }, { ServiceName: 'other-gw', Cause: 'other', n: 4 },
    ])
    const stored = await rows<{ EvidenceRule: string; Subject: string; TokenExpiresAt: string; ts: string }>(
      `SELECT EvidenceRule, Subject, toString(TokenExpiresAt) AS TokenExpiresAt, toString(toUnixTimestamp64Nano(Timestamp)) AS ts FROM ${TABLES.calls} WHERE Subject = 'u0'`,
    )
    expect(stored).toEqual([{ EvidenceRule: 'acme.e4711', Subject: 'u0', TokenExpiresAt: '2026-11-28 10:00:00', ts: String(BigInt(BASE + 5_000) * 1_000_000n) }])
    expect(await rows(`SELECT count() AS n FROM ${TABLES.calls}`)).toEqual([{ n: 13 }])
  })

  it('changes nothing when run again', async () => {
    expect(await run({})).toMatchObject({ calls: 13, changed: 4 })
    expect(await run({})).toMatchObject({ calls: 13, changed: 0 })
    const [distinct] = await rows<{ n: number }>(`SELECT toUInt32(uniqMerge(Subjects)) AS n FROM ${TABLES.callsRollup} WHERE Cause = 'unknown_sub'`)
    expect(distinct!.n).toBe(10)
    // The failing-subjects rollup is rebuilt with the same minutes: one unknown_sub row per subject, nothing left as other.
    const failing = await rows<{ Cause: string; subjects: number; calls: number }>(
      `SELECT Cause, toUInt32(uniq(Subject)) AS subjects, toUInt32(sum(Calls)) AS calls FROM ${TABLES.subjectFailuresRollup} GROUP BY Cause`,
    )
    expect(failing).toEqual([{ Cause: 'unknown_sub', subjects: 10, calls: 10 }])
  })
})

import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createClassifier } from '@claimcheck/classifier'
import { startCollector, type Collector } from '@claimcheck/collector'
import { createDashboardApp, createQueryApi, UserRepository } from '@claimcheck/server'
import { ConfigSchema, GATEWAY_CALL_COLUMNS, TABLES, toGatewayCallRow, type GatewayCall } from '@claimcheck/shared'
import { openStore, runMigrations, type Store } from '@claimcheck/shared/node'
import { seedDashboardData } from './fixture.ts'
import { browserDescribe, buildDashboard, CHROMIUM, FIXTURE_PASSWORD, FIXTURE_USERS, launchChromium, openPage, screenshotPath, settle, signIn } from './harness.ts'

// The loop in Chromium, wired as `claimcheck start` wires it (collector and dashboard in one
// process, rule changes reach the collector at once): an `other` template gets a cause, a new
// OTLP call of it is classified, and a reclassify job rewrites the past hour with progress shown.

const MINUTE = 60_000
const VIEWPORT = { width: 1440, height: 900 }
const NAMES = ['alice', 'Bob Stone', 'carol', 'dave', 'erin']

let store: Store
let collector: Collector
let server: Server
let url = ''
let dir = ''
let browser: { context: BrowserContext; close(): Promise<void> }
const pageErrors: string[] = []

function purgedCall(at: number, i: number): GatewayCall {
  return {
    Timestamp: String(BigInt(at) * 1_000_000n), TraceId: (0xabc000 + i).toString(16).padStart(32, '0'), SpanId: (0xdef000 + i).toString(16).padStart(16, '0'),
    ServiceName: 'legacy-gw', Method: 'DELETE', Route: '/v1/accounts/{id}', Path: `/v1/accounts/${100 + i}`, StatusCode: 401, Duration: 2_000_000, ClientAddress: '',
    Subject: `acct-${100 + i}`, Issuer: 'https://auth.example.com/', Audience: ['api'], ClientId: 'admin-console', Tenant: 'acme-eu', Scopes: [], TokenKeyId: '', TokenAlgorithm: '',
    TokenIssuedAt: null, TokenNotBefore: null, TokenExpiresAt: null, TokenPresent: 0, Cause: '', CauseDetail: '', EvidenceRule: '', Evidence: '',
    ErrorMessage: `legacy-gw: account ${100 + i} purged by "${NAMES[i % NAMES.length]}"`, Source: 'log', Attributes: {},
  }
}

/**
 * A second template that no rule recognises and no rule is made from: it must stay `other` through
 * the reclassify job and stay on the page. The fixture's own `other` calls are too few to rely on
 * (whether one falls in the last hour depends on the time of day the test runs: none does for one
 * start minute in seven).
 */
function unrelatedOtherCall(at: number, i: number): GatewayCall {
  return { ...purgedCall(at, 200 + i), ServiceName: 'edge-filter', Method: 'GET', Route: '/v1/orders', Path: '/v1/orders', Subject: `user-${i}`, ErrorMessage: `edge-filter: request dropped at stage ${3 + (i % 3)}` }
}

async function seedPurged(s: Store, nowMs: number): Promise<void> {
  const classifier = createClassifier()
  const purged = Array.from({ length: 40 }, (_, i) => purgedCall(nowMs - 55 * MINUTE + i * 70_000, i))
  const unrelated = Array.from({ length: 6 }, (_, i) => unrelatedOtherCall(nowMs - 40 * MINUTE + i * 5 * MINUTE, i))
  const calls = [...purged, ...unrelated].map((c) => {
    const verdict = classifier.reclassify(c)
    expect(verdict.cause, c.ErrorMessage).toBe('other')
    return toGatewayCallRow({ ...c, Cause: verdict.cause, CauseDetail: verdict.detail, EvidenceRule: verdict.ruleId, Evidence: verdict.evidence })
  })
  await s.writer.insert({ table: TABLES.calls, values: calls, format: 'JSONCompactEachRow', columns: GATEWAY_CALL_COLUMNS })
}

async function sendPurgedLog(traceId: string): Promise<void> {
  const attr = (key: string, value: string | number) => ({ key, value: typeof value === 'number' ? { intValue: String(value) } : { stringValue: value } })
  const body = JSON.stringify({ resourceLogs: [{
    resource: { attributes: [attr('service.name', 'legacy-gw')] },
    scopeLogs: [{ scope: { name: 'access' }, logRecords: [{
      timeUnixNano: String(BigInt(Date.now()) * 1_000_000n), severityNumber: 13, body: { stringValue: 'legacy-gw: account 9001 purged by "zoe"' }, traceId, spanId: '1'.repeat(16),
      attributes: [attr('http.request.method', 'DELETE'), attr('http.route', '/v1/accounts/{id}'), attr('url.path', '/v1/accounts/9001'), attr('http.response.status_code', 401)],
    }] }],
  }] })
  const response = await fetch(`http://127.0.0.1:${collector.httpPort}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
  expect(response.status).toBe(200)
}

async function rows<T>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  return (await store.reader.query({ query, query_params: params, format: 'JSONEachRow' })).json<T>()
}

async function open(path: string, theme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await openPage(browser.context, VIEWPORT, theme)
  page.on('pageerror', (error) => pageErrors.push(`${path}: ${error.message}`))
  await page.goto(`${url}${path}`, { waitUntil: 'networkidle' })
  return page
}

beforeAll(async () => {
  if (!CHROMIUM) return
  dir = mkdtempSync(join(tmpdir(), 'claimcheck-templates-'))
  const webRoot = join(dir, 'web')
  const built = buildDashboard(webRoot)
  const config = ConfigSchema.parse({
    store: { dataDir: join(dir, 'data') },
    collector: { host: '127.0.0.1', httpPort: 0, grpcPort: 0, correlationWindowMs: 200, batchMinIntervalMs: 50 },
  })
  store = await openStore(config.store)
  await runMigrations(store.writer, store.schema, config.retention)
  const nowMs = Date.now()
  await seedDashboardData(store, nowMs)
  await seedPurged(store, nowMs)
  const logger = pino({ level: process.env.CLAIMCHECK_TEST_LOG ?? 'silent' })
  // Polling is slowed right down: the rule must reach the collector through the in-process notice.
  collector = await startCollector({ store, config, logger, userRulesPollMs: 10 * MINUTE })
  // The app serves the SPA only when the build is there when it is created.
  ;[browser] = await Promise.all([launchChromium(), built])
  const app = createDashboardApp({
    store, config, logger, version: '0.1.0-test', webRoot,
    operations: createQueryApi({ store, config, logger, onUserRulesChanged: () => collector.refreshUserRules() }),
  })
  server = createServer(app)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  // Assigning a cause is an editor's change: sign in as one, as a person would.
  await new UserRepository(store).create({ name: FIXTURE_USERS.editor, role: 'editor', password: FIXTURE_PASSWORD })
  await signIn(browser.context, url, FIXTURE_USERS.editor)
}, 400_000)

afterAll(async () => {
  if (!CHROMIUM) return
  await browser?.close()
  await new Promise<void>((resolve) => {
    server?.close(() => resolve())
    server?.closeAllConnections()
  })
  await collector?.close()
  await store?.close()
  rmSync(dir, { recursive: true, force: true })
}, 60_000)

browserDescribe('templates in Chromium', () => {
  it('turns an other template into a rule, classifies new calls with it and reclassifies the past hour', async () => {
    const page = await open('/templates?from=now-1h')
    await settle(page)
    const row = page.locator('tr.tpl-row', { hasText: 'legacy-gw: account' })
    await row.waitFor()
    await expect.poll(() => row.textContent()).toContain('legacy-gw: account <NUM> purged by "<STR>"')
    expect(await row.locator('td.num').first().textContent()).toBe('40')
    await page.screenshot({ path: screenshotPath('templates-light', VIEWPORT) })

    await row.getByRole('button', { name: 'Assign cause' }).click()
    const form = page.getByRole('form', { name: 'Assign a cause to this template' })
    await form.getByLabel('Cause').selectOption('unknown_sub')
    await form.getByLabel('Detail').selectOption('user')
    await form.getByPlaceholder(/Why/).fill('accounts purged by the legacy admin tool')
    await page.screenshot({ path: screenshotPath('templates-assign-light', VIEWPORT), fullPage: false })
    await form.getByRole('button', { name: 'Save rule' }).click()
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved' }).textContent()).toContain('unknown_sub')
    await expect.poll(() => row.locator('.cause-badge').textContent()).toContain('Unknown subject')

    // A new call of the template, over real OTLP: classified by the rule at once.
    const traceId = 'e'.repeat(30) + '01'
    await sendPurgedLog(traceId)
    await expect.poll(async () => (await rows<{ Cause: string; EvidenceRule: string }>('SELECT Cause, EvidenceRule FROM gateway_calls WHERE TraceId = {t:String}', { t: traceId }))[0], { timeout: 15_000 })
      .toEqual({ Cause: 'unknown_sub', EvidenceRule: expect.stringMatching(/^template\.[0-9a-f]{8}$/) })

    // The past hour: a job with its progress, then the template is gone from `other`.
    await page.getByRole('button', { name: /Reclassify the last/ }).click()
    const job = page.locator('.tpl-job')
    await job.waitFor()
    await expect.poll(() => job.getAttribute('data-job-state'), { timeout: 120_000 }).toBe('done')
    expect(await page.getByRole('progressbar', { name: 'Reclassify progress' }).getAttribute('aria-valuenow')).toBe('100')
    await expect.poll(() => job.textContent()).toContain('other → unknown_sub 40')
    // Only calls classified other were re-decided: the fixture's other verdicts stay as stored.
    expect(await job.textContent()).not.toMatch(/(misconfig|unknown_sub|expired) →/)
    expect(await job.textContent()).toContain('unclassified calls')
    const [stored] = await rows<{ n: number }>("SELECT toUInt32(count()) AS n FROM gateway_calls WHERE ServiceName = 'legacy-gw' AND Cause = 'unknown_sub'")
    expect(stored!.n).toBe(41)
    await expect.poll(() => page.locator('tr.tpl-row', { hasText: 'legacy-gw: account' }).count()).toBe(0)
    const unrelated = page.locator('tr.tpl-row', { hasText: 'edge-filter: request dropped at stage' })
    await unrelated.waitFor()
    expect(await unrelated.locator('td.num').first().textContent(), 'the template no rule was made from keeps its calls').toBe('6')

    const rules = page.locator('#user-rules')
    await rules.getByRole('button', { name: 'History' }).click()
    await rules.getByRole('table', { name: /History of template\./ }).waitFor()
    await job.scrollIntoViewIfNeeded()
    await page.screenshot({ path: screenshotPath('templates-reclassified-light', VIEWPORT) })
    await rules.scrollIntoViewIfNeeded()
    await page.screenshot({ path: screenshotPath('templates-rules-light', VIEWPORT) })

    const call = await open(`/calls/${traceId}/${'1'.repeat(16)}`)
    await expect.poll(() => call.locator('#why').textContent(), { timeout: 20_000 }).toContain('User not found')

    const dark = await open('/templates?from=now-1h', 'dark')
    await settle(dark)
    await dark.locator('tr.tpl-row', { hasText: 'edge-filter: request dropped at stage' }).waitFor()
    await dark.screenshot({ path: screenshotPath('templates-dark', VIEWPORT) })
    expect(pageErrors).toEqual([])
  }, 300_000)
})

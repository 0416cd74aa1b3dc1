import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { qualify, TABLES } from '@claimcheck/shared'
import type { Store } from '@claimcheck/shared/node'
import { startTestIdp, type TestIdp } from '../../dashboard/server/src/troubleshoot/test-keys.ts'
import { browserDescribe, settle, screenshotPath, type DashboardFixtureOptions } from './harness.ts'
import { browserSuite } from './suite.ts'

// The troubleshooting assistant in Chromium, over the seeded story (tenant acme-eu migrated two
// hours ago): a real IdP key set on a local port, a subject directory file that knows which acme
// users were deleted, and a JWKS history with an outage. Waits are on elements, never on sleeps.

const ISSUER = 'https://auth.example.com/'
const MIN = 60_000
const VIEWPORT = { width: 1280, height: 800 }

let idp: TestIdp
const dir = mkdtempSync(join(tmpdir(), 'claimcheck-troubleshoot-browser-'))

/** Acme users 0–19 were deleted at the migration, 20–29 never made it, 30–39 live in another tenant. */
function writeDirectory(path: string, migrationAt: number): void {
  const rows = ['sub,status,deletedAt,tenant']
  for (let n = 0; n < 40; n++) {
    const sub = `auth0|acme-${String(n).padStart(4, '0')}`
    if (n < 20) rows.push(`${sub},active,${new Date(migrationAt).toISOString()},acme-eu`)
    else if (n >= 30) rows.push(`${sub},active,,acme-us`)
  }
  for (let n = 0; n < 400; n++) rows.push(`user-${String(n).padStart(4, '0')},active,,globex`)
  writeFileSync(path, rows.join('\n'))
}

/** Twelve hours of polls every 30 minutes: k-2024-05 withdrawn six hours ago, an outage 45–35 minutes ago. */
async function seedJwksHistory(store: Store, url: string, nowMs: number): Promise<void> {
  const end = Math.floor(nowMs / MIN) * MIN
  const rows: Record<string, unknown>[] = []
  for (let t = end - 12 * 60 * MIN; t < end - 5 * MIN; t += 30 * MIN) {
    const kids = t < end - 6 * 60 * MIN ? ['k-2024-05', 'k-2024-06'] : ['k-2024-06', 'k-2024-06-ec']
    rows.push({ Timestamp: t, JwksUrl: url, Ok: 1, HttpStatus: 200, Error: '', Kids: kids, DurationMs: 14 })
  }
  for (const minutes of [45, 40, 35]) rows.push({ Timestamp: end - minutes * MIN, JwksUrl: url, Ok: 0, HttpStatus: 503, Error: 'HTTP 503', Kids: [], DurationMs: 3 })
  await store.writer.insert({ table: qualify(store.schema, TABLES.jwksFetches), values: rows, format: 'JSONEachRow' })
}

/** The IdP and the directory file first: the fixture's expectations and seed name them. */
async function fixtureOptions(): Promise<DashboardFixtureOptions> {
  idp = await startTestIdp({ rs: 'k-2024-06', es: 'k-2024-06-ec', unpublished: 'k-2024-07' })
  const directory = join(dir, 'users.csv')
  const nowMs = Date.now()
  writeDirectory(directory, Math.floor(nowMs / MIN) * MIN - 2 * 60 * MIN)
  const expectation = { issuers: [ISSUER], audiences: ['orders-api'], jwksUrl: idp.url }
  return {
    config: {
      classifier: {
        expectations: [
          { ...expectation, service: 'kong-edge', route: '/v1/payments', requiredScopes: ['payments:write'], algorithms: ['RS256', 'ES256'] },
          { ...expectation, service: 'kong-edge', algorithms: ['RS256', 'ES256'] },
          { ...expectation, service: 'envoy-gateway', algorithms: ['RS256'] },
        ],
      },
      troubleshoot: { subjects: { kind: 'file', path: directory } },
    },
    seed: (store, now) => seedJwksHistory(store, idp.url, now),
  }
}

const suite = browserSuite({ fixture: fixtureOptions, viewport: VIEWPORT })
const { pageErrors } = suite
const open = (path: string, theme: 'light' | 'dark' = 'light') => suite.open(path, { theme, pinTheme: true })

afterAll(async () => {
  await idp?.close()
  rmSync(dir, { recursive: true, force: true })
}, 60_000)

browserDescribe('troubleshooting assistant in Chromium', () => {
  it('inspector: paste a token, see it decoded at once, check it, see the checklist', async () => {
    const token = await idp.sign({ iss: ISSUER, aud: 'orders-api', sub: 'auth0|acme-0003', tenant_id: 'acme-eu', azp: 'web-app', scope: 'orders:read', exp: Math.floor(Date.now() / 1000) + 30 * 60 })
    const page = await open('/inspect')
    const requests: string[] = []
    page.on('request', (request) => requests.push(request.url()))
    await page.getByLabel('Token (JWT)').fill(`Bearer ${token}`)
    const decoded = page.locator('#decoded')
    await expect.poll(() => decoded.textContent()).toContain('auth0|acme-0003')
    expect(await decoded.textContent()).toMatch(/expires in 30 min/)
    expect(requests.some((url) => url.includes('/inspect'))).toBe(false) // decoding is local

    await page.getByRole('button', { name: 'Check against configuration' }).click()
    const checks = page.getByRole('list', { name: 'Checks' })
    await checks.waitFor()
    expect(await checks.getByRole('listitem').count()).toBe(12)
    const verdict = page.locator('.inspect-verdict')
    await expect.poll(() => verdict.textContent()).toContain('Unknown subject')
    expect(await checks.locator('[data-check="signature"]').textContent()).toMatch(/Passed.*verified with kid k-2024-06/)
    expect(await checks.locator('[data-check="subject"]').textContent()).toMatch(/Failed.*Deleted from the directory at/)
    await page.screenshot({ path: screenshotPath('inspector', VIEWPORT) })
    await page.locator('#checklist').screenshot({ path: screenshotPath('inspector-checklist', VIEWPORT) })

    // The payments route requires payments:write: now the scope decides.
    await page.getByLabel('Check against the route').selectOption({ label: 'kong-edge · /v1/payments' })
    await page.getByRole('button', { name: 'Check against configuration' }).click()
    await expect.poll(() => page.locator('.inspect-verdict').textContent()).toContain('Insufficient scope')
    expect(await page.locator('[data-check="scopes"]').textContent()).toContain('missing payments:write')

    // Never in the URL or the browser's storage.
    expect(page.url()).not.toContain(token.slice(0, 30))
    expect(String(await page.evaluate('JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })'))).not.toContain(token.slice(0, 30))
    expect(requests.filter((url) => url.includes(token.slice(0, 30)))).toEqual([])
    await page.close()
  }, 120_000)

  it('inspector in the dark theme, with an expired token from an unpublished key', async () => {
    const now = Math.floor(Date.now() / 1000)
    const token = await idp.sign({ iss: ISSUER, aud: 'orders-api', sub: 'user-0001', iat: now - 3780, nbf: now - 3780, exp: now - 180 }, { key: idp.keys.unpublished })
    const page = await open('/inspect', 'dark')
    await page.getByLabel('Token (JWT)').fill(token)
    await expect.poll(() => page.locator('#decoded').textContent()).toMatch(/expired 3 min ago/)
    await page.getByRole('button', { name: 'Check against configuration' }).click()
    await expect.poll(() => page.locator('.inspect-verdict').textContent()).toContain('Misconfiguration')
    expect(await page.locator('[data-check="kid"]').textContent()).toContain('kid k-2024-07 is not in the JWKS')
    await page.screenshot({ path: screenshotPath('inspector-dark', VIEWPORT) })
    await page.locator('#checklist').screenshot({ path: screenshotPath('inspector-checklist-dark', VIEWPORT) })
    await page.close()
  }, 120_000)

  it('audits: deleted users still holding tokens, clients that never refresh, CSV', async () => {
    const page = await open('/audits?from=now-12h')
    const table = page.getByRole('table', { name: 'Subjects that succeeded, now unknown' })
    await table.waitFor()
    await settle(page, '.answer-pending')
    expect(await table.textContent()).toContain('auth0|acme-')
    expect(await table.locator('.state-pill').allTextContents()).toContain('Deleted')
    await page.screenshot({ path: screenshotPath('audits', VIEWPORT) })

    const download = page.waitForEvent('download')
    await page.getByRole('button', { name: 'CSV' }).click()
    const file = await download
    expect(file.suggestedFilename()).toMatch(/^claimcheck-deleted-subjects-.*\.csv$/)

    await page.getByRole('tab', { name: 'Clients presenting expired tokens' }).click()
    await page.waitForURL(/audit=no-refresh/)
    const clients = page.getByRole('table', { name: 'Clients presenting expired tokens' })
    await clients.waitFor()
    expect(await clients.locator('tbody tr').first().textContent()).toContain('mobile-ios')
    await page.screenshot({ path: screenshotPath('audits-no-refresh', VIEWPORT) })
    await page.close()
  }, 120_000)

  it('auth config: expectations, the staging issuer, JWKS health and "check now"', async () => {
    const page = await open('/auth-config')
    const drift = page.getByRole('table', { name: 'Traffic that disagrees with the configuration' })
    await drift.waitFor()
    expect(await drift.textContent()).toContain('https://staging.auth.example.com/')
    const timeline = page.getByRole('list', { name: 'JWKS timeline' })
    await timeline.waitFor()
    expect(await timeline.textContent()).toContain('JWKS fetch failed: HTTP 503')
    await page.getByRole('button', { name: 'Check now' }).click()
    await expect.poll(() => page.locator('.jwks-head').first().textContent()).toContain('Reachable')
    await settle(page, '.answer-pending')
    await page.screenshot({ path: screenshotPath('auth-config', VIEWPORT) })
    await page.locator('#jwks').screenshot({ path: screenshotPath('auth-config-jwks', VIEWPORT) })
    await page.close()
    const dark = await open('/auth-config', 'dark')
    await dark.getByRole('list', { name: 'JWKS timeline' }).waitFor()
    await settle(dark, '.answer-pending')
    await dark.screenshot({ path: screenshotPath('auth-config-dark', VIEWPORT) })
    await dark.locator('#jwks').screenshot({ path: screenshotPath('auth-config-jwks-dark', VIEWPORT) })
    await dark.close()
  }, 120_000)

  it('cause and call views: the playbook answered from the data, the directory\'s verdict', async () => {
    const cause = await open('/causes/unknown_sub')
    const playbook = cause.locator('#playbook')
    await playbook.locator('[data-check="subject_directory"] .playbook-answer').waitFor()
    await settle(cause, '.answer-pending')
    expect(await playbook.locator('[data-check="subject_directory"]').textContent()).toMatch(/Of the \d+ most failing subjects: .*deleted/)
    expect(await playbook.locator('[data-check="shared_tenant"]').textContent()).toContain('tenant acme-eu')
    expect(await cause.getByRole('table', { name: 'Failing subjects in the directory' }).textContent()).toMatch(/Deleted|Not in directory/)
    await cause.locator('#playbook').scrollIntoViewIfNeeded()
    await cause.screenshot({ path: screenshotPath('cause-unknown_sub-playbook', VIEWPORT) })
    await cause.close()

    const { traceId, spanId } = suite.fixture.seeded.unknownSubCall
    const call = await open(`/calls/${traceId}/${spanId}`)
    await call.getByRole('heading', { name: 'Playbook for this call' }).waitFor()
    await call.locator('#subject-directory .verdict').waitFor()
    await settle(call, '.answer-pending')
    expect(await call.locator('#subject-directory').textContent()).toMatch(/Deleted|Not in directory|Present/)
    await call.locator('#playbook').scrollIntoViewIfNeeded()
    await call.screenshot({ path: screenshotPath('call-unknown_sub-playbook', VIEWPORT) })
    await call.close()
  }, 120_000)

  it('raised no uncaught errors in any page', () => {
    expect(pageErrors).toEqual([])
  })
})

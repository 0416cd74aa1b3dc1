import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { DEMO_ISSUER, MIGRATED_TENANT } from '@claimcheck/demo'
import { CAUSES } from '@claimcheck/shared'
import { startCli, type RunningCli } from '../support/cli-process.ts'
import { browserDescribe, buildDashboard, CHROMIUM, clickBand, launchChromium, openPage, screenshotPath } from './harness.ts'

// What a newcomer gets from `claimcheck start --demo`: the real process (collector, API, built
// dashboard, demo gateways sending OTLP), a fresh data directory, real Chromium. Nothing seeded:
// every figure on screen comes from live demo traffic.

const SPECIFIC_CAUSES = CAUSES.filter((cause) => cause !== 'other')
const RANGE = 'from=now-15m'
const MIGRATION = 'user-migration'

let dir: string
let cli: RunningCli
let startedAt: number
let browser: { context: BrowserContext; close(): Promise<void> }
const problems: string[] = []
let base = ''

/** The demo's URLs, as `start --demo` logs them when the demo runs. */
function demoUrls(): { control: string; jwks: string; users: string } {
  const lines = cli.output().split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>)
  const running = lines.find((line) => typeof line.control === 'string' && typeof line.users === 'string')
  expect(running, 'the demo logs its URLs').toBeDefined()
  return running as { control: string; jwks: string; users: string }
}

/** Rows of an ad hoc query through the API, as the dashboard's SQL page runs it. */
async function query(sql: string): Promise<unknown[][]> {
  // With the browser's session cookie and its CSRF token, as the SQL page sends them.
  const session = await browser.context.request.get(`${base}/api/v1/auth/session`)
  const { csrfToken } = (await session.json()) as { csrfToken: string }
  const response = await browser.context.request.post(`${base}/api/v1/query`, { data: { sql }, headers: { 'x-csrf-token': csrfToken } })
  expect(response.status()).toBe(200)
  return ((await response.json()) as { rows: unknown[][] }).rows
}

/** Signs in on the login page with the password the first start printed, as the README says. */
async function signInAsReadmeSays(): Promise<void> {
  const password = /with the password:\s*│\s*│\s+(\S+)/.exec(cli.output())?.[1]
  expect(password, 'start printed the admin password').toBeDefined()
  const page = await openPage(browser.context)
  await page.goto(base, { waitUntil: 'networkidle' })
  await page.getByLabel('User').fill('admin')
  await page.getByLabel('Password').fill(password!)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('navigation', { name: 'Main' }).waitFor()
  await page.close()
}

async function open(path: string): Promise<Page> {
  const page = await openPage(browser.context)
  page.on('pageerror', (error) => problems.push(`${path}: uncaught ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${path}: console.error ${message.text()}`)
  })
  await page.goto(`${base}${path}`, { waitUntil: 'networkidle' })
  return page
}

beforeAll(async () => {
  if (!CHROMIUM) return
  dir = mkdtempSync(join(tmpdir(), 'claimcheck-demo-browser-'))
  const webRoot = join(dir, 'web')
  ;[, browser] = await Promise.all([buildDashboard(webRoot), launchChromium()])
  startedAt = Date.now()
  cli = await startCli(['start', '--demo', '--data-dir', join(dir, 'data')], { CLAIMCHECK_WEB_ROOT: webRoot })
  base = `http://127.0.0.1:${cli.dashboardPort}`
  await signInAsReadmeSays()
}, 300_000)

afterAll(async () => {
  if (!CHROMIUM) return
  await browser?.close()
  expect(await cli?.stop()).toBe(0)
  rmSync(dir, { recursive: true, force: true })
}, 60_000)

browserDescribe('claimcheck start --demo in Chromium', () => {
  it('shows live traffic of every cause on the overview within 60 s', async () => {
    const page = await open(`/?${RANGE}`)
    const legend = page.getByRole('list', { name: 'Causes' })
    const shown = async () => new Set(await legend.locator('a[data-cause]').evaluateAll((links) => links.map((link) => link.getAttribute('data-cause'))))
    for (;;) {
      const causes = await shown()
      if (SPECIFIC_CAUSES.every((cause) => causes.has(cause))) break
      expect(Date.now() - startedAt, `causes after 60 s: ${[...causes].join(', ')}`).toBeLessThan(60_000)
      await page.waitForTimeout(3_000)
      await page.reload({ waitUntil: 'networkidle' })
    }
    const seconds = (Date.now() - startedAt) / 1000
    console.log(`every cause on the overview ${seconds.toFixed(1)} s after start`)
    await expect.poll(() => page.getByRole('group', { name: 'Key figures' }).textContent()).toMatch(/Calls\s*[\d,]+/)
    await page.screenshot({ path: screenshotPath('demo-overview', { width: 1280, height: 800 }) })
    await page.close()
  }, 90_000)

  it('goes from the unknown_sub band to its cause view, one call, its claims and its trace', async () => {
    const page = await open(`/?${RANGE}`)
    const band = page.locator('.cause-area-unknown_sub path.recharts-area-area')
    await band.waitFor()
    await clickBand(page, band)
    await page.waitForURL(/\/causes\/unknown_sub/)
    await page.getByRole('heading', { level: 1, name: /Unknown subject/ }).waitFor()
    await page.getByRole('heading', { name: 'Playbook' }).waitFor()

    const calls = page.getByRole('table', { name: 'Unknown subject calls' })
    await calls.getByRole('link').first().click()
    await page.waitForURL(/\/calls\/[0-9a-f]{32}\/[0-9a-f]{16}/)
    await page.getByRole('heading', { name: 'Decoded claims' }).waitFor()
    await expect.poll(() => page.locator('#why').textContent()).toMatch(/User not found|Unknown subject/)
    const claims = (await page.locator('#claims').textContent()) ?? ''
    expect(claims).toContain(DEMO_ISSUER)
    expect(claims).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/)
    const waterfall = page.getByRole('tree', { name: 'Trace waterfall' })
    // The call view re-reads a young call every 3 s until its spans are stored; in 2 of 4 full
    // runs on 2 cores that took over 45 s (left open in the stop's note), so the wait is long.
    await waterfall.waitFor({ timeout: 90_000 })
    // A young call's spans may still be on their way: the call view re-reads it (see CallPage).
    await expect.poll(() => waterfall.getByRole('treeitem').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2)
    await page.screenshot({ path: screenshotPath('demo-call', { width: 1280, height: 800 }), fullPage: true })

    // The link as copied from the address bar opens the same call in a new tab.
    const copied = page.url()
    const heading = await page.getByRole('heading', { level: 1 }).textContent()
    const again = await open(copied.slice(base.length))
    await again.getByRole('heading', { name: 'Decoded claims' }).waitFor()
    expect(await again.getByRole('heading', { level: 1 }).textContent()).toBe(heading)
    const rows = await waterfall.getByRole('treeitem').count()
    await expect.poll(() => again.getByRole('tree', { name: 'Trace waterfall' }).getByRole('treeitem').count(), { timeout: 30_000 }).toBe(rows)
    await again.close()
    await page.close()
  }, 240_000)

  it('reproduces a filtered calls view from its URL', async () => {
    const page = await open(`/calls?${RANGE}&cause=expired`)
    const table = page.getByRole('table', { name: 'Calls' })
    await table.locator('.col-cause').first().waitFor()
    expect(new Set(await table.locator('.col-cause').allTextContents())).toEqual(new Set(['Expired token']))
    const copy = await open(new URL(page.url()).pathname + new URL(page.url()).search)
    await expect.poll(() => copy.getByRole('list', { name: 'Active filters' }).textContent()).toContain('Expired token')
    await copy.close()
    await page.close()
  }, 60_000)

  it('runs ad hoc SQL over the demo traffic', async () => {
    const sql = "SELECT Cause, count() AS calls FROM gateway_calls WHERE Cause != '' GROUP BY Cause ORDER BY calls DESC"
    const page = await open(`/query?sql=${encodeURIComponent(sql)}`)
    const results = page.getByRole('table', { name: 'Query results' })
    await results.waitFor()
    await expect.poll(() => page.locator('.result-meta').textContent()).toMatch(/\d+ rows/)
    expect(await results.textContent()).toContain('unknown_sub')
    await page.close()
  }, 60_000)

  it('lists the demo alert rules with their state, and backtests one in the editor', async () => {
    const page = await open('/alerts')
    const table = page.locator('.alerts-table').first()
    await table.locator('tbody tr').first().waitFor()
    const text = (await table.textContent()) ?? ''
    for (const rule of ['demo-unknown-sub-spike', 'demo-misconfiguration', 'demo-expired-rate']) expect(text).toContain(rule)
    await page.screenshot({ path: screenshotPath('demo-alerts', { width: 1280, height: 800 }) })
    await page.getByRole('link', { name: 'demo-unknown-sub-spike' }).click()
    await page.waitForURL(/\/alerts\/rules\/demo-unknown-sub-spike/)
    await page.getByRole('heading', { name: 'Backtest' }).waitFor()
    // A minute into the demo the backtest has a series to draw, or says the rule would not have fired.
    const backtest = page.locator('.panel', { has: page.getByRole('heading', { name: 'Backtest' }) })
    await backtest.locator('.recharts-surface, .state-empty').first().waitFor()
    await page.screenshot({ path: screenshotPath('demo-alert-rule', { width: 1280, height: 800 }), fullPage: true })
    await page.close()
  }, 60_000)

  it('shows the demo gateways\' expected auth configuration, their JWKS, and a migrated tenant\'s users as deleted', async () => {
    const urls = demoUrls()
    // The cycle's first migration may be over: run it again, so globex's users are deleted now.
    const since = Date.now()
    const scheduled = await fetch(`${urls.control}/scenarios/${MIGRATION}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ durationSeconds: 120 }),
    })
    expect(scheduled.status).toBe(202)

    const page = await open(`/auth-config?${RANGE}`)
    const expectations = page.getByRole('table', { name: 'Expectations' })
    await expectations.locator('tbody tr').first().waitFor()
    const configured = (await expectations.textContent()) ?? ''
    for (const text of ['orders-gateway', 'billing-gateway', '/v1/orders/:orderId', '/v1/payments', 'billing:write', 'RS256, ES256', DEMO_ISSUER, urls.jwks]) {
      expect(configured).toContain(text)
    }
    const jwks = page.getByRole('region', { name: `JWKS ${urls.jwks}` })
    await expect.poll(() => jwks.textContent(), { timeout: 30_000 }).toContain('Reachable')
    expect(await jwks.getByRole('table', { name: 'Key ids' }).locator('tbody tr').count()).toBeGreaterThanOrEqual(2)
    const directory = page.getByRole('region', { name: 'Subject directory' })
    expect(await directory.textContent()).toContain(urls.users)
    await page.screenshot({ path: screenshotPath('demo-auth-config', { width: 1280, height: 800 }), fullPage: true })
    await page.close()

    // A call the migration broke, after it started again: its sub is deleted in the directory now.
    let call: [string, string] | undefined
    await expect.poll(async () => {
      call = (await query(`SELECT TraceId, SpanId FROM gateway_calls WHERE Cause = 'unknown_sub' AND Tenant = '${MIGRATED_TENANT}'
        AND Attributes['demo.scenario'] = '${MIGRATION}' AND Timestamp >= fromUnixTimestamp64Milli(${since}) ORDER BY Timestamp DESC LIMIT 1`))[0] as [string, string] | undefined
      return call
    }, { timeout: 30_000, interval: 1_000 }).toBeDefined()
    const callPage = await open(`/calls/${call![0]}/${call![1]}`)
    const verdict = callPage.getByRole('region', { name: 'Subject directory' })
    await expect.poll(() => verdict.textContent(), { timeout: 15_000 }).toContain('Deleted from the directory at')
    const said = (await verdict.textContent()) ?? ''
    expect(said).toContain(`Tenant in directory${MIGRATED_TENANT}`)
    expect(said).toContain('Sourcehttp')
    await verdict.scrollIntoViewIfNeeded()
    await callPage.screenshot({ path: screenshotPath('demo-subject-deleted', { width: 1280, height: 800 }) })

    // The cause view lists the tenant's failing subjects with the directory's verdict.
    const cause = await open(`/causes/unknown_sub?${RANGE}&tenant=${MIGRATED_TENANT}`)
    const subjects = cause.getByRole('table', { name: 'Failing subjects in the directory' })
    await expect.poll(() => subjects.textContent(), { timeout: 15_000 }).toContain('Deleted')
    await subjects.scrollIntoViewIfNeeded()
    await cause.screenshot({ path: screenshotPath('demo-cause-subjects', { width: 1280, height: 800 }) })
    await cause.close()
    await callPage.close()
  }, 120_000)

  it('logged no console errors and no uncaught exceptions', () => {
    expect(problems).toEqual([])
  })
})

import { expect, it } from 'vitest'
import { browserDescribe, clickBand, settle, openPage, screenshotPath } from './harness.ts'
import { browserSuite } from './suite.ts'

// Real server (query API over embedded ClickHouse with seeded rows), real build, real Chromium.
// Waits are on elements and network idle, never on sleeps; timeouts are generous for 2 cores.

const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
] as const

const suite = browserSuite({ viewport: VIEWPORTS[0] })
const { pageErrors } = suite
const open = (path: string, viewport?: { width: number; height: number }) => suite.open(path, { viewport })

browserDescribe('dashboard in Chromium', () => {
  it('walks overview → unknown_sub band → cause → call → trace waterfall → span attributes', async () => {
    const page = await open('/')
    const band = page.locator('.cause-area-unknown_sub path.recharts-area-area')
    await band.waitFor()
    await expect.poll(() => page.getByRole('group', { name: 'Key figures' }).textContent()).toContain('Unknown-subject failures')

    // The unknown_sub band is the bottom layer and dominates the last two hours: press it there.
    await clickBand(page, band)
    await page.waitForURL(/\/causes\/unknown_sub/)
    await page.getByRole('heading', { level: 1, name: /Unknown subject/ }).waitFor()
    await page.getByRole('heading', { name: 'Playbook' }).waitFor()
    expect(await page.locator('.playbook-steps li').count()).toBeGreaterThanOrEqual(3)

    const calls = page.getByRole('table', { name: 'Unknown subject calls' })
    await calls.getByRole('link').first().click()
    await page.waitForURL(/\/calls\/[0-9a-f]{32}\/[0-9a-f]{16}/)
    await page.getByRole('heading', { name: 'Decoded claims' }).waitFor()
    await expect.poll(() => page.locator('#why').textContent()).toContain('User not found')
    await expect.poll(() => page.locator('#subject').textContent()).toMatch(/Last succeeded|Never succeeded/)

    const waterfall = page.getByRole('tree', { name: 'Trace waterfall' })
    await waterfall.waitFor()
    expect(await waterfall.getByRole('treeitem').count()).toBeGreaterThanOrEqual(4)
    await waterfall.getByRole('treeitem').filter({ hasText: 'SELECT users' }).getByRole('button', { name: /SELECT users/ }).click()
    const detail = page.getByRole('region', { name: 'Span SELECT users' })
    await detail.waitFor()
    await expect.poll(() => detail.textContent()).toContain('SELECT id, status FROM users WHERE sub = $1')
    expect(page.url()).toContain('span=')

    // Collapse the users-svc lookup: its child disappears, the URL keeps it.
    await waterfall.getByRole('button', { name: /^Collapse GET \/internal/ }).click()
    await expect.poll(() => waterfall.getByRole('treeitem').count()).toBe(3)
    await page.reload({ waitUntil: 'networkidle' })
    await page.getByRole('tree', { name: 'Trace waterfall' }).waitFor()
    expect(await page.getByRole('tree', { name: 'Trace waterfall' }).getByRole('treeitem').count()).toBe(3)
    await page.getByRole('region', { name: 'Span SELECT users' }).waitFor()
    await page.close()
  }, 180_000)

  it('fits the default call columns beside the facets at 1280 px, Message included, without sideways scrolling', async () => {
    const page = await open('/calls?from=now-3h', { width: 1280, height: 800 })
    const table = page.getByRole('table', { name: 'Calls' })
    await table.getByRole('row').nth(2).waitFor()
    const overflow = await page.locator('.calls-scroll').evaluate((el) => el.scrollWidth - el.clientWidth)
    expect(overflow).toBeLessThanOrEqual(1)
    const headers = await table.getByRole('columnheader').allTextContents()
    expect(headers.map((h) => h.trim())).toEqual(expect.arrayContaining(['Time', 'Status', 'Cause', 'Route', 'Subject', 'Message']))
    await page.close()
  }, 120_000)

  it('keeps the view in the URL: filters, search and range survive a reload and removing a chip', async () => {
    const page = await open('/calls?from=now-3h&cause=expired&client=mobile-ios')
    const table = page.getByRole('table', { name: 'Calls' })
    await table.getByRole('row').nth(2).waitFor()
    const chips = page.getByRole('list', { name: 'Active filters' })
    await expect.poll(() => chips.textContent()).toContain('Expired token')
    expect(await chips.textContent()).toContain('mobile-ios')
    expect(await page.getByRole('button', { name: /Last 3 hours/ }).count()).toBe(1)
    const causes = await table.locator('.col-cause').allTextContents()
    expect(causes.length).toBeGreaterThan(3)
    expect(new Set(causes)).toEqual(new Set(['Expired token']))

    await page.getByRole('searchbox', { name: 'Search error messages' }).fill('expired')
    await page.keyboard.press('Enter')
    await page.waitForURL(/q=expired/)
    await page.reload({ waitUntil: 'networkidle' })
    await expect.poll(() => page.getByRole('list', { name: 'Active filters' }).textContent()).toContain('Message')
    expect(await page.getByRole('searchbox', { name: 'Search error messages' }).inputValue()).toBe('expired')

    await page.getByRole('button', { name: 'Remove filter Client mobile-ios' }).click()
    await expect.poll(() => new URL(page.url()).searchParams.has('client')).toBe(false)
    expect(new URL(page.url()).searchParams.getAll('cause')).toEqual(['expired'])
    await page.close()
  }, 120_000)

  it('runs SQL on the query page with completion, a result table and a chart', async () => {
    const page = await open('/query')
    const editor = page.locator('.cm-content')
    await editor.waitFor()
    await editor.click()
    await page.keyboard.press('Control+a')
    await page.keyboard.press('Delete')
    await page.keyboard.type('SELECT toStartOfMinute(Timestamp) AS minute, Cause, count() AS n FROM gateway_calls WHERE Cause != \'\' GROUP BY minute, Cau')
    const completion = page.locator('.cm-tooltip-autocomplete')
    await completion.waitFor()
    // The tooltip opened while typing earlier words; it catches up with the last one.
    await expect.poll(() => completion.textContent()).toContain('Cause')
    await page.keyboard.press('Escape')
    await page.keyboard.type('se ORDER BY minute')
    await page.keyboard.press('Control+Enter')
    await page.waitForURL(/sql=/)
    await page.getByRole('table', { name: 'Query results' }).waitFor()
    await page.locator('#result-chart .recharts-line').first().waitFor()
    await expect.poll(() => page.locator('.result-meta').textContent()).toMatch(/\d+ rows/)
    await page.reload({ waitUntil: 'networkidle' })
    await page.getByRole('table', { name: 'Query results' }).waitFor()
    await page.close()
  }, 120_000)

  it('says on the query page where a result was cut, in megabytes', async () => {
    // 17 rows of 1 MB: the 17th would cross the 16 MiB limit.
    const sql = "SELECT number AS n, repeat('x', 1000000) AS wide FROM numbers(17)"
    const page = await open(`/query?sql=${encodeURIComponent(sql)}`)
    await page.getByRole('table', { name: 'Query results' }).waitFor()
    const notice = page.locator('.result-meta [role=status]')
    await expect.poll(() => notice.textContent()).toBe(' · Cut at 16 MiB of results: select fewer or shorter columns, or add a LIMIT')
    expect(await page.locator('.result-meta strong').textContent()).toBe('16 rows')
    await settle(page)
    await page.screenshot({ path: screenshotPath('query-cut', VIEWPORTS[0]) })
    await page.close()
  }, 120_000)

  it('switches to the dark theme and keeps it across reloads', async () => {
    const page = await open('/')
    await page.getByRole('button', { name: 'Switch to dark theme' }).click()
    expect(await page.evaluate('document.documentElement.dataset.theme')).toBe('dark')
    await page.reload({ waitUntil: 'networkidle' })
    expect(await page.evaluate('document.documentElement.dataset.theme')).toBe('dark')
    const background = await page.evaluate('getComputedStyle(document.body).backgroundColor')
    expect(background).toBe('rgb(14, 16, 20)')
    await page.getByRole('button', { name: 'Switch to light theme' }).click()
    await page.close()
  }, 60_000)

  it('lists alert rules with their state and backtests the unknown-sub spike rule over the migration', async () => {
    const page = await open('/alerts')
    const rules = page.locator('.alerts-table').first()
    await rules.locator('tbody tr').nth(2).waitFor()
    const text = (await rules.textContent()) ?? ''
    for (const name of ['unknown-sub-spike', 'unknown-sub-per-tenant', 'expired-rate-per-client']) expect(text).toContain(name)
    // acme-eu has failed unknown_sub for two hours: the tenant threshold rule is firing now.
    await expect.poll(async () => (await rules.locator('tr', { hasText: 'unknown-sub-per-tenant' }).textContent()) ?? '').toMatch(/firing/i)
    await rules.getByRole('link', { name: 'unknown-sub-spike' }).click()
    await page.waitForURL(/\/alerts\/rules\/unknown-sub-spike/)
    await page.locator('.recharts-surface').first().waitFor()
    // The verdict over the seeded series is drawn. Whether the spike fires depends on where the
    // evaluation grid falls against the seeded minutes (the API gives 0 firings over 24 h at some
    // phases), so the test asserts the verdict, not its value.
    await expect.poll(() => page.locator('.alerts-muted').first().textContent()).toMatch(/Would (not )?have fired/)
    await page.close()
  }, 60_000)

  it('takes screenshots of every page at 1280×800 and 1440×900', async () => {
    const { traceId, spanId } = suite.fixture.seeded.unknownSubCall
    const pages: { name: string; path: string; ready: string; theme?: 'dark' }[] = [
      { name: 'overview', path: '/', ready: '.cause-area-unknown_sub' },
      { name: 'cause-unknown_sub', path: '/causes/unknown_sub', ready: '.playbook-steps' },
      { name: 'calls', path: '/calls?cause=unknown_sub&cause=expired', ready: '.calls-scroll .calls-row' },
      { name: 'call', path: `/calls/${traceId}/${spanId}`, ready: '.wf-row' },
      { name: 'query', path: `/query?sql=${encodeURIComponent("SELECT toStartOfFiveMinutes(Timestamp) AS t, Cause, count() AS failures FROM gateway_calls WHERE Cause != '' GROUP BY t, Cause ORDER BY t")}`, ready: '.recharts-line' },
      { name: 'status', path: '/status', ready: '#storage td' },
      { name: 'alerts', path: '/alerts', ready: '.alerts-table tbody tr' },
      { name: 'alert-rule', path: '/alerts/rules/unknown-sub-spike', ready: '.recharts-surface' },
      { name: 'overview-dark', path: '/', ready: '.cause-area-unknown_sub', theme: 'dark' },
      { name: 'call-dark', path: `/calls/${traceId}/${spanId}`, ready: '.wf-row', theme: 'dark' },
    ]
    for (const viewport of VIEWPORTS) {
      for (const shot of pages) {
        const page = await openPage(suite.context, viewport)
        if (shot.theme) await page.addInitScript("localStorage.setItem('claimcheck.theme', 'dark')")
        else await page.addInitScript("localStorage.setItem('claimcheck.theme', 'light')")
        await page.goto(`${suite.fixture.url}${shot.path}`, { waitUntil: 'networkidle' })
        await page.locator(shot.ready).first().waitFor()
        await settle(page)
        await page.screenshot({ path: screenshotPath(shot.name, viewport) })
        await page.close()
      }
    }
  }, 300_000)

  it('raised no uncaught errors in any page', () => {
    expect(pageErrors).toEqual([])
  })
})

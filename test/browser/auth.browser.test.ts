import { expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { browserDescribe, FIXTURE_PASSWORD, FIXTURE_USERS, openPage, screenshotPath, settle } from './harness.ts'
import { browserSuite } from './suite.ts'

// Signing in and out, what each role sees, and the audit log, in Chromium against the real server.
// Every console message is kept: a CSP violation would show up here as one.

const VIEWPORT = { width: 1280, height: 800 }
// Signed out at the start: the first test signs in through the form.
const suite = browserSuite({ signIn: false })
const problems: string[] = []

async function open(path: string): Promise<Page> {
  const page = await openPage(suite.context, VIEWPORT)
  page.on('pageerror', (error) => problems.push(`${path}: uncaught ${error.message}`))
  page.on('console', (message) => {
    // Expected: the sign-in page starts from a 401 on /auth/session, a wrong password is a 401, the
    // viewer's visit to the audit log a 403.
    if (message.type() === 'error' && !/status of 40[13]/.test(message.text())) problems.push(`${path}: ${message.text()}`)
  })
  await page.goto(`${suite.fixture.url}${path}`, { waitUntil: 'networkidle' })
  return page
}

async function signInWithForm(page: Page, user: string, password: string): Promise<void> {
  await page.getByLabel('User').fill(user)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

browserDescribe('signing in, roles and the audit log in Chromium', () => {
  it('shows the sign-in page to a visitor, refuses a wrong password, and signs an admin in', async () => {
    const page = await open('/calls')
    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0)
    await page.screenshot({ path: screenshotPath('login', VIEWPORT) })

    await signInWithForm(page, FIXTURE_USERS.admin, 'not the password')
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Wrong user name or password')

    await signInWithForm(page, FIXTURE_USERS.admin, FIXTURE_PASSWORD)
    const menu = page.getByLabel('Signed in')
    await menu.waitFor()
    expect(await menu.textContent()).toContain(`${FIXTURE_USERS.admin}admin`)
    await page.getByRole('link', { name: 'Audit log' }).waitFor()
    await page.close()
  }, 90_000)

  it('lists changes and sign-ins on the audit page, with who, what and from where', async () => {
    // A change made with the page's own session: its cookie and CSRF token.
    const session = await suite.context.request.get(`${suite.fixture.url}/api/v1/auth/session`)
    const { csrfToken } = (await session.json()) as { csrfToken: string }
    const created = await suite.context.request.post(`${suite.fixture.url}/api/v1/saved-queries`, {
      data: { name: 'Clients that never refresh', sql: 'SELECT ClientId, count() FROM gateway_calls GROUP BY ClientId' },
      headers: { 'x-csrf-token': csrfToken, origin: suite.fixture.url },
    })
    expect(created.status()).toBe(201)
    const page = await open('/audit-log')
    const table = page.getByRole('table', { name: 'Audit log' })
    await table.locator('tbody tr').first().waitFor()
    const text = (await table.textContent()) ?? ''
    for (const expected of ['POST /api/v1/saved-queries', 'sign-in failed', 'sign-in', FIXTURE_USERS.admin, '127.0.0.1']) expect(text).toContain(expected)
    await settle(page)
    await page.screenshot({ path: screenshotPath('audit-log', VIEWPORT), fullPage: true })
    await page.close()
  }, 60_000)

  it('signs out, and shows a viewer no edit controls and no admin pages', async () => {
    const page = await open('/')
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    expect((await suite.context.request.get(`${suite.fixture.url}/api/v1/calls`)).status()).toBe(401)

    await signInWithForm(page, FIXTURE_USERS.viewer, FIXTURE_PASSWORD)
    await page.getByLabel('Signed in').waitFor()
    expect(await page.getByRole('link', { name: 'Audit log' }).count()).toBe(0)
    await page.goto(`${suite.fixture.url}/alerts`, { waitUntil: 'networkidle' })
    await page.getByText('Read-only: your role cannot change rules').waitFor()
    expect(await page.getByRole('link', { name: 'New rule' }).count()).toBe(0)
    await page.goto(`${suite.fixture.url}/audit-log`, { waitUntil: 'networkidle' })
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Your role does not allow this')

    // Any password user changes their own password on the account page.
    await page.getByRole('link', { name: /Your account/ }).click()
    await page.getByLabel('Current password').fill(FIXTURE_PASSWORD)
    await page.getByLabel(/New password/).fill('a brand new viewer password')
    await page.getByRole('button', { name: 'Change password' }).click()
    await page.getByText('Password changed.').waitFor()
    const again = await suite.context.request.post(`${suite.fixture.url}/api/v1/auth/login`, { data: { user: FIXTURE_USERS.viewer, password: 'a brand new viewer password' }, headers: { origin: suite.fixture.url } })
    expect(again.status()).toBe(200)
    await page.close()
  }, 90_000)

  it('logged no console errors (CSP violations included) and no uncaught exceptions', () => {
    expect(problems).toEqual([])
  })
})

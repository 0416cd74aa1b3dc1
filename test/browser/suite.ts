import { afterAll, beforeAll } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { CHROMIUM, launchChromium, openPage, signIn, startDashboardFixture, type DashboardFixture, type DashboardFixtureOptions } from './harness.ts'

/**
 * The set-up every browser test file against the dashboard fixture shares, once: the fixture and
 * Chromium started side by side in `beforeAll`, the browser signed in, both closed in `afterAll`,
 * and pages opened with their uncaught errors collected.
 */

type Viewport = { width: number; height: number }

export interface OpenOptions {
  /** Default: the suite's viewport. */
  viewport?: Viewport
  /** The system colour scheme the page sees. Default light. */
  theme?: 'light' | 'dark'
  /** Also store `theme` as the user's choice (the theme toggle's), which a reload keeps. Default false. */
  pinTheme?: boolean
}

export interface BrowserSuite {
  readonly fixture: DashboardFixture
  readonly context: BrowserContext
  /** Uncaught errors of the pages `open` opened, as `path: message`: a suite ends expecting none. */
  readonly pageErrors: string[]
  /** A new page at `path` of the fixture's server, once the network is idle. */
  open(path: string, options?: OpenOptions): Promise<Page>
}

export interface BrowserSuiteOptions {
  /** The fixture's options, asked for in `beforeAll` (so they may start what the fixture needs first). */
  fixture?: () => DashboardFixtureOptions | Promise<DashboardFixtureOptions>
  /** Sign the browser in as the fixture's admin. Default true. */
  signIn?: boolean
  /** Default 1280×800. */
  viewport?: Viewport
}

/** Registers the file's `beforeAll`/`afterAll`; call it at the top level of a browser test file. */
export function browserSuite(options: BrowserSuiteOptions = {}): BrowserSuite {
  let fixture: DashboardFixture | undefined
  let browser: { context: BrowserContext; close(): Promise<void> } | undefined
  const pageErrors: string[] = []

  beforeAll(async () => {
    if (!CHROMIUM) return
    ;[fixture, browser] = await Promise.all([startDashboardFixture(await options.fixture?.()), launchChromium()])
    if (options.signIn ?? true) await signIn(browser.context, fixture.url)
  }, 400_000)

  afterAll(async () => {
    await browser?.close()
    await fixture?.close()
  }, 60_000)

  const suite: BrowserSuite = {
    get fixture() {
      if (!fixture) throw new Error('the browser suite has not started (no Chromium, or beforeAll failed)')
      return fixture
    },
    get context() {
      if (!browser) throw new Error('the browser suite has not started (no Chromium, or beforeAll failed)')
      return browser.context
    },
    pageErrors,
    async open(path, { viewport = options.viewport ?? { width: 1280, height: 800 }, theme = 'light', pinTheme = false } = {}) {
      const page = await openPage(suite.context, viewport, theme)
      page.on('pageerror', (error) => pageErrors.push(`${path}: ${error.message}`))
      if (pinTheme) await page.addInitScript(`localStorage.setItem('claimcheck.theme', '${theme}')`)
      await page.goto(`${suite.fixture.url}${path}`, { waitUntil: 'networkidle' })
      return page
    },
  }
  return suite
}

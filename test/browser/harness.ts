import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import pino from 'pino'
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core'
import { describe } from 'vitest'
import { stringify } from 'yaml'
import { createAlerting, createDashboardApp, createQueryApi, statusHandlers, UserRepository } from '@claimcheck/server'
import { ConfigSchema, type ConfigInput } from '@claimcheck/shared'
import { openStore, runMigrations, type Store } from '@claimcheck/shared/node'
import { seedDashboardData, type SeededFixture } from './fixture.ts'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
const WEB = join(ROOT, 'dashboard', 'web')
export const SCREENSHOT_DIR = join(ROOT, 'test', 'browser', 'screenshots')

/** Builds the dashboard into `outDir` with the package's own Vite (a fresh build, never a stale dist/). */
export async function buildDashboard(outDir: string): Promise<void> {
  await promisify(execFile)(process.execPath, [join(WEB, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: WEB,
    // What ships: vitest's NODE_ENV=test gave a development React, whose StrictMode mounts every
    // page twice (each query sent, aborted and sent again).
    env: { ...process.env, NODE_ENV: 'production' },
    timeout: 240_000,
  })
}

export interface DashboardFixture {
  url: string
  store: Store
  seeded: SeededFixture
  close(): Promise<void>
}

/** Users of every fixture, one per role, all with the same password. */
export const FIXTURE_PASSWORD = 'fixture password 0123'
export const FIXTURE_USERS = { admin: 'ada-admin', editor: 'eve-editor', viewer: 'vic-viewer' } as const

/** Signs the browser context in (its cookie jar is the pages'), as the login form would. */
export async function signIn(context: BrowserContext, url: string, user: string = FIXTURE_USERS.admin, password = FIXTURE_PASSWORD): Promise<void> {
  const response = await context.request.post(`${url}/api/v1/auth/login`, { data: { user, password }, headers: { origin: url } })
  if (!response.ok()) throw new Error(`sign-in as ${user} failed: ${response.status()} ${await response.text()}`)
}

export interface DashboardFixtureOptions {
  webRoot?: string
  /** Settings besides the store (expectations, subject directory…). */
  config?: ConfigInput
  /** More rows after the standard data set, at the same `nowMs`. */
  seed?: (store: Store, nowMs: number) => Promise<void>
}

/** Alert rules provisioned in the fixture: the acme-eu migration two hours ago is an unknown-sub spike. */
export const FIXTURE_ALERT_RULES = [
  {
    name: 'unknown-sub-spike', target: { cause: 'unknown_sub' }, groupBy: ['route'],
    condition: { type: 'spike', window: '5m', history: 12, zScore: 3, minCount: 10 }, for: '5m', keepFiringFor: '10m', severity: 'critical',
    annotations: { summary: '{{value}} unknown-sub failures on {{labels.route}} in {{window}} (usually {{baseline}})' },
  },
  { name: 'unknown-sub-per-tenant', target: { cause: 'unknown_sub' }, groupBy: ['tenant'], condition: { type: 'threshold', metric: 'count', op: '>', value: 20, window: '15m' }, severity: 'critical' },
  { name: 'expired-rate-per-client', target: { cause: 'expired' }, groupBy: ['client'], condition: { type: 'threshold', metric: 'rate', op: '>', value: 0.25, window: '15m' }, severity: 'warning' },
]

/** The real dashboard server (query API, status, alerts, built SPA) over an embedded ClickHouse with seeded rows. */
export async function startDashboardFixture(options: DashboardFixtureOptions = {}): Promise<DashboardFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'claimcheck-browser-'))
  const webRoot = options.webRoot ?? join(dir, 'web')
  const built = options.webRoot ? Promise.resolve() : buildDashboard(webRoot)
  const rulesFile = join(dir, 'alerts.yaml')
  writeFileSync(rulesFile, stringify({ rules: FIXTURE_ALERT_RULES }))
  const config = ConfigSchema.parse({ ...options.config, store: { dataDir: join(dir, 'data') }, alerts: { rulesFile, ...options.config?.alerts } })
  const store = await openStore(config.store)
  await runMigrations(store.writer, store.schema, config.retention)
  const nowMs = Date.now()
  const seeded = await seedDashboardData(store, nowMs)
  await options.seed?.(store, nowMs)
  const users = new UserRepository(store)
  for (const [role, name] of Object.entries(FIXTURE_USERS)) await users.create({ name, role: role as keyof typeof FIXTURE_USERS, password: FIXTURE_PASSWORD })
  await built
  const logger = pino({ level: process.env.CLAIMCHECK_TEST_LOG ?? 'silent' })
  // Alerting as in `claimcheck start`, evaluated once so the rules list shows real states.
  const alerting = createAlerting({ store, config, logger })
  await alerting.evaluator?.tick()
  const app = createDashboardApp({
    store,
    config,
    logger,
    version: '0.1.0-test',
    webRoot,
    operations: {
      ...createQueryApi({ store, config, logger }),
      ...statusHandlers({ store, version: '0.1.0-test', startedAt: new Date() }),
      ...alerting.handlers,
    },
  })
  const server: Server = createServer(app)
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    seeded,
    async close() {
      await new Promise<void>((res) => {
        server.close(() => res())
        server.closeAllConnections()
      })
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/**
 * The Chromium binary the browser tests drive: `CLAIMCHECK_CHROMIUM`, else a system Chromium or
 * Chrome. CI installs one (`.ci/run`) and must never skip; elsewhere a machine without a browser
 * skips the browser suites with a message saying how to get one.
 */
export const CHROMIUM: string | undefined = process.env.CLAIMCHECK_CHROMIUM
  || ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'].find((path) => existsSync(path))
if (!CHROMIUM && process.env.CI) throw new Error('CI must run the browser tests: install Chromium (apt-get install chromium) or set CLAIMCHECK_CHROMIUM')

/** `describe` for a browser suite: skipped, with a warning, when no Chromium is installed. */
export const browserDescribe: typeof describe = CHROMIUM ? describe : (describe.skip as typeof describe)
if (!CHROMIUM) console.warn('browser tests skipped: no Chromium found (apt-get install chromium, or set CLAIMCHECK_CHROMIUM to a Chromium/Chrome binary)')

/**
 * Debian's Chromium, headless, with the flags a closed network needs (without the networking
 * flags it stalls on background requests that never answer) and a fresh
 * profile directory (Playwright takes it as the persistent context's user data dir).
 */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'claimcheck-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    colorScheme: 'light',
    timeout: 120_000,
  })
  context.setDefaultTimeout(45_000)
  context.setDefaultNavigationTimeout(60_000)
  return {
    context,
    async close() {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

/** A page of `context` at a viewport size and colour scheme. */
export async function openPage(context: BrowserContext, viewport = { width: 1280, height: 800 }, theme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await context.newPage()
  await page.setViewportSize(viewport)
  await page.emulateMedia({ colorScheme: theme })
  return page
}

export function screenshotPath(name: string, viewport: { width: number; height: number }): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  return join(SCREENSHOT_DIR, `${name}-${viewport.width}x${viewport.height}.png`)
}

/**
 * Clicks a chart band (an SVG area path) where it is on top: near its bottom edge, rightmost
 * first. Playwright's element click re-checks that the band receives the click at that spot,
 * so a re-rendering chart is waited for instead of clicked past.
 */
export async function clickBand(page: Page, band: Locator): Promise<void> {
  const box = (await band.boundingBox())!
  const handle = await band.elementHandle()
  const point = await page.evaluate(
    ([element, box]) => {
      // The root tsconfig has no DOM types (Node code); this runs in the page.
      const document = (globalThis as any).document
      for (let x = box.x + box.width - 2; x > box.x; x -= 2) {
        for (let y = box.y + box.height - 2; y > box.y + box.height - 12; y -= 3) {
          if (document.elementFromPoint(x, y) === element) return { x: x - box.x, y: y - box.y }
        }
      }
      return undefined
    },
    [handle, box] as const,
  )
  if (!point) throw new Error('the band is not visible anywhere along its bottom edge')
  await band.click({ position: point })
}

/** Waits until the page's own loading states are gone (`extra`: more selectors of a suite's own). */
export async function settle(page: Page, extra = ''): Promise<void> {
  await page.waitForLoadState('networkidle')
  // Spinners and skeletons; recharts tooltips also carry role="status" and stay, so not that.
  await page.locator(`.state-loading, .skeleton${extra ? `, ${extra}` : ''}`).first().waitFor({ state: 'detached', timeout: 45_000 })
}

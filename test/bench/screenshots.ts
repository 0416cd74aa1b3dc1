// `pnpm bench screenshots <url> <outDir> [widths] [themes] [paths]`: full-page PNGs of the
// dashboard's pages at each width and theme, for looking at (not committed; a few go to docs/images).
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { launchChromium, openPage, signIn } from '../browser/harness.ts'

const [url = 'http://127.0.0.1:8080', outDir = '/tmp/claimcheck-shots', widthsArg = '1440,1280,1024', themesArg = 'light,dark', pathsArg] = process.argv.slice(2)
const widths = widthsArg.split(',').map(Number)
const themes = themesArg.split(',') as ('light' | 'dark')[]
const DEFAULT_PATHS = ['/', '/causes/unknown_sub', '/calls', '/query', '/alerts', '/inspect', '/audits', '/auth-config', '/status']
mkdirSync(outDir, { recursive: true })
const browser = await launchChromium()
// Sign-in is required: CLAIMCHECK_USER and CLAIMCHECK_PASSWORD name a user of that server (never stored).
if (process.env.CLAIMCHECK_USER && process.env.CLAIMCHECK_PASSWORD) await signIn(browser.context, url, process.env.CLAIMCHECK_USER, process.env.CLAIMCHECK_PASSWORD)
try {
  const paths = pathsArg ? pathsArg.split(',') : DEFAULT_PATHS
  // The newest failed call, for the call page.
  const probe = await openPage(browser.context)
  await probe.goto(`${url}/calls?cause=unknown_sub`, { waitUntil: 'networkidle' })
  const href = await probe.locator('a.calls-link').first().getAttribute('href').catch(() => null)
  await probe.close()
  if (!pathsArg && href) paths.push(href.split('?')[0]!)
  for (const theme of themes) {
    for (const width of widths) {
      const page = await openPage(browser.context, { width, height: 900 }, theme)
      await page.addInitScript(`localStorage.setItem('claimcheck.theme', '${theme}')`)
      for (const path of paths) {
        await page.goto(`${url}${path}`, { waitUntil: 'networkidle' })
        await page.locator('.skeleton, .state-loading').first().waitFor({ state: 'detached', timeout: 30_000 }).catch(() => undefined)
        await page.waitForTimeout(300)
        const name = (path === '/' ? 'overview' : path.slice(1).replace(/[/?=&]+/g, '_')).slice(0, 60)
        await page.screenshot({ path: join(outDir, `${name}-${width}-${theme}.png`), fullPage: true })
      }
      await page.close()
    }
  }
} finally {
  await browser.close()
}
console.log(`screenshots in ${outDir}`)

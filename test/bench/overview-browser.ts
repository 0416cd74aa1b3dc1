// `pnpm bench overview-browser <url> [runs]`: the overview's time-to-data in real Chromium against a
// running claimcheck (e.g. `claimcheck start --demo --backfill-days 2`). For each run a fresh page
// loads `/` and the time until every key figure and both charts show data is printed, with the
// slowest API calls of that load (from the browser's resource timing).
import { launchChromium, openPage, signIn } from '../browser/harness.ts'

const url = process.argv[2] ?? 'http://127.0.0.1:8080'
const runs = Number(process.argv[3] ?? 5)
const browser = await launchChromium()
// Sign-in is required: CLAIMCHECK_USER and CLAIMCHECK_PASSWORD name a user of that server (never stored).
if (process.env.CLAIMCHECK_USER && process.env.CLAIMCHECK_PASSWORD) await signIn(browser.context, url, process.env.CLAIMCHECK_USER, process.env.CLAIMCHECK_PASSWORD)
const figures: number[] = []
try {
  for (let run = 0; run < runs; run++) {
    const page = await openPage(browser.context, { width: 1440, height: 900 })
    const started = Date.now()
    await page.goto(`${url}/`)
    // Data is on screen: KPI values, the cause chart's areas and the failure-rate line.
    await page.locator('.kpi-value').first().waitFor()
    await page.locator('#failures-by-cause .recharts-area-area').first().waitFor()
    await page.locator('#failure-rate .recharts-line-curve, #failure-rate .recharts-area-area').first().waitFor()
    await page.locator('.skeleton').first().waitFor({ state: 'detached' })
    const present = Date.now() - started
    // Drawn, not just present: the chart paths stop changing (an entry animation is still "no data yet").
    // A string, not a function: tsx would wrap named functions in a helper the page does not have.
    const settledAt = (await page.evaluate(`(async () => {
      const shapes = () => [...document.querySelectorAll('#failures-by-cause .recharts-area-area, #failure-rate path')].map((p) => p.getAttribute('d')).join('|')
      let last = shapes()
      let lastChange = performance.now()
      while (performance.now() - lastChange < 300) {
        await new Promise((r) => requestAnimationFrame(r))
        const now = shapes()
        if (now !== last) { last = now; lastChange = performance.now() }
      }
      return lastChange
    })()`)) as number
    const navStart = await page.evaluate(() => performance.timeOrigin)
    const elapsed = Math.max(present, Math.round(navStart + settledAt - started))
    figures.push(elapsed)
    interface Entry { name: string; startTime: number; duration: number; transferSize: number }
    const entries = (await page.evaluate(`performance.getEntriesByType('resource').map((e) => ({ name: e.name, startTime: e.startTime, duration: e.duration, transferSize: e.transferSize }))`)) as Entry[]
    const api = entries.filter((e) => e.name.includes('/api/')).map((e) => ({ path: new URL(e.name).pathname, start: Math.round(e.startTime), ms: Math.round(e.duration) }))
    const assets = entries.filter((e) => e.name.includes('/assets/')).reduce((sum, e) => sum + e.transferSize, 0)
    console.log(`run ${run + 1}: ${elapsed} ms to drawn data (${present} ms to first values); assets transferred ${Math.round(assets / 1024)} KB; api: ${api.map((a) => `${a.path}@${a.start}+${a.ms}`).join(' ')}`)
    await page.close()
  }
} finally {
  await browser.close()
}
const sorted = [...figures].sort((a, b) => a - b)
console.log(`time to data: median ${sorted[Math.floor(sorted.length / 2)]} ms, min ${sorted[0]} ms, max ${sorted[sorted.length - 1]} ms over ${runs} runs`)

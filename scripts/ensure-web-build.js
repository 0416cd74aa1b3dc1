// Builds the dashboard before `pnpm start` when the build is missing or older than its sources,
// so the Quick start's one command brings up the real dashboard without a separate build step.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const web = join(root, 'dashboard/web')
const built = join(web, 'dist/index.html')

function newest(dir) {
  let latest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue
    const path = join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }
  return latest
}

if (!existsSync(join(web, 'package.json'))) process.exit(0)
const sources = Math.max(newest(join(web, 'src')), newest(join(root, 'shared/src')), statSync(join(web, 'index.html')).mtimeMs)
if (existsSync(built) && statSync(built).mtimeMs >= sources) process.exit(0)

// stderr, and vite's own output too: stdout carries claimcheck's JSON logs.
console.error('claimcheck: building the dashboard (first start or changed sources)…')
const vite = join(web, 'node_modules/vite/bin/vite.js')
const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: web, stdio: ['ignore', 2, 2] })
if (result.status !== 0) {
  console.error('claimcheck: the dashboard build failed; the API still works. Run `pnpm build` to see why.')
  process.exit(result.status ?? 1)
}

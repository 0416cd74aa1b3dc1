// `node test/bench/run.js <name>` runs test/bench/<name>.ts with tsx (a dependency of the test package).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const name = process.argv[2]
if (!name || !existsSync(join(here, `${name}.ts`))) {
  console.error(`usage: node test/bench/run.js <name>  (a file test/bench/<name>.ts)`)
  process.exit(2)
}
// Run from test/ so that `--import tsx` resolves from the test package's dependencies.
const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, `${name}.ts`), ...process.argv.slice(3)], {
  cwd: dirname(here),
  stdio: 'inherit',
})
process.exit(result.status ?? 1)

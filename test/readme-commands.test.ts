import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

// The README's command table is how a newcomer learns what claimcheck can do: it must name every
// command the CLI has, and no command it does not.

const cli = new URL('../cli/bin/claimcheck.js', import.meta.url).pathname
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

describe('the README command table', () => {
  it('lists exactly the commands of `claimcheck --help`', () => {
    const help = execFileSync(process.execPath, [cli, '--help'], { encoding: 'utf8' })
    const commands = [...help.split('Commands:')[1]!.matchAll(/^ {2}([a-z][\w-]*)/gm)].map((m) => m[1]!).filter((name) => name !== 'help')
    const table = readme.slice(readme.indexOf('| command | what it does |'))
    const rows = table.slice(0, table.indexOf('\n\n')).split('\n').slice(2)
    const documented = [...new Set(rows.flatMap((row) => [...row.split('|')[1]!.matchAll(/`([a-z][\w-]*)/g)].map((m) => m[1]!)))]
    expect(commands.length).toBeGreaterThan(5)
    expect(documented.sort()).toEqual(commands.sort())
  })
})

import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { API_OPERATIONS, servedPath } from '@claimcheck/shared'

// docs/api.md lists every operation of the contract with its id and role, and nothing else.

const DOC = readFileSync(new URL('../../../../docs/api.md', import.meta.url), 'utf8')

/** The rows of the `## Operations` table: `GET /api/v1/summary getSummary viewer`. */
function listedOperations(markdown: string): string[] {
  const start = /^## Operations$/m.exec(markdown)?.index
  if (start === undefined) return []
  const end = markdown.indexOf('\n## ', start + 1)
  const section = markdown.slice(start, end < 0 ? undefined : end)
  return [...section.matchAll(/^\| `(GET|POST|PUT|PATCH|DELETE) (\S+)` \| `(\w+)` \| (\w+) \|/gm)].map((m) => `${m[1]} ${m[2]} ${m[3]} ${m[4]}`)
}

describe('listedOperations', () => {
  it('reads the operations table only, and nothing from a document without one', () => {
    expect(listedOperations('# API\n\n| `GET /x` | `getX` | viewer | x |\n')).toEqual([])
    expect(listedOperations('## Operations\n\n| `GET /x` | `getX` | viewer | x |\n\n## Next\n| `GET /y` | `getY` | admin | y |\n')).toEqual(['GET /x getX viewer'])
    expect(listedOperations('')).toEqual([])
  })
})

describe('docs/api.md', () => {
  it('lists every operation of the contract with its id and least role, and no other', () => {
    const contract = API_OPERATIONS.map((o) => `${o.method.toUpperCase()} ${servedPath(o)} ${o.id} ${o.access}`)
    const listed = listedOperations(DOC)
    expect(contract.filter((o) => !listed.includes(o)), 'in the contract, not in docs/api.md').toEqual([])
    expect(listed.filter((o) => !contract.includes(o)), 'in docs/api.md, not in the contract').toEqual([])
    expect(new Set(listed).size).toBe(listed.length)
  })
})

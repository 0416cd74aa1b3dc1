import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const SRC = dirname(fileURLToPath(import.meta.url))

/** Relative imports of a module, static, type-only and dynamic (`import('./x.ts')` is an edge too). */
function relativeImports(text: string): string[] {
  const specs: string[] = []
  for (const match of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g)) specs.push(match[1]!)
  return specs
}

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return modules(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : []
  })
}

/** Every cycle's modules, as paths relative to `root` (empty: none). */
function findCycles(root: string): string[][] {
  const graph = new Map(modules(root).map((file) => [file, relativeImports(readFileSync(file, 'utf8')).map((spec) => resolve(dirname(file), spec))]))
  const cycles: string[][] = []
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const visit = (file: string): void => {
    state.set(file, 'open')
    stack.push(file)
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue
      if (state.get(next) === 'open') cycles.push(stack.slice(stack.indexOf(next)).map((f) => f.slice(root.length + 1)))
      else if (!state.has(next)) visit(next)
    }
    stack.pop()
    state.set(file, 'done')
  }
  for (const file of graph.keys()) if (!state.has(file)) visit(file)
  return cycles
}

describe('cli import graph', () => {
  it('reads static, type-only and dynamic relative imports', () => {
    expect(relativeImports("import a from './a.ts'\nimport type { B } from '../b.ts'\nconst c = await import('./c.ts')\nimport './d.ts'\nimport x from 'node:fs'"))
      .toEqual(['./a.ts', '../b.ts', './c.ts', './d.ts'])
  })

  it('has no cycle (a dynamic import hides one from the bundler, not from a reader)', () => {
    expect(findCycles(SRC)).toEqual([])
  })
})

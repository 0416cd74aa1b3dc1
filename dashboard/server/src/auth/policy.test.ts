import { describe, expect, it } from 'vitest'
import { findPolicy, ROUTE_POLICIES, type RoutePolicy } from './policy.ts'

// findPolicy (and Express, which mounts in the same table order) takes the first match: two
// operations that can match one concrete path would give that path the earlier one's role.

/** Whether some concrete path matches both patterns: same depth, and no position where both are different literals. */
function ambiguous(a: Pick<RoutePolicy, 'method' | 'path'>, b: Pick<RoutePolicy, 'method' | 'path'>): boolean {
  if (a.method !== b.method) return false
  const left = a.path.toLowerCase().split('/').filter(Boolean)
  const right = b.path.toLowerCase().split('/').filter(Boolean)
  return left.length === right.length && left.every((part, i) => part.startsWith(':') || right[i]!.startsWith(':') || part === right[i])
}

/** A concrete path for a pattern: each `:param` an unlikely value. */
const concrete = (path: string) => path.replace(/:(\w+)/g, 'sample-$1')

describe('ambiguous', () => {
  it('sees a literal segment shadowed by a parameter, and only for the same method and depth', () => {
    expect(ambiguous({ method: 'GET', path: '/api/v1/rules/:id' }, { method: 'GET', path: '/api/v1/rules/export' })).toBe(true)
    expect(ambiguous({ method: 'GET', path: '/api/v1/a/:x' }, { method: 'GET', path: '/api/v1/:y/b' })).toBe(true)
    expect(ambiguous({ method: 'GET', path: '/api/v1/Calls' }, { method: 'GET', path: '/api/v1/calls' })).toBe(true)
    expect(ambiguous({ method: 'POST', path: '/api/v1/rules/:id' }, { method: 'GET', path: '/api/v1/rules/export' })).toBe(false)
    expect(ambiguous({ method: 'GET', path: '/api/v1/rules/:id' }, { method: 'GET', path: '/api/v1/rules/:id/history' })).toBe(false)
    expect(ambiguous({ method: 'GET', path: '/api/v1/calls/histogram' }, { method: 'GET', path: '/api/v1/calls/facets' })).toBe(false)
  })
})

describe('ROUTE_POLICIES', () => {
  it('has no two operations that one concrete path and method could both match', () => {
    const pairs = ROUTE_POLICIES.flatMap((a, i) => ROUTE_POLICIES.slice(i + 1).filter((b) => ambiguous(a, b)).map((b) => `${a.method} ${a.path} ~ ${b.path}`))
    expect(pairs).toEqual([])
    expect(ROUTE_POLICIES.length).toBeGreaterThan(60)
  })

  it('finds each operation\'s own policy for a concrete path of it, in any case and with a trailing slash', () => {
    for (const policy of ROUTE_POLICIES) {
      const path = concrete(policy.path)
      expect(findPolicy(policy.method, path), path).toBe(policy)
      expect(findPolicy(policy.method, `${path.toUpperCase()}/`), path).toBe(policy)
    }
  })
})

describe('findPolicy', () => {
  it('answers HEAD as GET and nothing for unknown paths, empty segments or other methods', () => {
    expect(findPolicy('HEAD', '/api/health')?.path).toBe('/api/health')
    expect(findPolicy('GET', '/api/v1/nope')).toBeUndefined()
    expect(findPolicy('GET', '/api/v1//calls')).toBeUndefined()
    expect(findPolicy('DELETE', '/api/v1/calls')).toBeUndefined()
    expect(findPolicy('GET', '')).toBeUndefined()
  })
})

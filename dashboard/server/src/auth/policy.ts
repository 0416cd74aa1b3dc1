import { API_OPERATIONS, expressPath, type Access, type ApiOperation } from '@claimcheck/shared'

/**
 * Who may call each API route: the one place roles are enforced, derived from the operations
 * table in shared (`API_OPERATIONS`: `access` and `change`). `public` routes need no sign-in;
 * otherwise the principal's role must be at least the one named. `change` marks routes that alter
 * state, which the audit log records. A request matching no entry is refused (fail closed), and the
 * auth matrix test fails for any mounted route missing here.
 */
export type { Access }
export interface RoutePolicy {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Full path with `:param` segments, as mounted. */
  path: string
  access: Access
  change?: true
}

export const ROUTE_POLICIES: readonly RoutePolicy[] = (API_OPERATIONS as readonly ApiOperation[]).map((operation) => ({
  method: operation.method.toUpperCase() as RoutePolicy['method'],
  path: expressPath(operation),
  access: operation.access,
  ...(operation.change ? { change: true as const } : {}),
}))

interface Compiled { policy: RoutePolicy; segments: string[] }
const compiled: Compiled[] = ROUTE_POLICIES.map((policy) => ({ policy, segments: split(policy.path) }))

function split(path: string): string[] {
  return path.toLowerCase().split('/').filter(Boolean)
}

/**
 * The policy of a request, matched like Express matches routes (case-insensitive, a trailing slash
 * allowed, a `:param` is one non-empty segment). HEAD is a GET. None: the request is refused.
 */
export function findPolicy(method: string, path: string): RoutePolicy | undefined {
  const wanted = method === 'HEAD' ? 'GET' : method
  const segments = split(path)
  // An empty segment (`//`) is matched by no route here, so it gets no policy either.
  if (/\/\/./.test(path)) return undefined
  return compiled.find(({ policy, segments: pattern }) => policy.method === wanted && pattern.length === segments.length
    && pattern.every((part, i) => part.startsWith(':') || part === segments[i]))?.policy
}

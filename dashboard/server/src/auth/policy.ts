import type { Role } from '@claimcheck/shared'

/**
 * Who may call each API route: the one place roles are enforced. `public` routes need no sign-in;
 * otherwise the principal's role must be at least the one named. `change` marks routes that alter
 * state, which the audit log records. A request matching no entry is refused (fail closed), and the
 * auth matrix test fails for any mounted route missing here.
 */
export type Access = 'public' | Role
export interface RoutePolicy {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Full path with `:param` segments, as mounted. */
  path: string
  access: Access
  change?: true
}

const v1 = '/api/v1'
const entries: [RoutePolicy['method'], string, Access, ('change' | undefined)?][] = [
  ['GET', '/api/health', 'public'],
  // Sign-in and out; the session route tells the dashboard who is signed in (401 when nobody).
  ['POST', `${v1}/auth/login`, 'public'],
  ['POST', `${v1}/auth/logout`, 'public'],
  ['GET', `${v1}/auth/session`, 'viewer'],
  ['PUT', `${v1}/auth/password`, 'viewer', 'change'],
  // Reading: every page of the dashboard, ad hoc SQL, the inspector and directory look-ups.
  ['GET', `${v1}/summary`, 'viewer'],
  ['GET', `${v1}/timeseries`, 'viewer'],
  ['GET', `${v1}/top`, 'viewer'],
  ['GET', `${v1}/calls`, 'viewer'],
  ['GET', `${v1}/calls/histogram`, 'viewer'],
  ['GET', `${v1}/calls/facets`, 'viewer'],
  ['GET', `${v1}/calls/:traceId/:spanId`, 'viewer'],
  ['GET', `${v1}/traces/:traceId`, 'viewer'],
  ['GET', `${v1}/subjects/:subject`, 'viewer'],
  ['GET', `${v1}/unclassified`, 'viewer'],
  ['GET', `${v1}/user-rules`, 'viewer'],
  ['GET', `${v1}/user-rules/export`, 'viewer'],
  ['GET', `${v1}/user-rules/:id/history`, 'viewer'],
  ['GET', `${v1}/reclassify-jobs`, 'viewer'],
  ['GET', `${v1}/reclassify-jobs/:id`, 'viewer'],
  ['POST', `${v1}/query`, 'viewer'],
  ['GET', `${v1}/saved-queries`, 'viewer'],
  ['GET', `${v1}/saved-queries/:id`, 'viewer'],
  ['POST', `${v1}/inspect`, 'viewer'],
  ['GET', `${v1}/directory`, 'viewer'],
  ['GET', `${v1}/directory/subjects/:subject`, 'viewer'],
  ['POST', `${v1}/directory/lookup`, 'viewer'],
  ['GET', `${v1}/auth-config`, 'viewer'],
  ['GET', `${v1}/auth-config/drift`, 'viewer'],
  ['GET', `${v1}/auth-config/jwks`, 'viewer'],
  // "Check now" fetches the configured JWKS URLs only: a read with a side effect on caches.
  ['POST', `${v1}/auth-config/jwks/refresh`, 'viewer'],
  ['GET', `${v1}/audits/:kind`, 'viewer'],
  ['GET', `${v1}/playbooks/causes/:cause`, 'viewer'],
  ['GET', `${v1}/playbooks/calls/:traceId/:spanId`, 'viewer'],
  ['GET', `${v1}/openapi.json`, 'viewer'],
  ['GET', `${v1}/status`, 'viewer'],
  // Prometheus scrape of the dashboard process: a viewer API token as the scraper's bearer token.
  ['GET', '/metrics', 'viewer'],
  ['GET', `${v1}/alerts/rules`, 'viewer'],
  ['GET', `${v1}/alerts/rules/:name`, 'viewer'],
  ['POST', `${v1}/alerts/backtest`, 'viewer'],
  ['GET', `${v1}/alerts/history`, 'viewer'],
  ['GET', `${v1}/alerts/notifications`, 'viewer'],
  ['GET', `${v1}/alerts/notifiers`, 'viewer'],
  ['GET', `${v1}/alerts/silences`, 'viewer'],
  // Editing: saved queries, alert rules, silences, classification rules made from templates.
  ['POST', `${v1}/user-rules`, 'editor', 'change'],
  ['PATCH', `${v1}/user-rules/:id`, 'editor', 'change'],
  ['POST', `${v1}/user-rules/:id/restore`, 'editor', 'change'],
  ['DELETE', `${v1}/user-rules/:id`, 'editor', 'change'],
  ['POST', `${v1}/reclassify-jobs`, 'editor', 'change'],
  ['POST', `${v1}/reclassify-jobs/:id/cancel`, 'editor', 'change'],
  ['POST', `${v1}/saved-queries`, 'editor', 'change'],
  ['PATCH', `${v1}/saved-queries/:id`, 'editor', 'change'],
  ['PUT', `${v1}/saved-queries/:id`, 'editor', 'change'],
  ['DELETE', `${v1}/saved-queries/:id`, 'editor', 'change'],
  ['POST', `${v1}/alerts/rules`, 'editor', 'change'],
  ['PUT', `${v1}/alerts/rules/:name`, 'editor', 'change'],
  ['DELETE', `${v1}/alerts/rules/:name`, 'editor', 'change'],
  ['POST', `${v1}/alerts/silences`, 'editor', 'change'],
  ['DELETE', `${v1}/alerts/silences/:id`, 'editor', 'change'],
  // Administration: users, API tokens and the audit log.
  ['GET', `${v1}/users`, 'admin'],
  ['POST', `${v1}/users`, 'admin', 'change'],
  ['PATCH', `${v1}/users/:name`, 'admin', 'change'],
  ['DELETE', `${v1}/users/:name`, 'admin', 'change'],
  ['GET', `${v1}/audit-log`, 'admin'],
  ['GET', `${v1}/tokens`, 'admin'],
  ['POST', `${v1}/tokens`, 'admin', 'change'],
  ['DELETE', `${v1}/tokens/:id`, 'admin', 'change'],
]

export const ROUTE_POLICIES: readonly RoutePolicy[] = entries.map(([method, path, access, change]) => ({ method, path, access, ...(change ? { change: true as const } : {}) }))

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

import type { ResolvedRange } from '../lib/time.ts'
import { FILTER_KEYS, type Filters } from '../lib/view-state.ts'
import type { QueryValue } from './client.ts'

/**
 * The API's query parameters for a view: the resolved range as epoch milliseconds (so every
 * panel of a page asks for exactly the same interval) and every filter. Query keys are built
 * from this whole object.
 */
export function toApiParams(filters: Filters, range: ResolvedRange): Record<string, QueryValue> {
  const params: Record<string, QueryValue> = { from: String(Math.floor(range.fromMs)), to: String(Math.ceil(range.toMs)) }
  for (const key of FILTER_KEYS) if (filters[key].length > 0) params[key] = filters[key]
  if (filters.q) params.q = filters.q
  return params
}

/** API paths, in one place. */
export const PATHS = {
  summary: '/summary',
  timeseries: '/timeseries',
  top: '/top',
  calls: '/calls',
  call: (traceId: string, spanId: string) => `/calls/${encodeURIComponent(traceId)}/${encodeURIComponent(spanId)}`,
  trace: (traceId: string) => `/traces/${encodeURIComponent(traceId)}`,
  subject: (subject: string) => `/subjects/${encodeURIComponent(subject)}`,
  unclassified: '/unclassified',
  sql: '/query',
  savedQueries: '/saved-queries',
  savedQuery: (id: string) => `/saved-queries/${encodeURIComponent(id)}`,
  status: '/status',
  inspect: '/inspect',
  directory: '/directory',
  directorySubject: (subject: string) => `/directory/subjects/${encodeURIComponent(subject)}`,
  directoryLookup: '/directory/lookup',
  authConfig: '/auth-config',
  authDrift: '/auth-config/drift',
  jwksHealth: '/auth-config/jwks',
  jwksRefresh: '/auth-config/jwks/refresh',
  audit: (kind: string) => `/audits/${encodeURIComponent(kind)}`,
  causePlaybook: (cause: string) => `/playbooks/causes/${encodeURIComponent(cause)}`,
  callPlaybook: (traceId: string, spanId: string) => `/playbooks/calls/${encodeURIComponent(traceId)}/${encodeURIComponent(spanId)}`,
} as const

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  AuditResponseSchema, AuthConfigResponseSchema, AuthDriftResponseSchema, DirectoryInfoSchema, InspectResponseSchema, JwksHealthResponseSchema, PlaybookResponseSchema,
  SubjectBatchResponseSchema, SubjectVerdictSchema, type AuditKind, type Cause, type InspectRequest, type InspectResponse,
} from '@claimcheck/shared'
import type { ResolvedRange } from '../lib/time.ts'
import type { Filters } from '../lib/view-state.ts'
import { apiFetch, buildUrl, getJson, postJson } from './client.ts'
import { PATHS, toApiParams } from './params.ts'

/** The troubleshooting assistant's API: expectations, drift, JWKS health, audits, playbooks, directory, inspector. */

export function useAuthConfig() {
  return useQuery({ queryKey: ['auth-config'], queryFn: ({ signal }) => getJson(PATHS.authConfig, {}, AuthConfigResponseSchema, signal), staleTime: 60_000 })
}

export function useAuthDrift(filters: Filters, range: ResolvedRange) {
  const params = toApiParams(filters, range)
  return useQuery({ queryKey: ['auth-drift', params], queryFn: ({ signal }) => getJson(PATHS.authDrift, params, AuthDriftResponseSchema, signal), placeholderData: keepPreviousData })
}

export function useJwksHealth(filters: Filters, range: ResolvedRange) {
  const params = toApiParams(filters, range)
  return useQuery({ queryKey: ['jwks-health', params], queryFn: ({ signal }) => getJson(PATHS.jwksHealth, params, JwksHealthResponseSchema, signal), placeholderData: keepPreviousData })
}

/** "Check now": every JWKS fetched by the server, the health answered includes the new fetch. */
export function useJwksRefresh(filters: Filters, range: ResolvedRange) {
  const client = useQueryClient()
  const params = toApiParams(filters, { fromMs: range.fromMs, toMs: Math.max(range.toMs, Date.now() + 60_000) })
  return useMutation({
    mutationFn: async () => {
      const response = await apiFetch(buildUrl(PATHS.jwksRefresh, params), { method: 'POST' })
      return JwksHealthResponseSchema.parse(await response.json())
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: ['jwks-health'] }),
  })
}

export function useAudit(kind: AuditKind, filters: Filters, range: ResolvedRange) {
  const params = { ...toApiParams(filters, range), limit: 200 }
  return useQuery({ queryKey: ['audit', kind, params], queryFn: ({ signal }) => getJson(PATHS.audit(kind), params, AuditResponseSchema, signal), placeholderData: keepPreviousData })
}

/** The audit as the server's CSV (the same rows, every column), through the API token. */
export async function fetchAuditCsv(kind: AuditKind, filters: Filters, range: ResolvedRange): Promise<string> {
  const response = await apiFetch(buildUrl(PATHS.audit(kind), { ...toApiParams(filters, range), limit: 1000, format: 'csv' }), { headers: { accept: 'text/csv' } })
  return response.text()
}

export function useCausePlaybook(cause: Cause, filters: Filters, range: ResolvedRange) {
  const params = toApiParams(filters, range)
  return useQuery({ queryKey: ['playbook', cause, params], queryFn: ({ signal }) => getJson(PATHS.causePlaybook(cause), params, PlaybookResponseSchema, signal), placeholderData: keepPreviousData })
}

export function useCallPlaybook(traceId: string, spanId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['playbook-call', traceId, spanId],
    queryFn: ({ signal }) => getJson(PATHS.callPlaybook(traceId, spanId), {}, PlaybookResponseSchema, signal),
    enabled,
    staleTime: 60_000,
  })
}

/** Whether a subject directory is configured: lookups are only asked for when one is. */
export function useDirectoryInfo() {
  return useQuery({ queryKey: ['directory'], queryFn: ({ signal }) => getJson(PATHS.directory, {}, DirectoryInfoSchema, signal), staleTime: 5 * 60_000 })
}

export function useSubjectVerdict(subject: string, tenant: string, enabled: boolean) {
  return useQuery({
    queryKey: ['subject-verdict', subject, tenant],
    queryFn: ({ signal }) => getJson(PATHS.directorySubject(subject), { tenant }, SubjectVerdictSchema, signal),
    enabled: enabled && subject !== '',
  })
}

export function useSubjectVerdicts(subjects: readonly string[], enabled: boolean) {
  return useQuery({
    queryKey: ['subject-verdicts', subjects],
    queryFn: ({ signal }) => postJson(PATHS.directoryLookup, { subjects }, SubjectBatchResponseSchema, signal),
    enabled: enabled && subjects.length > 0,
  })
}

/**
 * Sends the token to the server once, for this check only. Deliberately not a TanStack query or
 * mutation: their caches would keep the token as a key or variable.
 */
export function inspectToken(request: InspectRequest, signal?: AbortSignal): Promise<InspectResponse> {
  return postJson(PATHS.inspect, request, InspectResponseSchema, signal)
}

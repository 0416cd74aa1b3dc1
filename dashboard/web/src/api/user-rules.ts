import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  ReclassifyJobListSchema, ReclassifyJobSchema, UnclassifiedResponseSchema, UserRuleHistorySchema, UserRuleListSchema, UserRuleVersionSchema,
  type ReclassifyJobCreate, type UserRuleCreate, type UserRuleUpdate,
} from '@claimcheck/shared'
import type { ResolvedRange } from '../lib/time.ts'
import type { Filters } from '../lib/view-state.ts'
import { apiFetch, buildUrl, getJson, postJson, sendJson } from './client.ts'
import { PATHS, toApiParams } from './params.ts'

/** Hooks for templates of unclassified messages, stored user rules and reclassify jobs. */

export const RULE_PATHS = {
  rules: '/user-rules',
  rule: (id: string) => `/user-rules/${encodeURIComponent(id)}`,
  history: (id: string) => `/user-rules/${encodeURIComponent(id)}/history`,
  restore: (id: string) => `/user-rules/${encodeURIComponent(id)}/restore`,
  export: '/user-rules/export',
  jobs: '/reclassify-jobs',
  job: (id: string) => `/reclassify-jobs/${encodeURIComponent(id)}`,
  cancel: (id: string) => `/reclassify-jobs/${encodeURIComponent(id)}/cancel`,
} as const

export function useTemplates(filters: Filters, range: ResolvedRange) {
  const params = { ...toApiParams(filters, range), limit: 100, part: 'templates' }
  return useQuery({
    queryKey: ['unclassified', params],
    queryFn: ({ signal }) => getJson(PATHS.unclassified, params, UnclassifiedResponseSchema, signal),
    placeholderData: keepPreviousData,
  })
}

export function useUserRules() {
  return useQuery({ queryKey: ['user-rules'], queryFn: ({ signal }) => getJson(RULE_PATHS.rules, {}, UserRuleListSchema, signal) })
}

export function useRuleHistory(id: string | undefined) {
  return useQuery({
    queryKey: ['user-rules', 'history', id],
    queryFn: ({ signal }) => getJson(RULE_PATHS.history(id!), {}, UserRuleHistorySchema, signal),
    enabled: id !== undefined,
  })
}

/** Every rule change refreshes the rules, their histories and the templates (which name their rule). */
function useRuleMutation<T>(mutationFn: (input: T) => Promise<unknown>) {
  const client = useQueryClient()
  return useMutation({
    mutationFn,
    onSuccess: async () => {
      await Promise.all([client.invalidateQueries({ queryKey: ['user-rules'] }), client.invalidateQueries({ queryKey: ['unclassified'] })])
    },
  })
}

export const useCreateRule = () => useRuleMutation((input: UserRuleCreate) => postJson(RULE_PATHS.rules, input, UserRuleVersionSchema))
export const useUpdateRule = () =>
  useRuleMutation(({ id, update }: { id: string; update: UserRuleUpdate }) => sendJson('PATCH', RULE_PATHS.rule(id), update, UserRuleVersionSchema))
export const useRestoreRule = () =>
  useRuleMutation(({ id, version, baseVersion }: { id: string; version: number; baseVersion: number }) =>
    postJson(RULE_PATHS.restore(id), { version, baseVersion, comment: '' }, UserRuleVersionSchema))
export const useDeleteRule = () =>
  useRuleMutation(({ id, baseVersion }: { id: string; baseVersion: number }) =>
    apiFetch(buildUrl(RULE_PATHS.rule(id)), { method: 'DELETE', body: JSON.stringify({ baseVersion, comment: '' }), headers: { 'content-type': 'application/json' } }))

/** Saves the rules file (through the API client, so the API token goes along). */
export async function downloadRulesFile(): Promise<void> {
  const response = await apiFetch(buildUrl(RULE_PATHS.export), { headers: { accept: 'application/yaml' } })
  const url = URL.createObjectURL(new Blob([await response.text()], { type: 'application/yaml' }))
  const link = document.createElement('a')
  link.href = url
  link.download = 'claimcheck-user-rules.yaml'
  link.click()
  URL.revokeObjectURL(url)
}

/** Recent jobs; asked again every second while one runs. */
export function useReclassifyJobs() {
  return useQuery({
    queryKey: ['reclassify-jobs'],
    queryFn: ({ signal }) => getJson(RULE_PATHS.jobs, {}, ReclassifyJobListSchema, signal),
    refetchInterval: (query) => (query.state.data?.jobs.some((job) => job.state === 'running') ? 1_000 : false),
  })
}

export function useStartReclassify() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: ReclassifyJobCreate) => postJson(RULE_PATHS.jobs, input, ReclassifyJobSchema),
    onSuccess: () => client.invalidateQueries({ queryKey: ['reclassify-jobs'] }),
  })
}

export function useCancelReclassify() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => postJson(RULE_PATHS.cancel(id), {}, ReclassifyJobSchema),
    onSuccess: () => client.invalidateQueries({ queryKey: ['reclassify-jobs'] }),
  })
}

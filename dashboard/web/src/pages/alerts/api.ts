import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  AlertHistoryListSchema, AlertRuleListSchema, AlertRuleViewSchema, BacktestResponseSchema, DeliveryListSchema,
  NotifierListSchema, SilenceListSchema, SilenceSchema, type AlertRuleInput, type BacktestRequest, type SilenceCreate,
} from '@claimcheck/shared'
import { deleteResource, getJson, postJson, sendJson } from '../../api/client.ts'

/** Hooks for `/api/v1/alerts/*`: responses parsed with the schemas the server validated them with. */

export const ALERT_PATHS = {
  rules: '/alerts/rules',
  rule: (name: string) => `/alerts/rules/${encodeURIComponent(name)}`,
  backtest: '/alerts/backtest',
  history: '/alerts/history',
  notifications: '/alerts/notifications',
  notifiers: '/alerts/notifiers',
  silences: '/alerts/silences',
  silence: (id: string) => `/alerts/silences/${encodeURIComponent(id)}`,
} as const

const REFRESH_MS = 15_000

export function useAlertRules() {
  return useQuery({
    queryKey: ['alerts', 'rules'],
    queryFn: ({ signal }) => getJson(ALERT_PATHS.rules, {}, AlertRuleListSchema, signal),
    refetchInterval: REFRESH_MS,
  })
}

export function useAlertRule(name: string | undefined) {
  return useQuery({
    queryKey: ['alerts', 'rule', name],
    queryFn: ({ signal }) => getJson(ALERT_PATHS.rule(name!), {}, AlertRuleViewSchema, signal),
    enabled: name !== undefined,
  })
}

export function useNotifiers() {
  return useQuery({
    queryKey: ['alerts', 'notifiers'],
    queryFn: ({ signal }) => getJson(ALERT_PATHS.notifiers, {}, NotifierListSchema, signal),
  })
}

export function useSaveRule(existing: string | undefined) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (rule: AlertRuleInput) =>
      existing ? sendJson('PUT', ALERT_PATHS.rule(existing), rule, AlertRuleViewSchema) : postJson(ALERT_PATHS.rules, rule, AlertRuleViewSchema),
    onSuccess: () => client.invalidateQueries({ queryKey: ['alerts'] }),
  })
}

export function useDeleteRule() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (name: string) => deleteResource(ALERT_PATHS.rule(name)),
    onSuccess: () => client.invalidateQueries({ queryKey: ['alerts'] }),
  })
}

/** Backtest of the rule as edited; `request` undefined (invalid rule) disables it. */
export function useBacktest(request: BacktestRequest | undefined) {
  return useQuery({
    queryKey: ['alerts', 'backtest', request],
    queryFn: ({ signal }) => postJson(ALERT_PATHS.backtest, request, BacktestResponseSchema, signal),
    enabled: request !== undefined,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  })
}

export function useAlertHistory(rule: string) {
  return useQuery({
    queryKey: ['alerts', 'history', rule],
    queryFn: ({ signal }) => getJson(ALERT_PATHS.history, { rule, limit: 200 }, AlertHistoryListSchema, signal),
    refetchInterval: REFRESH_MS,
  })
}

export function useDeliveries(outcome: string) {
  return useQuery({
    queryKey: ['alerts', 'notifications', outcome],
    queryFn: ({ signal }) => getJson(ALERT_PATHS.notifications, { outcome, limit: 200 }, DeliveryListSchema, signal),
    refetchInterval: REFRESH_MS,
  })
}

export function useSilences() {
  return useQuery({
    queryKey: ['alerts', 'silences'],
    queryFn: ({ signal }) => getJson(ALERT_PATHS.silences, {}, SilenceListSchema, signal),
    refetchInterval: REFRESH_MS,
  })
}

export function useCreateSilence() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: SilenceCreate) => postJson(ALERT_PATHS.silences, body, SilenceSchema),
    onSuccess: () => client.invalidateQueries({ queryKey: ['alerts'] }),
  })
}

export function useExpireSilence() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => deleteResource(ALERT_PATHS.silence(id)),
    onSuccess: () => client.invalidateQueries({ queryKey: ['alerts'] }),
  })
}

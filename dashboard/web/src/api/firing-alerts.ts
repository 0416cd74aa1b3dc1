import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { AlertRuleListSchema, SilenceSchema, type AlertInstance, type AlertRuleView } from '@claimcheck/shared'
import { getJson, postJson } from './client.ts'

/**
 * Firing alerts for the navigation badge, the overview strip and chart markers. Same query key and
 * schema as the Alerts page's rule list (`pages/alerts/api.ts`): one cache entry, one poll.
 */
export interface FiringAlert {
  rule: AlertRuleView['rule']
  instance: AlertInstance
}

const RULES_KEY = ['alerts', 'rules'] as const
const REFRESH_MS = 15_000

export function useFiringAlerts(): { firing: FiringAlert[]; isLoaded: boolean } {
  const query = useQuery({
    queryKey: RULES_KEY,
    queryFn: ({ signal }) => getJson('/alerts/rules', {}, AlertRuleListSchema, signal),
    refetchInterval: REFRESH_MS,
    // Alerting may be off (403/404): the badge then shows nothing, it does not retry.
    retry: false,
  })
  const firing = (query.data?.rules ?? []).flatMap((view) =>
    view.instances.filter((instance) => instance.state === 'firing' && !instance.silenced).map((instance) => ({ rule: view.rule, instance })),
  )
  return { firing, isLoaded: query.data !== undefined }
}

/** Silences exactly this alert (its rule and group labels) for `duration`. */
export function useSilenceAlert() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ alert, duration }: { alert: FiringAlert; duration: string }) => {
      const matchers = [
        { name: 'alertname', value: alert.rule.name, op: '=' as const },
        ...Object.entries(alert.instance.labels).filter(([, value]) => value !== undefined).map(([name, value]) => ({ name, value: String(value), op: '=' as const })),
      ]
      return postJson('/alerts/silences', { matchers, duration, comment: 'Silenced from the dashboard' }, SilenceSchema)
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ['alerts'] }),
  })
}

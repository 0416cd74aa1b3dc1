import { GROUP_BY_FIELDS, type GroupByField } from '../alerts.ts'

// The group key is the server's instance id and the web's label chips: one format for both.

/** Group values of one alert instance, in `GROUP_BY_FIELDS` order. */
export type GroupLabels = Partial<Record<GroupByField, string>>

/** Stable instance key: `{}` for an ungrouped rule, else the ordered group labels as JSON. */
export function groupKeyOf(labels: GroupLabels): string {
  const ordered: Record<string, string> = {}
  for (const field of GROUP_BY_FIELDS) if (labels[field] !== undefined) ordered[field] = labels[field]
  return JSON.stringify(ordered)
}

export function parseGroupKey(key: string): GroupLabels {
  try {
    const parsed = JSON.parse(key) as unknown
    return parsed && typeof parsed === 'object' ? (parsed as GroupLabels) : {}
  } catch {
    return {}
  }
}

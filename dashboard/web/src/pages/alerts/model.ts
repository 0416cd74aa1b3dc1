import { AlertRuleSchema, describeRuleIssues, type AlertRuleInput, type BacktestResponse, type SilenceMatcher } from '@claimcheck/shared'

/** Pure view models of the alerts pages (unit-tested). */

/** Matchers are typed as `name=value`, `name!=value`, `name=~regex` or `name!~regex`, comma separated. */
export function parseMatchers(text: string): SilenceMatcher[] | undefined {
  const items = text.split(',').map((s) => s.trim()).filter(Boolean)
  const out = items.map((item) => {
    const match = /^([A-Za-z_]\w*)\s*(=~|!~|!=|=)\s*(.*)$/.exec(item)
    return match ? { name: match[1]!, op: match[2] as '=', value: match[3]!.replace(/^"(.*)"$/, '$1') } : undefined
  })
  return out.length > 0 && out.every(Boolean) ? (out as SilenceMatcher[]) : undefined
}

/**
 * Text → rule, with every problem named by field: `issues` as sentences (JSON view), `byField`
 * keyed by dotted path (`condition.value`) for the form, and the parsed object (`raw`) whenever
 * the text is JSON at all, so the form keeps showing a rule that is valid JSON but not yet valid.
 */
export function checkRuleText(text: string): { rule?: AlertRuleInput; raw?: Record<string, unknown>; issues: string[]; byField: Record<string, string> } {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    return { issues: [`not valid JSON: ${(error as Error).message}`], byField: {} }
  }
  const object = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined
  const parsed = AlertRuleSchema.safeParse(raw)
  if (parsed.success) return { rule: raw as AlertRuleInput, raw: object, issues: [], byField: {} }
  const byField: Record<string, string> = {}
  for (const issue of parsed.error.issues) byField[issue.path.map(String).join('.')] ??= issue.message
  return { raw: object, issues: describeRuleIssues(parsed.error, raw), byField }
}

/** A copy of `object` with `path` set to `value`; `undefined` removes the key (an unset optional field). */
export function setField(object: Record<string, unknown>, path: readonly string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = path
  if (head === undefined) return object
  const copy = { ...object }
  if (rest.length === 0) {
    if (value === undefined) delete copy[head]
    else copy[head] = value
    return copy
  }
  const child = copy[head]
  copy[head] = setField(child !== null && typeof child === 'object' && !Array.isArray(child) ? (child as Record<string, unknown>) : {}, rest, value)
  return copy
}

/** [0,1] fractions of the range for each state segment: the strip under the chart. */
export function timelineFractions(group: Pick<BacktestResponse['groups'][number], 'timeline'>, fromMs: number, toMs: number, stepMs: number) {
  const span = Math.max(1, toMs - fromMs)
  return group.timeline.map((segment) => ({
    state: segment.state,
    start: (segment.from - fromMs) / span,
    width: Math.max(0, (segment.to + stepMs - segment.from) / span),
  }))
}

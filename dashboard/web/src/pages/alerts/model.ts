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

/** Text → rule, with every problem named by field. */
export function checkRuleText(text: string): { rule?: AlertRuleInput; issues: string[] } {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    return { issues: [`not valid JSON: ${(error as Error).message}`] }
  }
  const parsed = AlertRuleSchema.safeParse(raw)
  return parsed.success ? { rule: raw as AlertRuleInput, issues: [] } : { issues: describeRuleIssues(parsed.error, raw) }
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

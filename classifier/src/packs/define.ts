import type { CauseRuleInput } from '@claimcheck/shared'

/**
 * A built-in rule pack: rules in the user rule format (validated with the same schema at load),
 * plus where their strings come from. Rules with attribute or token conditions join the
 * structured layer; the others join the message layer. Within a layer, pack order then rule order
 * decides, so a pack lists its more specific patterns first.
 */
export interface RulePack {
  name: string
  /** Projects whose sources or docs the patterns were taken from. */
  sources: readonly string[]
  rules: readonly CauseRuleInput[]
}

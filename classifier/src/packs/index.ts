import { CauseRuleSchema, type CauseRule } from '@claimcheck/shared'
import { APISIX_PACK } from './apisix.ts'
import { CLOUD_PACK } from './cloud.ts'
import { COMMON_PACK } from './common.ts'
import type { RulePack } from './define.ts'
import { ENVOY_PACK } from './envoy.ts'
import { GRAPHQL_PACK } from './graphql.ts'
import { IDENTITYMODEL_PACK } from './identitymodel.ts'
import { IDP_PACK } from './idp.ts'
import { KONG_PACK } from './kong.ts'
import { LANGUAGES_PACK } from './languages.ts'
import { NGINX_PACK } from './nginx.ts'
import { NODE_PACK } from './node.ts'
import { SPRING_PACK } from './spring.ts'
import { SUPABASE_PACK } from './supabase.ts'
import { TYK_PACK } from './tyk.ts'

export type { RulePack } from './define.ts'

/** Built-in packs in precedence order: gateway-specific wording first, shared wording last. */
export const BUILT_IN_PACKS: readonly RulePack[] = [
  SUPABASE_PACK,
  KONG_PACK,
  APISIX_PACK,
  TYK_PACK,
  ENVOY_PACK,
  SPRING_PACK,
  CLOUD_PACK,
  IDENTITYMODEL_PACK,
  IDP_PACK,
  GRAPHQL_PACK,
  NGINX_PACK,
  NODE_PACK,
  LANGUAGES_PACK,
  COMMON_PACK,
]

export interface BuiltInRules {
  /** Rules on attributes (error codes, challenge params, JSON body fields) or token state. */
  structured: CauseRule[]
  /** Rules on the error text only. */
  messages: CauseRule[]
}

/** Validates the built-in packs with the user schema and splits them into their layers. */
export function loadBuiltInRules(packs: readonly RulePack[] = BUILT_IN_PACKS): BuiltInRules {
  const structured: CauseRule[] = []
  const messages: CauseRule[] = []
  for (const pack of packs) {
    for (const input of pack.rules) {
      const rule = CauseRuleSchema.parse(input)
      const hasStructure = Object.keys(rule.match.attributes ?? {}).length > 0 || rule.match.token !== undefined
      ;(hasStructure ? structured : messages).push(rule)
    }
  }
  return { structured, messages }
}

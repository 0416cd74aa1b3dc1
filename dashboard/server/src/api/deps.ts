import type { Logger } from 'pino'
import type { Config } from '@claimcheck/shared'
import type { Store } from '@claimcheck/shared/node'

export interface ApiDeps {
  store: Store
  config: Config
  logger: Logger
  /** Epoch ms that `now` in time ranges means. Default `Date.now`. */
  now: () => number
  /** Called after a stored user rule changed, so a collector in this process applies it at once. */
  onUserRulesChanged?: (() => void | Promise<void>) | undefined
}

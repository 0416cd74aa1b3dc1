import type { ClickHouseClient } from '@clickhouse/client'
import type { CauseRule, DdlContext } from '@claimcheck/shared'
import { createClassifier, type Classifier, type ClassifierConfigInput, type ClassifierLogger } from '@claimcheck/classifier'
import { loadStoredRules, type StoredRulesSnapshot } from './stored-rules.ts'

/**
 * A classifier that also applies the user rules stored in ClickHouse (made from templates in the
 * dashboard). It polls the rules table, and `refresh()` lets the dashboard in the same process
 * apply a change at once. A change replaces the classifier's direct rules (`setUserRules`): they
 * share the user layer with the rules file and, at equal priority, go before it.
 */

export interface LiveClassifierOptions {
  client: ClickHouseClient
  ctx: DdlContext
  config?: ClassifierConfigInput | undefined
  logger?: (ClassifierLogger & { warn(obj: object, msg: string): void }) | undefined
  /** How often the rules table is read. Default 2,000 ms; 0 disables polling (refresh only). */
  pollMs?: number
  /** Watch the rules file (default true, as createClassifier). */
  watch?: boolean
}

export interface LiveClassifier extends Classifier {
  /** Reads the stored rules now and applies them if they changed. */
  refresh(): Promise<void>
  /** The stored rules in force. */
  readonly storedRules: readonly CauseRule[]
}

export async function createLiveClassifier(options: LiveClassifierOptions): Promise<LiveClassifier> {
  const { client, ctx, logger } = options
  // An unreadable table (a store still being migrated, a replica down) must not keep calls out:
  // start without stored rules and let the poll pick them up.
  let snapshot: StoredRulesSnapshot = await loadStoredRules(client, ctx).catch((error: unknown) => {
    logger?.warn({ err: error }, 'stored user rules could not be read; starting without them')
    return { rules: [], fingerprint: '', invalid: [] }
  })
  const current = createClassifier({ config: options.config, logger, rules: snapshot.rules, watch: options.watch })
  let closed = false
  let refreshing: Promise<void> | undefined

  const apply = (next: StoredRulesSnapshot): void => {
    if (next.fingerprint === snapshot.fingerprint) return
    try {
      // One assignment inside the classifier: a call is classified by the old rules or the new, never a mix.
      current.setUserRules(next.rules)
    } catch (error) {
      logger?.error({ err: error }, 'stored user rules not applied')
      return
    }
    snapshot = next
    logger?.info({ storedRules: next.rules.length, invalid: next.invalid }, 'stored user rules applied')
  }
  const refresh = (): Promise<void> => {
    refreshing ??= loadStoredRules(client, ctx)
      .then(apply)
      .catch((error: unknown) => logger?.warn({ err: error }, 'stored user rules could not be read; keeping the current ones'))
      .finally(() => {
        refreshing = undefined
      })
    return refreshing
  }
  if (snapshot.invalid.length > 0) logger?.warn({ invalid: snapshot.invalid }, 'stored user rules that do not validate were left out')

  const pollMs = options.pollMs ?? 2_000
  const timer = pollMs > 0 ? setInterval(() => void refresh(), pollMs) : undefined
  timer?.unref()

  return {
    classify: (facts) => current.classify(facts),
    reclassify: (row) => current.reclassify(row),
    setUserRules: (rules) => current.setUserRules(rules),
    reload: () => current.reload(),
    get userRuleCount() {
      return current.userRuleCount
    },
    get storedRules() {
      return snapshot.rules
    },
    refresh: () => (closed ? Promise.resolve() : refresh()),
    close() {
      closed = true
      if (timer) clearInterval(timer)
      current.close()
    },
  }
}

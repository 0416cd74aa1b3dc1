import { ClassifierConfigSchema, type CallFacts, type CauseRule, type Classification } from '@claimcheck/shared'
import type { z } from 'zod'
import { classifyCall, type ClassifyContext } from './classify-call.ts'
import { BUILT_IN_PACKS, loadBuiltInRules, type RulePack } from './packs/index.ts'
import { RuleLayer } from './rule-engine.ts'
import { loadRulesFile, watchRulesFile, type RulesWatcher, type RulesWatcherOptions } from './rules-file.ts'
import { callFactsFromStoredRow, type StoredCallRow } from './stored-call.ts'
import { ExpectationIndex } from './token-facts.ts'

export { classifyCall, type ClassifyContext } from './classify-call.ts'
export { BUILT_IN_PACKS, loadBuiltInRules, type BuiltInRules, type RulePack } from './packs/index.ts'
export { RuleLayer, type LayerHits, type RuleHit } from './rule-engine.ts'
export { lowercasePattern } from './rule-checks.ts'
export { formatRuleIssues, loadRulesFile, parseRulesText, RulesFileError, watchRulesFile } from './rules-file.ts'
export { callFactsFromStoredRow, timestampToMs, type StoredCallRow } from './stored-call.ts'
export { checkTokenFacts, compileRouteMatcher, ExpectationIndex, type TokenContext } from './token-facts.ts'
export { ATTRIBUTE_ALIASES, EXTRA_TEXT_ATTRIBUTES, WWW_AUTHENTICATE_ATTRIBUTE } from './call-view.ts'

export type ClassifierConfig = z.output<typeof ClassifierConfigSchema>
export type ClassifierConfigInput = z.input<typeof ClassifierConfigSchema>

/** The subset of a pino logger the classifier uses. */
export interface ClassifierLogger {
  info(obj: object, msg: string): void
  error(obj: object, msg: string): void
}

export interface CreateClassifierOptions {
  config?: ClassifierConfigInput
  logger?: ClassifierLogger
  /** Rules given directly (tests, embedding); they go before the rules file's. */
  rules?: readonly CauseRule[]
  /** Watch `config.rulesFile` and reload on change. Default true when a file is configured. */
  watch?: boolean
  watchOptions?: RulesWatcherOptions
  /** Built-in packs; default all. */
  packs?: readonly RulePack[]
  /** Memoise the message layer's result per error text (results are identical). Default true. */
  memoizeMessages?: boolean
}

export interface Classifier {
  classify(facts: CallFacts): Classification
  /** Re-classifies a stored `gateway_calls` row with the current rules. */
  reclassify(row: StoredCallRow): Classification
  /** Re-reads the rules file now; throws RulesFileError (keeping the old rules) when invalid. */
  reload(): void
  /** Number of user rules in force. */
  readonly userRuleCount: number
  close(): void
}

/**
 * Builds a classifier: built-in packs compiled once, the user rules file loaded (an invalid file
 * at start-up throws RulesFileError naming each bad rule and field) and watched for changes.
 */
export function createClassifier(options: CreateClassifierOptions = {}): Classifier {
  const config = ClassifierConfigSchema.parse(options.config ?? {})
  const builtIn = loadBuiltInRules(options.packs ?? BUILT_IN_PACKS)
  const inline = options.rules ?? []
  const logger = options.logger
  const fileRules = config.rulesFile ? loadRulesFile(config.rulesFile) : []

  let ctx: ClassifyContext = {
    clockSkewSeconds: config.clockSkewSeconds,
    expectations: new ExpectationIndex(config.expectations),
    userRules: new RuleLayer([...inline, ...fileRules]),
    structuredRules: new RuleLayer(builtIn.structured),
    messageRules: new RuleLayer(builtIn.messages, { memoize: options.memoizeMessages }),
  }
  // Swapping the whole context keeps a classification from seeing half-updated rules.
  const useUserRules = (rules: readonly CauseRule[]): void => {
    ctx = { ...ctx, userRules: new RuleLayer([...inline, ...rules]) }
  }

  let watcher: RulesWatcher | undefined
  if (config.rulesFile && options.watch !== false) {
    const file = config.rulesFile
    watcher = watchRulesFile(file, (rules) => {
      useUserRules(rules)
      logger?.info({ rulesFile: file, rules: rules.length }, 'rules file reloaded')
    }, (error) => {
      logger?.error({ rulesFile: file, problems: error.problems }, 'rules file invalid; keeping the previous rules')
    }, options.watchOptions)
  }

  return {
    classify: (facts) => classifyCall(facts, ctx),
    reclassify: (row) => classifyCall(callFactsFromStoredRow(row), ctx),
    reload() {
      if (!config.rulesFile) return
      useUserRules(loadRulesFile(config.rulesFile))
    },
    get userRuleCount() {
      return ctx.userRules.size
    },
    close() {
      watcher?.close()
    },
  }
}

/** Re-classifies one stored row with a classifier (what `claimcheck reclassify` calls per row). */
export function reclassifyStoredCall(row: StoredCallRow, classifier: Pick<Classifier, 'reclassify'>): Classification {
  return classifier.reclassify(row)
}


import { ClassifierConfigSchema, type CallFacts, type CauseRule, type Classification } from '@claimcheck/shared'
import type { z } from 'zod'
import { classifyCall, type ClassifyContext } from './classify-call.ts'
import { GenericLayer } from './lexicon/generic-layer.ts'
import { BUILT_IN_PACKS, loadBuiltInRules, type RulePack } from './packs/index.ts'
import { RuleLayer } from './rule-engine.ts'
import { loadRulesFile, watchRulesFile, type RulesWatcher, type RulesWatcherOptions } from './rules-file.ts'
import { callFactsFromStoredRow, type StoredCallRow } from './stored-call.ts'
import { ExpectationIndex } from './token-facts.ts'

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
  /** User rules given directly (stored rules, tests, embedding); they go before the rules file's. */
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
  /**
   * Replaces the rules given directly (`options.rules`) and applies them from the next call on;
   * the rules file's rules stay. Rules are validated `CauseRule`s (`CauseRuleSchema` output).
   */
  setUserRules(rules: readonly CauseRule[]): void
  /** Re-reads the rules file now; throws DataFileError (keeping the old rules) when invalid. */
  reload(): void
  /** Number of user rules in force (given directly plus the rules file's). */
  readonly userRuleCount: number
  close(): void
}

interface BuiltInLayers {
  structuredRules: RuleLayer
  messageRules: RuleLayer
  lexicon: GenericLayer
}

// Compiling the packs is the expensive part of a classifier; classifiers built over the same packs
// (the inspector builds one per pasted token) share the compiled layers, which are pure per call.
const compiledPacks = new WeakMap<readonly RulePack[], Map<boolean, BuiltInLayers>>()

function builtInLayers(packs: readonly RulePack[], memoize: boolean): BuiltInLayers {
  let byMemo = compiledPacks.get(packs)
  if (!byMemo) compiledPacks.set(packs, (byMemo = new Map()))
  let layers = byMemo.get(memoize)
  if (!layers) {
    const builtIn = loadBuiltInRules(packs)
    layers = {
      structuredRules: new RuleLayer(builtIn.structured),
      messageRules: new RuleLayer(builtIn.messages, { memoize }),
      lexicon: new GenericLayer({ memoize }),
    }
    byMemo.set(memoize, layers)
  }
  return layers
}

/**
 * Builds a classifier: built-in packs compiled once, the user rules file loaded (an invalid file
 * at start-up throws DataFileError, a StartupError, naming each bad rule and field) and watched for changes.
 */
export function createClassifier(options: CreateClassifierOptions = {}): Classifier {
  const config = ClassifierConfigSchema.parse(options.config ?? {})
  const logger = options.logger
  let inline = options.rules ?? []
  let fileRules = config.rulesFile ? loadRulesFile(config.rulesFile) : []

  let ctx: ClassifyContext = {
    clockSkewSeconds: config.clockSkewSeconds,
    expectations: new ExpectationIndex(config.expectations),
    userRules: new RuleLayer([...inline, ...fileRules]),
    ...builtInLayers(options.packs ?? BUILT_IN_PACKS, options.memoizeMessages !== false),
  }
  // Swapping the whole context keeps a classification from seeing half-updated rules.
  const rebuildUserRules = (): void => {
    ctx = { ...ctx, userRules: new RuleLayer([...inline, ...fileRules]) }
  }

  let watcher: RulesWatcher | undefined
  if (config.rulesFile && options.watch !== false) {
    const file = config.rulesFile
    watcher = watchRulesFile(file, (rules) => {
      fileRules = rules
      rebuildUserRules()
      logger?.info({ rulesFile: file, rules: rules.length }, 'rules file reloaded')
    }, (error) => {
      logger?.error({ rulesFile: file, problems: error.problems }, 'rules file invalid; keeping the previous rules')
    }, options.watchOptions)
  }

  return {
    classify: (facts) => classifyCall(facts, ctx),
    reclassify: (row) => classifyCall(callFactsFromStoredRow(row), ctx),
    setUserRules(rules) {
      inline = [...rules]
      rebuildUserRules()
    },
    reload() {
      if (!config.rulesFile) return
      fileRules = loadRulesFile(config.rulesFile)
      rebuildUserRules()
    },
    get userRuleCount() {
      return ctx.userRules.size
    },
    close() {
      watcher?.close()
    },
  }
}

// Public surface of @claimcheck/classifier: what collector, dashboard server, CLI and demo use.
// docs/classification.md documents it; everything not exported here is internal.
export {
  createClassifier,
  type Classifier, type ClassifierConfig, type ClassifierConfigInput, type ClassifierLogger, type CreateClassifierOptions,
} from './create-classifier.ts'
export { BUILT_IN_PACKS, type RulePack } from './packs/index.ts'
export { formatRuleIssues, loadRulesFile, parseRulesText, RULES_FILE, watchRulesFile, type RulesWatcherOptions } from './rules-file.ts'
export { callFactsFromStoredRow, timestampToMs, type StoredCallRow } from './stored-call.ts'
export { compileRouteMatcher, ExpectationIndex } from './token-facts.ts'
export { parseWwwAuthenticate, type WwwAuthenticate } from './www-authenticate.ts'

export { createLiveClassifier, type LiveClassifier, type LiveClassifierOptions } from './live-classifier.ts'
export { loadStoredRules, rulesFromRows, type StoredRulesSnapshot } from './stored-rules.ts'

import { describe, expect, it } from 'vitest'
import { createClassifier } from '@claimcheck/classifier'
import { corpusCallFacts, loadCorpus } from './classification-corpus.ts'

const corpus = loadCorpus()
const classifier = createClassifier()

describe('classification corpus', () => {
  it('holds at least 150 unique entries, each with a source', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(150)
    expect(new Set(corpus.map((e) => e.id)).size).toBe(corpus.length)
  })

  it.each(corpus.map((e) => [e.id, e] as const))('%s', (_id, entry) => {
    const result = classifier.classify(corpusCallFacts(entry))
    expect({ cause: result.cause, detail: result.detail }).toEqual(entry.expected)
    if (result.cause !== '') {
      expect(result.ruleId).not.toBe('')
      expect(result.evidence).not.toBe('')
      // Evidence is short and never carries a token.
      expect(result.evidence.length).toBeLessThanOrEqual(240)
      expect(result.evidence).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/)
    }
  })

  it('gives the same answers with the message memo warm, cold and off', () => {
    const cold = createClassifier({ memoizeMessages: false })
    for (const entry of corpus) {
      const facts = corpusCallFacts(entry)
      const expected = cold.classify(facts)
      expect(classifier.classify(facts)).toEqual(expected)
      expect(classifier.classify(facts)).toEqual(expected)
    }
  })
})

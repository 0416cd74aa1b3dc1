import { describe, expect, it } from 'vitest'
import { createClassifier } from '@claimcheck/classifier'
import { corpusCallFacts, loadFamilyCorpus, splitOf, type CorpusEntry, type Split } from './classification-corpus.ts'

/**
 * Accuracy on real strings from stacks that had no pack before issue 13, per family and on a
 * held-out split. How the split was made: `splitOf` (classification-corpus.ts) hashes each entry's
 * input with FNV-1a and holds out a third of them; the function was fixed before any rule for these
 * families was written. Rules and lexicon were tuned on `dev` failures only; held-out outcomes were
 * looked at in aggregate (this table), never entry by entry. Thresholds are what was reached, not
 * goals: lower them only with a reason, raise them when accuracy improves.
 */

const corpus = loadFamilyCorpus()
const classifier = createClassifier()

interface Outcome {
  entry: CorpusEntry
  split: Split
  correct: boolean
}

const outcomes: Outcome[] = corpus.map((entry) => {
  const result = classifier.classify(corpusCallFacts(entry))
  return { entry, split: splitOf(entry), correct: result.cause === entry.expected.cause && result.detail === entry.expected.detail }
})

function accuracy(list: readonly Outcome[]): number {
  return list.length === 0 ? 1 : list.filter((o) => o.correct).length / list.length
}

/** Minimum accuracy per family (all its entries) and for the held-out part as a whole. */
const FAMILY_THRESHOLDS: Readonly<Record<string, number>> = {
  aspnetcore: 1,
  identitymodel: 1,
  keycloak: 1,
  firebase: 1,
  'google-auth': 1,
  pyjwt: 0.85,
  fastapi: 1,
  jjwt: 1,
  'java-jwt': 1,
  jose4j: 0.85,
  nimbus: 1,
  'php-jwt': 1,
  tymon: 1,
  lcobucci: 0.7,
  hasura: 1,
  postgrest: 1,
}
const HELD_OUT_THRESHOLD = 0.85

function table(): string {
  const families = [...new Set(outcomes.map((o) => o.entry.family ?? o.entry.gateway))].sort()
  const pct = (x: number) => `${(x * 100).toFixed(0)} %`.padStart(6)
  const lines = ['family          entries  dev   held-out  accuracy']
  for (const family of families) {
    const of = outcomes.filter((o) => (o.entry.family ?? o.entry.gateway) === family)
    const dev = of.filter((o) => o.split === 'dev')
    const held = of.filter((o) => o.split === 'held-out')
    lines.push(`${family.padEnd(16)}${String(of.length).padStart(7)}${pct(accuracy(dev))}${pct(accuracy(held)).padStart(10)}${pct(accuracy(of)).padStart(10)}`)
  }
  const dev = outcomes.filter((o) => o.split === 'dev')
  const held = outcomes.filter((o) => o.split === 'held-out')
  lines.push(`${'all'.padEnd(16)}${String(outcomes.length).padStart(7)}${pct(accuracy(dev))}${pct(accuracy(held)).padStart(10)}${pct(accuracy(outcomes)).padStart(10)}`)
  lines.push(`dev ${dev.length} entries, held-out ${held.length} entries`)
  return lines.join('\n')
}

describe('classification corpus: families without a pack before issue 13', () => {
  it('holds at least 150 unique real strings, each with its source', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(150)
    expect(new Set(corpus.map((e) => e.id)).size).toBe(corpus.length)
    for (const e of corpus) expect(e.family, e.id).toBeTruthy()
  })

  it('holds a held-out part of about a third, in every shape of family', () => {
    const held = outcomes.filter((o) => o.split === 'held-out').length
    expect(held).toBeGreaterThan(corpus.length * 0.2)
    expect(held).toBeLessThan(corpus.length * 0.45)
  })

  it('reaches the accuracy asserted per family and on the held-out part', () => {
    console.log(`\n${table()}\n`)
    for (const [family, threshold] of Object.entries(FAMILY_THRESHOLDS)) {
      const of = outcomes.filter((o) => o.entry.family === family)
      expect(of.length, family).toBeGreaterThan(0)
      expect(accuracy(of), family).toBeGreaterThanOrEqual(threshold)
    }
    expect(accuracy(outcomes.filter((o) => o.split === 'held-out'))).toBeGreaterThanOrEqual(HELD_OUT_THRESHOLD)
  })

  it('gets every rule-writing (dev) entry right', () => {
    const wrong = outcomes.filter((o) => o.split === 'dev' && !o.correct).map((o) => o.entry.id)
    expect(wrong).toEqual([])
  })

  it('never puts a token in the evidence', () => {
    for (const { entry } of outcomes) {
      const result = classifier.classify(corpusCallFacts(entry))
      expect(result.evidence).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/)
      expect(result.evidence.length).toBeLessThanOrEqual(240)
    }
  })
})

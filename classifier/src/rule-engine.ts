import type { CauseRule, StoredCause } from '@claimcheck/shared'
import { resolverFor, type AttributeResolver, type CallView } from './call-view.ts'
import { compileChecks, evaluate, type CompiledRule } from './rule-checks.ts'

/**
 * Compiles rules once (regexes, resolvers, indexes) and matches a call against a layer of them.
 * A layer keeps file order after a stable sort by priority; matching returns the first rule that
 * holds. Only candidate rules are evaluated: those whose gating attribute value is present, whose
 * message keywords occur in the call's text, or that have no gate at all.
 */

export interface RuleHit {
  ruleId: string
  cause: StoredCause
  detail: string
  evidence: string
  generic: boolean
}

/** Both the first specific and the first generic rule that matched, in layer order. */
export interface LayerHits {
  readonly specific?: RuleHit
  readonly generic?: RuleHit
}

const NO_HITS: LayerHits = Object.freeze({})

interface AttributeGate {
  key: string
  resolve: AttributeResolver
  /** Whether the value may also be found in the error body or another attribute. */
  elsewhere: boolean
  byValue: Map<string, number[]>
  anyValue: number[]
}

const KEYWORD_BUCKETS = 4096
const MAX_MEMO_ENTRIES = 4096
const MAX_MEMO_KEY = 1024
const HASH_SEED = 0x811c9dc5 | 0
const HASH_PRIME = 0x01000193

/** FNV-1a over a word's char codes; the scan in `match` computes the same value inline. */
function wordHash(text: string, from: number, to: number): number {
  let h = HASH_SEED
  for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), HASH_PRIME)
  return h
}

function collect(list: readonly number[], stamps: Uint32Array, gen: number, candidates: Uint32Array, count: number): number {
  for (const i of list) {
    if (stamps[i] !== gen) {
      stamps[i] = gen
      candidates[count++] = i
    }
  }
  return count
}

export class RuleLayer {
  readonly size: number
  private readonly rules: CompiledRule[]
  private readonly gates: AttributeGate[] = []
  /**
   * Keyword prefilter as a hash table of word hashes → rule indexes. Collisions only add
   * candidates (every candidate is still fully evaluated), so no string is sliced or hashed twice.
   */
  private readonly keywordBuckets: (number[] | undefined)[] = new Array<number[] | undefined>(KEYWORD_BUCKETS)
  private hasKeywords = false
  /**
   * When every rule reads only the call's text (the built-in message layer), the result depends on
   * the text alone: gateways repeat the same few error texts, so results are memoised per text.
   */
  private readonly memo: Map<string, LayerHits> | undefined
  private readonly alwaysList: number[] = []
  private readonly generic: boolean[]
  private readonly candidates: Uint32Array
  private readonly stamps: Uint32Array
  private generation = 0

  constructor(rules: readonly CauseRule[], options: { memoize?: boolean } = {}) {
    // Stable sort: priority descending, then the given (file) order.
    const ordered = rules.map((rule, index) => ({ rule, index }))
      .sort((a, b) => b.rule.priority - a.rule.priority || a.index - b.index)
      .map((r) => r.rule)
    this.rules = ordered.map((rule) => ({
      rule,
      statuses: rule.match.status === undefined ? undefined : ([] as number[]).concat(rule.match.status),
      checks: compileChecks(rule),
    }))
    this.size = this.rules.length
    this.generic = ordered.map((rule) => rule.generic)
    this.stamps = new Uint32Array(this.size)
    this.candidates = new Uint32Array(this.size)
    const gateByKey = new Map<string, AttributeGate>()
    ordered.forEach((rule, i) => this.indexRule(rule, i, gateByKey))
    const textOnly = ordered.length > 0 && ordered.every(({ match: m }) => m.message && m.status === undefined && !m.service && !m.route
      && !m.token && Object.keys(m.attributes ?? {}).length === 0)
    this.memo = textOnly && options.memoize !== false ? new Map() : undefined
  }

  private indexRule(rule: CauseRule, i: number, gateByKey: Map<string, AttributeGate>): void {
    const attrs = Object.entries(rule.match.attributes ?? {})
    const eq = attrs.find(([, c]) => c.equals !== undefined)
    const positive = eq ?? attrs.find(([, c]) => c.exists !== false)
    if (positive) {
      const [key, cond] = positive
      let gate = gateByKey.get(key)
      if (!gate) {
        gate = { key, resolve: resolverFor(key), elsewhere: !key.startsWith('www_authenticate.'), byValue: new Map(), anyValue: [] }
        gateByKey.set(key, gate)
        this.gates.push(gate)
      }
      if (cond.equals !== undefined) {
        const list = gate.byValue.get(cond.equals) ?? []
        list.push(i)
        gate.byValue.set(cond.equals, list)
      } else {
        gate.anyValue.push(i)
      }
      return
    }
    const keywords = rule.match.message?.keywords
    if (keywords) {
      for (const word of keywords) {
        const bucket = wordHash(word, 0, word.length) & (KEYWORD_BUCKETS - 1)
        const list = this.keywordBuckets[bucket] ?? []
        if (!list.includes(i)) list.push(i)
        this.keywordBuckets[bucket] = list
      }
      this.hasKeywords = true
      return
    }
    this.alwaysList.push(i)
  }

  /** First specific and first generic hit, in layer order. */
  match(view: CallView): LayerHits {
    if (this.size === 0) return NO_HITS
    const memo = this.memo
    if (!memo) return this.matchUncached(view)
    const texts = view.texts()
    const key = texts.length === 1 ? texts[0]! : texts.join('\u0000')
    if (key.length > MAX_MEMO_KEY) return this.matchUncached(view)
    let hits = memo.get(key)
    if (hits === undefined) {
      hits = this.matchUncached(view)
      if (memo.size >= MAX_MEMO_ENTRIES) memo.clear()
      memo.set(key, hits)
    }
    return hits
  }

  private matchUncached(view: CallView): LayerHits {
    const gen = this.nextGeneration()
    const stamps = this.stamps
    const candidates = this.candidates
    // Collect candidates once (stamps dedupe them) instead of walking every rule of the layer.
    // No closure here: tsx's keepNames would wrap each one created per call in a defineProperty.
    let count = 0
    // Values found elsewhere in the call: empty on the shallow pass (call-view.ts deepen).
    const codes = view.codes()
    for (const gate of this.gates) {
      const v = gate.resolve(view)
      if (v === undefined) {
        // The gate's value may sit elsewhere (rule-checks.ts attributeCheck does the same).
        if (codes.length === 0 || !gate.elsewhere) continue
        if (gate.anyValue.length) count = collect(gate.anyValue, stamps, gen, candidates, count)
        for (const code of codes) {
          const exact = gate.byValue.get(code)
          if (exact) count = collect(exact, stamps, gen, candidates, count)
        }
        continue
      }
      if (gate.anyValue.length) count = collect(gate.anyValue, stamps, gen, candidates, count)
      const exact = gate.byValue.get(v)
      if (exact) count = collect(exact, stamps, gen, candidates, count)
    }
    if (this.hasKeywords) {
      const buckets = this.keywordBuckets
      for (const lower of view.lowerTexts()) {
        // Hash each [a-z0-9] word as it is scanned; one-letter words never gate a rule.
        let start = -1
        let h = 0
        for (let i = 0; i <= lower.length; i++) {
          const c = i < lower.length ? lower.charCodeAt(i) : 0
          if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
            if (start < 0) {
              start = i
              h = HASH_SEED
            }
            h = Math.imul(h ^ c, HASH_PRIME)
          } else if (start >= 0) {
            if (i - start >= 2) {
              const list = buckets[h & (KEYWORD_BUCKETS - 1)]
              if (list) count = collect(list, stamps, gen, candidates, count)
            }
            start = -1
          }
        }
      }
    }
    count = collect(this.alwaysList, stamps, gen, candidates, count)
    if (count === 0) return NO_HITS
    const order = candidates.subarray(0, count).sort()
    // Specific rules first: most calls stop here, and generic candidates are never evaluated.
    let genericCandidates = false
    for (const i of order) {
      if (this.generic[i]) {
        genericCandidates = true
        continue
      }
      const hit = evaluate(this.rules[i]!, view)
      if (hit) return { specific: hit }
    }
    if (genericCandidates) {
      for (const i of order) {
        if (!this.generic[i]) continue
        const hit = evaluate(this.rules[i]!, view)
        if (hit) return { generic: hit }
      }
    }
    return NO_HITS
  }

  private nextGeneration(): number {
    this.generation = (this.generation + 1) >>> 0
    if (this.generation === 0) {
      this.stamps.fill(0)
      this.generation = 1
    }
    return this.generation
  }
}

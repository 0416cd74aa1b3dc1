import type { CallView } from '../call-view.ts'
import { safeSnippet } from '../call-view.ts'
import type { MessageEvidenceMemo } from '../evidence/gather.ts'
import { toWords } from '../evidence/words.ts'
import type { RuleHit } from '../rule-engine.ts'
import { Lexicon, type ConceptHit } from './match.ts'

/**
 * The generic evidence layer under the packs: every error text found in a call (evidence/gather.ts)
 * is turned into words and matched against the concept lexicon; the highest-ranked concept found
 * in any text decides, and the evidence names the words and where they were found.
 */

export interface LexicalHit {
  hit: RuleHit
  /** Found in a GraphQL `errors[]` entry or a challenge's error: an auth failure at any status. */
  failure: boolean
}

const MAX_MEMO_ENTRIES = 4096
const MAX_MEMO_TEXT = 1024

export class GenericLayer {
  private readonly lexicon: Lexicon
  /** Results per text: the same few error texts repeat across calls. */
  private readonly memo: Map<string, ConceptHit | null> | undefined
  /** What each distinct message holds (evidence/gather.ts); undefined when memoisation is off. */
  readonly messageMemo: MessageEvidenceMemo | undefined

  constructor(options: { memoize?: boolean, lexicon?: Lexicon } = {}) {
    this.lexicon = options.lexicon ?? new Lexicon()
    this.memo = options.memoize === false ? undefined : new Map()
    this.messageMemo = options.memoize === false ? undefined : new Map()
  }

  private matchText(text: string): ConceptHit | undefined {
    const memo = this.memo
    if (!memo || text.length > MAX_MEMO_TEXT) return this.lexicon.match(toWords(text))
    let hit = memo.get(text)
    if (hit === undefined) {
      hit = this.lexicon.match(toWords(text)) ?? null
      if (memo.size >= MAX_MEMO_ENTRIES) memo.clear()
      memo.set(text, hit)
    }
    return hit ?? undefined
  }

  match(view: CallView): LexicalHit | undefined {
    const texts = view.evidence().texts
    let best: { hit: ConceptHit, source: string, failure: boolean } | undefined
    for (const { text, source, failure } of texts) {
      const hit = this.matchText(text)
      if (hit && (!best || hit.rank < best.hit.rank)) best = { hit, source, failure }
    }
    if (!best) return undefined
    const { hit, source } = best
    return {
      failure: best.failure,
      hit: {
        ruleId: `lexicon.${hit.conceptId}`,
        cause: hit.cause,
        detail: hit.detail,
        evidence: `words "${safeSnippet(hit.words.join(' '), 60)}" in ${source}`,
        generic: hit.generic,
      },
    }
  }
}

import type { StoredCause } from '@claimcheck/shared'
import { SENTENCE_END } from '../evidence/words.ts'
import { CONCEPTS, REWRITES, type Concept } from './concepts.ts'

/**
 * Compiles the lexicon once and matches word lists against it. Phrases are indexed by the words
 * of their first slot, so a text is scanned once and only phrases that can start at a word are
 * tried: the cost grows with the text, not with the size of the lexicon.
 */

const NEGATORS = new Set(['not', 'never', 'non'])
const DEFAULT_GAP = 2

interface CompiledPhrase {
  concept: number
  text: string
  slots: ReadonlySet<string>[]
  gap: number
}

export interface ConceptHit {
  /** Position in the lexicon: lower decides first. */
  rank: number
  conceptId: string
  cause: StoredCause
  detail: string
  generic: boolean
  /** The words that decided, in text order (after rewrites). */
  words: string[]
}

function compilePhrase(text: string, concept: number): CompiledPhrase {
  const [body, gapText] = text.split('/') as [string, string | undefined]
  const slots = body.trim().split(/\s+/).map((slot) => new Set(slot.split('|')))
  return { concept, text, slots, gap: gapText === undefined ? DEFAULT_GAP : Number(gapText) }
}

export class Lexicon {
  private readonly concepts: readonly Concept[]
  private readonly byFirstWord = new Map<string, CompiledPhrase[]>()
  private readonly rewrites = new Map<string, { from: string[], to: string }[]>()

  constructor(concepts: readonly Concept[] = CONCEPTS, rewrites = REWRITES) {
    this.concepts = concepts
    concepts.forEach((concept, index) => {
      for (const text of concept.phrases) {
        const phrase = compilePhrase(text, index)
        for (const word of phrase.slots[0]!) {
          const list = this.byFirstWord.get(word) ?? []
          list.push(phrase)
          this.byFirstWord.set(word, list)
        }
      }
    })
    for (const [from, to] of rewrites) {
      const words = from.split(' ')
      const list = this.rewrites.get(words[0]!) ?? []
      list.push({ from: words, to })
      list.sort((a, b) => b.from.length - a.from.length)
      this.rewrites.set(words[0]!, list)
    }
  }

  /** Multi-word spellings folded into one word ("does not match" → "mismatch"). */
  rewrite(words: readonly string[]): string[] {
    const out: string[] = []
    for (let i = 0; i < words.length; i++) {
      const candidates = this.rewrites.get(words[i]!)
      let replaced = false
      if (candidates) {
        for (const { from, to } of candidates) {
          let ok = i + from.length <= words.length
          for (let k = 1; ok && k < from.length; k++) ok = words[i + k] === from[k]
          if (ok) {
            out.push(...to.split(' '))
            i += from.length - 1
            replaced = true
            break
          }
        }
      }
      if (!replaced) out.push(words[i]!)
    }
    return out
  }

  /**
   * The concept a text names. Generic concepts count only when no specific one matches; among
   * specific ones the earliest in the text wins (a verifier reports its first failed check first:
   * "The audience is invalid; The signature key was not found"), except that of two matches over
   * the same words the one listed first in the lexicon wins ("user session not found" is a session).
   */
  match(rawWords: readonly string[]): ConceptHit | undefined {
    const words = this.rewrite(rawWords)
    let best: { phrase: CompiledPhrase, at: number[], generic: boolean } | undefined
    for (let i = 0; i < words.length; i++) {
      const phrases = this.byFirstWord.get(words[i]!)
      if (!phrases) continue
      if (NEGATORS.has(words[i - 1] ?? '') || (words[i - 1] !== SENTENCE_END && NEGATORS.has(words[i - 2] ?? ''))) continue
      for (const phrase of phrases) {
        const at = matchFrom(words, i, phrase)
        if (!at) continue
        const generic = this.concepts[phrase.concept]!.generic === true
        if (!best || better({ phrase, at, generic }, best)) best = { phrase, at, generic }
      }
    }
    if (!best) return undefined
    const concept = this.concepts[best.phrase.concept]!
    return {
      rank: best.phrase.concept,
      conceptId: concept.id,
      cause: concept.cause,
      detail: concept.detail,
      generic: concept.generic === true,
      words: best.at.map((k) => words[k]!),
    }
  }
}

interface Candidate {
  phrase: CompiledPhrase
  at: number[]
  generic: boolean
}

/** Whether `a` should replace `b` (found earlier or at the same word): see Lexicon.match. */
function better(a: Candidate, b: Candidate): boolean {
  if (a.generic !== b.generic) return b.generic
  const overlap = a.at[0]! <= b.at.at(-1)! && b.at[0]! <= a.at.at(-1)!
  return overlap && a.phrase.concept < b.phrase.concept
}

function matchFrom(words: readonly string[], start: number, phrase: CompiledPhrase): number[] | undefined {
  const at = [start]
  let pos = start
  for (let s = 1; s < phrase.slots.length; s++) {
    const slot = phrase.slots[s]!
    let found = -1
    for (let k = pos + 1; k <= pos + 1 + phrase.gap && k < words.length; k++) {
      // A phrase never spans two sentences ("The audience is invalid; The signature …").
      if (words[k] === SENTENCE_END) return undefined
      if (slot.has(words[k]!)) {
        found = k
        break
      }
    }
    if (found < 0) return undefined
    at.push(found)
    pos = found
  }
  return at
}

import { describe, expect, it } from 'vitest'
import { mineTemplates, tokenize, WILDCARD } from './drain.ts'
import { maskMessage } from './masks.ts'

const mine = (texts: Array<[string, number]>) => mineTemplates(texts.map(([text, count]) => ({ text: maskMessage(text), count })))
const texts = (result: ReturnType<typeof mineTemplates>) => result.map((t) => [t.tokens.join(' '), t.count])

describe('tokenize', () => {
  it('splits on any whitespace and drops the ends', () => {
    expect(tokenize('  a\tb \n c ')).toEqual(['a', 'b', 'c'])
    expect(tokenize('   ')).toEqual([])
  })
})

describe('mineTemplates', () => {
  it('returns nothing for no messages', () => {
    expect(mineTemplates([])).toEqual([])
  })

  it('ignores malformed entries (non-positive or non-finite counts) and keeps empty text as its own template', () => {
    const result = mineTemplates([{ text: '', count: 3 }, { text: 'x', count: 0 }, { text: 'y', count: Number.NaN }, { text: 'z', count: -1 }])
    expect(result).toEqual([{ tokens: [], count: 3, members: [0] }])
  })

  it('groups messages that differ in masked values and in one free word', () => {
    const result = mine([
      ['legacy-gw: account 17 purged by alice', 5],
      ['legacy-gw: account 18 purged by bob', 3],
      ['legacy-gw: account 99 purged by carol', 1],
      ['upstream said: quota exceeded', 4],
    ])
    expect(texts(result)).toEqual([
      [`legacy-gw: account <NUM> purged by ${WILDCARD}`, 9],
      ['upstream said: quota exceeded', 4],
    ])
    expect(result[0]!.members.sort()).toEqual([0, 1, 2])
  })

  it('keeps messages of different lengths or mostly different words apart', () => {
    const result = mine([['session revoked by admin', 2], ['session revoked', 2], ['payment gateway timeout now', 1]])
    expect(result).toHaveLength(3)
  })

  it('gives the same templates whatever the input order (stability)', () => {
    const input: Array<[string, number]> = [
      ['E4711 account 1 purged', 4], ['E4711 account 2 purged', 4], ['tenant "acme" is suspended', 2],
      ['tenant "globex" is suspended', 7], ['E4712 key 0x1f rotated', 1], ['license expired for node n1', 3], ['license expired for node n2', 3],
    ]
    const reference = texts(mine(input))
    for (let seed = 1; seed <= 5; seed++) {
      const shuffled = [...input].sort((a, b) => ((a[0].length * seed) % 7) - ((b[0].length * seed) % 7) || a[0].localeCompare(b[0]) * (seed % 2 ? 1 : -1))
      expect(texts(mine(shuffled))).toEqual(reference)
    }
    expect(reference).toContainEqual(['tenant "<STR>" is suspended', 9])
    expect(reference).toContainEqual([`license expired for node ${WILDCARD}`, 6])
  })

  it('routes past a full node through the wildcard instead of growing without bound', () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ text: `w${String.fromCharCode(97 + (i % 26))}${i} failed here`, count: 1 }))
    const result = mineTemplates(many, { maxChildren: 4 })
    expect(result.reduce((n, t) => n + t.count, 0)).toBe(50)
    expect(result[0]!.tokens).toEqual([WILDCARD, 'failed', 'here'])
  })
})

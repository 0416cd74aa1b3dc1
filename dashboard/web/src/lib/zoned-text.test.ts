import { describe, expect, it } from 'vitest'
import { splitIsoTimes } from './zoned-text.ts'

describe('splitIsoTimes', () => {
  it('finds UTC instants inside a sentence, with or without seconds and fractions', () => {
    expect(splitIsoTimes('last succeeded at 2026-06-03T09:12:04Z, not since')).toEqual([
      { text: 'last succeeded at ' }, { ms: Date.UTC(2026, 5, 3, 9, 12, 4), iso: '2026-06-03T09:12:04Z' }, { text: ', not since' },
    ])
    expect(splitIsoTimes('2026-06-03T09:12Z–2026-06-03T09:13:00.250Z').map((p) => ('ms' in p ? p.ms : p.text))).toEqual([
      Date.UTC(2026, 5, 3, 9, 12), '–', Date.UTC(2026, 5, 3, 9, 13, 0, 250),
    ])
  })

  it('leaves text without instants (or with invalid ones) whole', () => {
    expect(splitIsoTimes('')).toEqual([])
    expect(splitIsoTimes('7 not in the directory')).toEqual([{ text: '7 not in the directory' }])
    expect(splitIsoTimes('at 2026-13-45T99:99:99Z')).toEqual([{ text: 'at 2026-13-45T99:99:99Z' }])
  })
})

import { describe, expect, it } from 'vitest'
import { maskMessage } from './masks.ts'

describe('maskMessage', () => {
  it('leaves empty and plain text alone', () => {
    expect(maskMessage('')).toBe('')
    expect(maskMessage('Token signature mismatch')).toBe('Token signature mismatch')
  })

  it('masks each kind of variable part', () => {
    expect(maskMessage('user 7f9c2ba4-e88f-11ee-8c90-0242ac120002 not found')).toBe('user <UUID> not found')
    expect(maskMessage('account alice.smith+ops@corp.example.com is disabled')).toBe('account <EMAIL> is disabled')
    expect(maskMessage('jwks fetch https://idp.example.com/.well-known/jwks.json?x=1 failed')).toBe('jwks fetch <URL> failed')
    expect(maskMessage('token expired at 2026-11-27T10:00:00.123Z')).toBe('token expired at <TS>')
    expect(maskMessage('session ended 10:04:05 by admin')).toBe('session ended <TIME> by admin')
    expect(maskMessage('kid 0x1F2e not in set')).toBe('kid <HEX> not in set')
    expect(maskMessage('trace 4bf92f3577b34da6a3ce929d0e0e4736 refused')).toBe('trace <HEX> refused')
    expect(maskMessage('retry after 30 seconds (attempt 2.5)')).toBe('retry after <NUM> seconds (attempt <NUM>)')
    expect(maskMessage('prefix eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0 rejected')).toBe('prefix <JWT> rejected')
  })

  it('masks quoted values but keeps JSON keys and vendor codes', () => {
    expect(maskMessage('user "John Smith" not found')).toBe('user "<STR>" not found')
    expect(maskMessage("tenant 'acme' suspended")).toBe("tenant '<STR>' suspended")
    expect(maskMessage('{"error":"E4711","id":"u-17"}')).toBe('{"error":"<STR>","id":"<STR>"}')
    expect(maskMessage('IDX10223: Lifetime validation failed E4711 PGRST301')).toBe('IDX10223: Lifetime validation failed E4711 PGRST301')
  })

  it('does not touch malformed or unbalanced input beyond what it recognises', () => {
    expect(maskMessage('unterminated "quote and 12 things')).toBe('unterminated "quote and <NUM> things')
    expect(maskMessage('\u0000\ufffd 42')).toBe('\u0000\ufffd <NUM>')
  })

  it('is idempotent', () => {
    const once = maskMessage('user 42 "bob" at 2026-01-01 from https://x.example/a id 7f9c2ba4-e88f-11ee-8c90-0242ac120002')
    expect(maskMessage(once)).toBe(once)
  })
})

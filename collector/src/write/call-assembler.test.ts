import { describe, expect, it } from 'vitest'
import { CallAssembler } from './call-assembler.ts'

interface Candidate {
  traceId: string
  spanId: string
  source: string
  facts: { serviceName: string }
}

const candidate = (service: string, id: number, source = 'span'): Candidate => ({
  traceId: id.toString(16).padStart(32, '0'), spanId: id.toString(16).padStart(16, '0'), source, facts: { serviceName: service },
})

function assembler(now: { t: number }) {
  const emitted: string[] = []
  const a = new CallAssembler<Candidate>({
    windowMs: 5_000, maxWaiting: 100, now: () => now.t,
    merge: (x, y) => ({ ...x, source: `${x.source}+${y.source}` }),
    emit: (candidates) => emitted.push(...candidates.map((c) => `${c.facts.serviceName}:${c.spanId ? parseInt(c.spanId, 16) : ''}:${c.source}`)),
  })
  return { a, emitted }
}

describe('CallAssembler', () => {
  it('merges a span and its log record into one call', () => {
    const now = { t: 0 }
    const { a, emitted } = assembler(now)
    a.add([candidate('gw', 1, 'span')])
    expect(emitted).toEqual([])
    now.t = 1_000
    a.add([candidate('gw', 1, 'log')])
    expect(emitted).toEqual(['gw:1:span+log'])
    expect(a.size).toBe(0)
  })

  it('emits calls without ids at once, and every waiting call on drain', () => {
    const now = { t: 0 }
    const { a, emitted } = assembler(now)
    a.add([{ ...candidate('gw', 2), traceId: '', spanId: '' }, candidate('gw', 3)])
    expect(emitted).toEqual(['gw::span'])
    a.drain()
    expect(emitted).toEqual(['gw::span', 'gw:3:span'])
  })

  it('stops holding the calls of a service that never pairs once its probation is over', () => {
    const now = { t: 0 }
    const { a, emitted } = assembler(now)
    a.add([candidate('logs-only', 1, 'log')])
    expect(a.size).toBe(1)
    now.t = 6_000
    a.add([candidate('logs-only', 2, 'log'), candidate('logs-only', 3, 'log')])
    expect(emitted).toEqual(['logs-only:2:log', 'logs-only:3:log'])
    expect(a.size).toBe(1)
  })

  it('keeps holding the calls of a service that pairs', () => {
    const now = { t: 0 }
    const { a, emitted } = assembler(now)
    a.add([candidate('both', 1, 'span')])
    a.add([candidate('both', 1, 'log')])
    now.t = 60_000
    a.add([candidate('both', 2, 'span')])
    expect(a.size).toBe(1)
    a.add([candidate('both', 2, 'log')])
    expect(emitted).toEqual(['both:1:span+log', 'both:2:span+log'])
  })
})

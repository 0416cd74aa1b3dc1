import { describe, expect, it } from 'vitest'
import { DIMENSIONS, FiltersSchema } from '@claimcheck/shared'
import { chooseSource } from './sources.ts'

const choose = (query: Record<string, string>, question: Parameters<typeof chooseSource>[1]) =>
  chooseSource(FiltersSchema.parse(query), question).source.table

describe('chooseSource', () => {
  it('reads the call rollup for unfiltered and service/route/method/status/cause filtered totals', () => {
    expect(choose({}, { kind: 'summary' })).toBe('gateway_calls_1m')
    expect(choose({ service: 'a', route: '/x', method: 'GET', status: '4xx', cause: 'expired', causeDetail: 'issuer' }, { kind: 'timeseries' })).toBe('gateway_calls_1m')
    expect(choose({}, { kind: 'top', dimension: 'route' })).toBe('gateway_calls_1m')
  })

  it('reads the principals rollup for issuer, client and tenant', () => {
    expect(choose({ issuer: 'i' }, { kind: 'summary' })).toBe('gateway_principals_1m')
    expect(choose({ cause: 'expired' }, { kind: 'top', dimension: 'tenant' })).toBe('gateway_principals_1m')
    expect(choose({ service: 's' }, { kind: 'top', dimension: 'client' })).toBe('gateway_principals_1m')
  })

  it('ranks and counts failing subjects from the failures-only rollup, never totals', () => {
    expect(choose({}, { kind: 'top', dimension: 'subject', metric: 'failures' })).toBe('gateway_subject_failures_1m')
    expect(choose({ cause: 'unknown_sub', route: '/x' }, { kind: 'top', dimension: 'subject', metric: 'failures' })).toBe('gateway_subject_failures_1m')
    expect(choose({}, { kind: 'top', dimension: 'subject', metric: 'calls' })).toBe('gateway_calls')
    expect(choose({}, { kind: 'top', dimension: 'subject' })).toBe('gateway_calls')
    expect(choose({ issuer: 'i' }, { kind: 'top', dimension: 'subject', metric: 'failures' })).toBe('gateway_calls')
    expect(choose({ subject: 's' }, { kind: 'timeseries' })).toBe('gateway_calls')
    expect(choose({}, { kind: 'failingSubjects' })).toBe('gateway_subject_failures_1m')
    expect(choose({ client: 'c' }, { kind: 'failingSubjects' })).toBe('gateway_principals_1m')
  })

  it('reads gateway_calls for subjects, messages, mixed dimensions, row-level questions and source=raw', () => {
    expect(choose({ subject: 's' }, { kind: 'summary' })).toBe('gateway_calls')
    expect(choose({ q: 'expired' }, { kind: 'timeseries' })).toBe('gateway_calls')
    expect(choose({}, { kind: 'top', dimension: 'message' })).toBe('gateway_calls')
    expect(choose({ route: '/x' }, { kind: 'top', dimension: 'issuer' })).toBe('gateway_calls')
    expect(choose({}, { kind: 'calls' })).toBe('gateway_calls')
    expect(choose({}, { kind: 'unclassified' })).toBe('gateway_calls')
    expect(choose({ source: 'raw' }, { kind: 'summary' })).toBe('gateway_calls')
  })

  it('answers every dimension and explains itself', () => {
    for (const dimension of DIMENSIONS) expect(choose({}, { kind: 'top', dimension })).toMatch(/^gateway_/)
    expect(chooseSource(FiltersSchema.parse({ subject: 's' }), { kind: 'summary' }).reason).toBe('no rollup has subject')
    expect(chooseSource(FiltersSchema.parse({}), { kind: 'summary' }).reason).toBe('per-minute rollup answers unfiltered totals')
  })
})

import { describe, expect, it } from 'vitest'
import { normalizeStatus, parseInstant, readField, subjectOf, toAnswer } from './record.ts'

const FIELDS = { sub: 'sub', status: 'status', deletedAt: 'deletedAt', tenant: 'tenant' }

describe('normalizeStatus', () => {
  it('reads the usual spellings of disabled and deleted, case-insensitively', () => {
    expect(normalizeStatus('Disabled')).toBe('disabled')
    expect(normalizeStatus(' banned ')).toBe('disabled')
    expect(normalizeStatus(false)).toBe('disabled')
    expect(normalizeStatus(0)).toBe('disabled')
    expect(normalizeStatus('DELETED')).toBe('deleted')
    expect(normalizeStatus('archived')).toBe('deleted')
  })

  it('counts anything else, missing included, as a present account', () => {
    expect(normalizeStatus('active')).toBe('active')
    expect(normalizeStatus('pending')).toBe('active')
    expect(normalizeStatus(true)).toBe('active')
    expect(normalizeStatus(undefined)).toBe('active')
    expect(normalizeStatus('')).toBe('active')
  })
})

describe('parseInstant', () => {
  it('reads epoch seconds, epoch ms, ISO 8601 and ClickHouse DateTime text as UTC', () => {
    expect(parseInstant(1_700_000_000)).toBe(1_700_000_000_000)
    expect(parseInstant('1700000000000')).toBe(1_700_000_000_000)
    expect(parseInstant('2025-01-02T03:04:05Z')).toBe(Date.UTC(2025, 0, 2, 3, 4, 5))
    expect(parseInstant('2025-01-02 03:04:05')).toBe(Date.UTC(2025, 0, 2, 3, 4, 5))
    expect(parseInstant('2025-01-02T04:04:05+01:00')).toBe(Date.UTC(2025, 0, 2, 3, 4, 5))
  })

  it('treats empty, zero (the default DateTime) and garbage as no time', () => {
    for (const value of [null, undefined, '', 0, '0', '1970-01-01 00:00:00', 'yesterday', {}, false]) expect(parseInstant(value)).toBeNull()
  })
})

describe('readField', () => {
  it('follows dotted paths, preferring a key that contains the dots', () => {
    const record = { data: { user: { status: 'disabled' } }, 'a.b': 1, a: { b: 2 } }
    expect(readField(record, 'data.user.status')).toBe('disabled')
    expect(readField(record, 'a.b')).toBe(1)
    expect(readField(record, 'data.missing.deeper')).toBeUndefined()
    expect(readField(record, '')).toBeUndefined()
  })
})

describe('toAnswer', () => {
  it('maps a record to its state, deletion time and tenant', () => {
    expect(toAnswer({ sub: 'u1', status: 'active', tenant: 'acme' }, FIELDS)).toEqual({ found: true, state: 'active', deletedAt: null, tenant: 'acme' })
    expect(toAnswer({ sub: 'u2', status: 'disabled' }, FIELDS)).toEqual({ found: true, state: 'disabled', deletedAt: null, tenant: null })
  })

  it('reads a deletion time as deleted, whatever the status says', () => {
    expect(toAnswer({ sub: 'u3', status: 'active', deletedAt: '2025-03-01T00:00:00Z' }, FIELDS)).toMatchObject({ state: 'deleted', deletedAt: Date.UTC(2025, 2, 1) })
  })

  it('ignores fields the source has none of', () => {
    expect(toAnswer({ sub: 'u4', status: 'disabled', deletedAt: '2025-03-01T00:00:00Z' }, { ...FIELDS, status: '', deletedAt: '' })).toMatchObject({ state: 'active', deletedAt: null })
  })

  it('finds the subject of a record, or nothing for an empty one', () => {
    expect(subjectOf({ id: 42 }, { ...FIELDS, sub: 'id' })).toBe('42')
    expect(subjectOf({ id: '  ' }, { ...FIELDS, sub: 'id' })).toBeNull()
    expect(subjectOf({}, FIELDS)).toBeNull()
  })
})

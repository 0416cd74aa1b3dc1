import { describe, expect, it } from 'vitest'
import { formatCellNumber, formatCountOf } from './format.ts'

describe('formatCountOf', () => {
  it('is singular for exactly one only', () => {
    expect(formatCountOf(1, 'row')).toBe('1 row')
    expect(formatCountOf(0, 'row')).toBe('0 rows')
    expect(formatCountOf(12345, 'row')).toBe('12,345 rows')
  })
})

describe('formatCellNumber', () => {
  it('cuts float noise and leaves integers whole', () => {
    expect(formatCellNumber(12.236085000000001)).toBe('12.236085')
    expect(formatCellNumber(0.1 + 0.2)).toBe('0.3')
    expect(formatCellNumber(123456789)).toBe('123456789')
    expect(formatCellNumber(1234567.891234)).toBe('1234567.891234')
    expect(formatCellNumber(0.000012345678)).toBe('0.0000123457')
    expect(formatCellNumber(Number.NaN)).toBe('NaN')
  })
})

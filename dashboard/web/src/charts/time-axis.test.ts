import { describe, expect, it } from 'vitest'
import { isolatedPoints } from './time-axis.ts'

describe('isolatedPoints', () => {
  it('finds values with no neighbour on either side', () => {
    expect([...isolatedPoints([null, 0.5, null, 0.2, 0.3, null, 1])]).toEqual([1, 6])
    expect([...isolatedPoints([])]).toEqual([])
    expect([...isolatedPoints([0.1])]).toEqual([0])
  })
})

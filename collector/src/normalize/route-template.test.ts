import { describe, expect, it } from 'vitest'
import { OVERFLOW_ROUTE, RouteLimiter, templatePath } from './route-template.ts'

describe('templatePath', () => {
  it('replaces numbers, UUIDs, hex ids, ULIDs and opaque tokens with {id}', () => {
    expect(templatePath('/orders/1234')).toBe('/orders/{id}')
    expect(templatePath('/users/3f2b8c1e-9d4a-4b7e-8f6a-2c1d0e9b8a7f/orders/42')).toBe('/users/{id}/orders/{id}')
    expect(templatePath('/blobs/9f8e7d6c5b4a3210')).toBe('/blobs/{id}')
    expect(templatePath('/events/01HZX3K9Q2V7T8M4N5P6R7S8T9')).toBe('/events/{id}')
    expect(templatePath('/share/aZ3kQ9xLm2Pq8Rt5Vw')).toBe('/share/{id}')
  })

  it('keeps words, versions and already templated routes', () => {
    expect(templatePath('/api/v1/orders')).toBe('/api/v1/orders')
    expect(templatePath('/orders/{id}')).toBe('/orders/{id}')
    expect(templatePath('/users/:id/profile')).toBe('/users/:id/profile')
    expect(templatePath('/healthz')).toBe('/healthz')
    expect(templatePath('/deadbeef-menu')).toBe('/deadbeef-menu')
  })

  it('handles empty and root paths', () => {
    expect(templatePath('')).toBe('')
    expect(templatePath('/')).toBe('/')
  })
})

describe('RouteLimiter', () => {
  it('keeps the first N routes of a service and folds the rest into other, counting them', () => {
    const overflowed: string[] = []
    const limiter = new RouteLimiter(2, (service) => overflowed.push(service))
    expect(['/a', '/b', '/a', '/c', '/d'].map((r) => limiter.admit('gw', r))).toEqual(['/a', '/b', '/a', OVERFLOW_ROUTE, OVERFLOW_ROUTE])
    expect(limiter.admit('other-gw', '/c')).toBe('/c')
    expect(limiter.admit('gw', '')).toBe('')
    expect(overflowed).toEqual(['gw', 'gw'])
  })
})

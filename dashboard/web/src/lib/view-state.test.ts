import { describe, expect, it } from 'vitest'
import { activeFilters, addFilter, carryViewParams, invalidViewParams, parseFilterValue, readViewState, removeFilter, removeInvalid, toggleExclude, writeViewState } from './view-state.ts'
import { listParam, numberParam, readParams, scalarParam, writeParams } from './params.ts'
import { z } from 'zod'

const sp = (text: string) => new URLSearchParams(text)

describe('readViewState', () => {
  it('gives the defaults for an empty URL', () => {
    const view = readViewState(sp(''))
    expect(view.from).toBe('now-6h')
    expect(view.to).toBe('now')
    expect(view.refresh).toBe('off')
    expect(view.cause).toEqual([])
    expect(view.q).toBe('')
  })

  it('reads relative and absolute ranges, repeated filters and search', () => {
    const view = readViewState(sp('from=2024-06-03T07:00Z&to=1717400000000&cause=unknown_sub&cause=expired&route=%2Fv1%2Forders&q=does+not+exist'))
    expect(view.from).toBe('2024-06-03T07:00Z')
    expect(view.to).toBe('1717400000000')
    expect(view.cause).toEqual(['unknown_sub', 'expired'])
    expect(view.route).toEqual(['/v1/orders'])
    expect(view.q).toBe('does not exist')
  })

  it('falls back on malformed values instead of failing', () => {
    const view = readViewState(sp('from=yesterday&refresh=2s&cause=bogus&cause=revoked&status=99&status=403'))
    expect(view.from).toBe('now-6h')
    expect(view.refresh).toBe('off')
    expect(view.cause).toEqual(['revoked'])
    expect(view.status).toEqual(['403'])
  })

  it('reads the alert links\' detail= as the cause-detail filter, and status classes', () => {
    const view = readViewState(sp('detail=user&causeDetail=consumer&status=4xx&cause=success'))
    expect(view.causeDetail).toEqual(['consumer', 'user'])
    expect(view.status).toEqual(['4xx'])
    expect(view.cause).toEqual(['success'])
  })

  it('keeps values that contain commas whole', () => {
    expect(readViewState(sp('subject=a%2Cb')).subject).toEqual(['a,b'])
  })
})

describe('writeViewState', () => {
  it('round-trips through the URL', () => {
    const search = writeViewState(sp(''), { from: 'now-1h', cause: ['unknown_sub'], subject: ['u-1', 'u-2'], q: 'sub' })
    const view = readViewState(sp(search.toString()))
    expect(view).toMatchObject({ from: 'now-1h', cause: ['unknown_sub'], subject: ['u-1', 'u-2'], q: 'sub' })
  })

  it('drops defaults from the URL and keeps parameters it does not own', () => {
    const search = writeViewState(sp('from=now-1h&span=abc'), { from: 'now-6h' })
    expect(search.toString()).toBe('span=abc')
  })
})

describe('addFilter / removeFilter / activeFilters', () => {
  it('adds once, removes one value or the whole key', () => {
    let search = addFilter(sp(''), 'route', '/a')
    search = addFilter(search, 'route', '/a')
    search = addFilter(search, 'route', '/b')
    expect(readViewState(search).route).toEqual(['/a', '/b'])
    expect(readViewState(removeFilter(search, 'route', '/a')).route).toEqual(['/b'])
    expect(readViewState(removeFilter(search, 'route')).route).toEqual([])
  })

  it('lists chips for every filter and the search text', () => {
    const view = readViewState(sp('cause=expired&issuer=https%3A%2F%2Fidp&q=boom'))
    expect(activeFilters(view)).toEqual([
      { key: 'cause', value: 'expired' }, { key: 'issuer', value: 'https://idp' }, { key: 'q', value: 'boom' },
    ])
    expect(activeFilters(readViewState(sp('')))).toEqual([])
  })
})

describe('carryViewParams', () => {
  it('keeps time and filters, drops page-specific parameters', () => {
    expect(carryViewParams(sp('from=now-1h&span=x&cause=expired&sql=SELECT+1'))).toBe('?from=now-1h&cause=expired')
    expect(carryViewParams(sp('span=x'))).toBe('')
  })
})

describe('param definitions', () => {
  const defs = { n: numberParam(50, 1, 100), mode: scalarParam(z.enum(['a', 'b']), 'a'), ids: listParam() }

  it('parses numbers in range and falls back otherwise', () => {
    expect(readParams(defs, sp('n=20')).n).toBe(20)
    expect(readParams(defs, sp('n=500')).n).toBe(50)
    expect(readParams(defs, sp('n=x')).n).toBe(50)
  })

  it('writes only what differs from the default', () => {
    expect(writeParams(defs, sp(''), { n: 50, mode: 'b', ids: ['x', 'y'] }).toString()).toBe('mode=b&ids=x&ids=y')
  })
})

describe('invalidViewParams / removeInvalid', () => {
  it('names every value the view ignores', () => {
    const search = sp('from=yesterday&status=forbidden&status=403&cause=!expired&cause=bogus&refresh=2s&route=%2Fa')
    expect(invalidViewParams(search).map((p) => `${p.key}=${p.value}`)).toEqual(['from=yesterday', 'refresh=2s', 'cause=bogus', 'status=forbidden'])
    expect(invalidViewParams(sp('from=now-2h&status=!4xx&q=x'))).toEqual([])
  })

  it('reports two valid ends the API refuses together, and the view does not use them', () => {
    const search = sp('from=2025-06-01T11:00Z&to=2025-06-01T10:00Z&cause=expired')
    expect(invalidViewParams(search)).toEqual([{ key: 'to', value: '2025-06-01T10:00Z', reason: 'to: must be after from', pair: true }])
    expect(readViewState(search)).toMatchObject({ from: 'now-6h', to: 'now', cause: ['expired'] })
    expect(removeInvalid(search).toString()).toBe('cause=expired')
    expect(invalidViewParams(sp('from=now%2B5m&to=now%2B10m'))).toEqual([])
    expect(readViewState(sp('from=NOW-1h&to=now - 15m'))).toMatchObject({ from: 'NOW-1h', to: 'now - 15m' })
  })

  it('removes all invalid values, or one, and links never carry them', () => {
    const search = sp('status=forbidden&status=403&from=yesterday')
    expect(removeInvalid(search).toString()).toBe('status=403')
    expect(removeInvalid(search, { key: 'from', value: 'yesterday', reason: '' }).toString()).toBe('status=forbidden&status=403')
    expect(carryViewParams(search)).toBe('?status=403')
  })
})

describe('exclusions', () => {
  it('adds, flips and reads !values', () => {
    const excluded = addFilter(sp('cause=expired'), 'cause', 'expired', true)
    expect(excluded.getAll('cause')).toEqual(['!expired'])
    expect(toggleExclude(excluded, 'cause', '!expired').getAll('cause')).toEqual(['expired'])
    expect(readViewState(sp('status=!4xx&kid=!k1')).status).toEqual(['!4xx'])
    expect(parseFilterValue('!k1')).toEqual({ exclude: true, value: 'k1' })
  })
})

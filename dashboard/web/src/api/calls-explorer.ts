import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { FacetsResponseSchema, TimeseriesResponseSchema, type FacetDimension } from '@claimcheck/shared'
import type { ResolvedRange } from '../lib/time.ts'
import type { Filters } from '../lib/view-state.ts'
import { getJson } from './client.ts'
import { toApiParams } from './params.ts'

/** The explorer's counts: same filters and resolved range as the list, counted on the same table. */

export const FACETS: readonly FacetDimension[] = ['cause', 'route', 'status', 'client', 'tenant', 'issuer', 'kid']

export function useCallsHistogram(filters: Filters, range: ResolvedRange, options: { refetchInterval?: number | false } = {}) {
  const params = toApiParams(filters, range)
  return useQuery({
    queryKey: ['calls-histogram', params],
    queryFn: ({ signal }) => getJson('/calls/histogram', params, TimeseriesResponseSchema, signal),
    placeholderData: keepPreviousData,
    refetchInterval: options.refetchInterval ?? false,
  })
}

export function useCallFacets(filters: Filters, range: ResolvedRange, dimensions: readonly FacetDimension[] = FACETS) {
  const params = { ...toApiParams(filters, range), dimension: dimensions, limit: 8 }
  return useQuery({
    queryKey: ['calls-facets', params],
    queryFn: ({ signal }) => getJson('/calls/facets', params, FacetsResponseSchema, signal),
    placeholderData: keepPreviousData,
  })
}

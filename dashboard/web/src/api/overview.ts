import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query'
import { SummaryResponseSchema, TimeseriesResponseSchema, TopResponseSchema, type Dimension } from '@claimcheck/shared'
import type { ResolvedRange } from '../lib/time.ts'
import type { Filters } from '../lib/view-state.ts'
import { getJson } from './client.ts'
import { PATHS, toApiParams } from './params.ts'

export function summaryOptions(filters: Filters, range: ResolvedRange) {
  const params = toApiParams(filters, range)
  return queryOptions({
    queryKey: ['summary', params],
    queryFn: ({ signal }) => getJson(PATHS.summary, params, SummaryResponseSchema, signal),
  })
}

export function timeseriesOptions(filters: Filters, range: ResolvedRange) {
  const params = toApiParams(filters, range)
  return queryOptions({
    queryKey: ['timeseries', params],
    queryFn: ({ signal }) => getJson(PATHS.timeseries, params, TimeseriesResponseSchema, signal),
  })
}

/** KPIs of the range, each with the previous period of the same length. */
export function useSummary(filters: Filters, range: ResolvedRange) {
  return useQuery({ ...summaryOptions(filters, range), placeholderData: keepPreviousData })
}

/** Calls, failures and failures per cause per bucket (zero-filled by the server). */
export function useTimeseries(filters: Filters, range: ResolvedRange) {
  return useQuery({ ...timeseriesOptions(filters, range), placeholderData: keepPreviousData })
}

/** The top values of one dimension among the matching calls. */
export function useTop(dimension: Dimension, filters: Filters, range: ResolvedRange, options: { limit?: number; metric?: 'failures' | 'calls' } = {}) {
  const params = { ...toApiParams(filters, range), dimension, limit: options.limit ?? 8, metric: options.metric ?? 'failures' }
  return useQuery({
    queryKey: ['top', params],
    queryFn: ({ signal }) => getJson(PATHS.top, params, TopResponseSchema, signal),
    placeholderData: keepPreviousData,
  })
}

import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { CallDetailSchema, CallsPageSchema, SubjectHistorySchema, TraceResponseSchema, UnclassifiedResponseSchema, type CallSort } from '@claimcheck/shared'
import { nsToMs, type ResolvedRange } from '../lib/time.ts'
import type { Filters } from '../lib/view-state.ts'
import { getJson } from './client.ts'
import { PATHS, toApiParams } from './params.ts'

const PAGE_SIZE = 200

/** Matching calls, page by page (cursor pagination) for the infinite table. */
export function useCalls(filters: Filters, range: ResolvedRange, sort: CallSort = 'time_desc', pageSize = PAGE_SIZE) {
  const params = { ...toApiParams(filters, range), sort, limit: pageSize }
  return useInfiniteQuery({
    queryKey: ['calls', params],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ signal, pageParam }) => getJson(PATHS.calls, { ...params, cursor: pageParam }, CallsPageSchema, signal),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  })
}

/** One call with its decoded claims, evidence and log records. */
/** One call; while its trace's spans are not stored yet and the call is recent, asked again every 3 s. */
export function useCall(traceId: string, spanId: string) {
  return useQuery({
    queryKey: ['call', traceId, spanId],
    queryFn: ({ signal }) => getJson(PATHS.call(traceId, spanId), {}, CallDetailSchema, signal),
    staleTime: 5 * 60_000,
    refetchInterval: (query) => {
      const detail = query.state.data
      return detail && !detail.traceStored && traceMayStillArrive(nsToMs(detail.call.Timestamp)) ? 3_000 : false
    },
  })
}

/** Spans reach claimcheck a few seconds after their call (exporters batch them): a trace this young may still come. */
export const TRACE_ARRIVAL_MS = 2 * 60_000

/** Whether a call at `callMs` whose trace is not stored yet may still get one. */
export function traceMayStillArrive(callMs: number, nowMs = Date.now()): boolean {
  return nowMs - callMs < TRACE_ARRIVAL_MS
}

/** The call's trace, asked for only once its spans are stored (`traceStored` of the call). */
export function useTrace(traceId: string | undefined, stored: boolean) {
  return useQuery({
    queryKey: ['trace', traceId],
    queryFn: ({ signal }) => getJson(PATHS.trace(traceId!), {}, TraceResponseSchema, signal),
    enabled: Boolean(traceId) && stored,
    staleTime: 60_000,
  })
}

/** A subject's history: first/last seen, last success, and its calls over the range. */
export function useSubjectHistory(subject: string | undefined, range: ResolvedRange) {
  const params = { from: String(Math.floor(range.fromMs)), to: String(Math.ceil(range.toMs)) }
  return useQuery({
    queryKey: ['subject', subject, params],
    queryFn: ({ signal }) => getJson(PATHS.subject(subject!), params, SubjectHistorySchema, signal),
    enabled: Boolean(subject),
  })
}

/** Failure messages no rule classified (cause `other`), grouped. */
export function useUnclassified(filters: Filters, range: ResolvedRange, enabled = true) {
  const params = { ...toApiParams(filters, range), limit: 20, part: 'messages' }
  return useQuery({
    queryKey: ['unclassified', params],
    queryFn: ({ signal }) => getJson(PATHS.unclassified, params, UnclassifiedResponseSchema, signal),
    enabled,
  })
}

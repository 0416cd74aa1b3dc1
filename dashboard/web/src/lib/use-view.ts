import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode, createElement } from 'react'
import { useSearchParams } from 'react-router'
import { readParams, writeParams, type ParamDef, type ParamValues } from './params.ts'
import { filtersOf, readViewState, REFRESH_INTERVALS, writeViewState, type Filters, type ViewState } from './view-state.ts'
import { resolveRange, type ResolvedRange, type TimeRange } from './time.ts'

/**
 * "Now" for relative ranges. It is not view state (a link says "last 6 hours", not when): it
 * moves when the user refreshes, when auto refresh ticks, and when the range changes.
 */
interface TimeAnchor {
  nowMs: number
  refresh(): void
}

const TimeAnchorContext = createContext<TimeAnchor>({ nowMs: Date.now(), refresh: () => {} })

const roundToSecond = (ms: number) => Math.floor(ms / 1000) * 1000

export function TimeAnchorProvider({ children }: { children: ReactNode }) {
  const [nowMs, setNowMs] = useState(() => roundToSecond(Date.now()))
  const refresh = useCallback(() => setNowMs(roundToSecond(Date.now())), [])
  const [search] = useSearchParams()
  const interval = REFRESH_INTERVALS[readViewState(search).refresh]
  useEffect(() => {
    if (!interval) return
    const id = setInterval(refresh, interval)
    return () => clearInterval(id)
  }, [interval, refresh])
  const value = useMemo(() => ({ nowMs, refresh }), [nowMs, refresh])
  return createElement(TimeAnchorContext.Provider, { value }, children)
}

export function useTimeAnchor(): TimeAnchor {
  return useContext(TimeAnchorContext)
}

export interface View {
  view: ViewState
  range: TimeRange
  resolved: ResolvedRange
  filters: Filters
  search: URLSearchParams
  update(patch: Partial<ViewState>, options?: { replace?: boolean }): void
  setSearch(next: URLSearchParams, options?: { replace?: boolean }): void
  setRange(range: TimeRange): void
}

/** The shared view state (time range, refresh, filters) read from and written to the URL. */
export function useView(): View {
  const [search, setSearchParams] = useSearchParams()
  const { nowMs, refresh } = useTimeAnchor()
  const key = search.toString()
  const view = useMemo(() => readViewState(new URLSearchParams(key)), [key])
  const range = useMemo(() => ({ from: view.from, to: view.to }), [view.from, view.to])
  const resolved = useMemo(() => resolveRange(range, nowMs), [range, nowMs])
  const filters = useMemo(() => filtersOf(view), [view])
  const setSearch = useCallback(
    (next: URLSearchParams, options?: { replace?: boolean }) => setSearchParams(next, { replace: options?.replace ?? false }),
    [setSearchParams],
  )
  const update = useCallback(
    (patch: Partial<ViewState>, options?: { replace?: boolean }) =>
      setSearchParams((prev) => writeViewState(prev, patch), { replace: options?.replace ?? false }),
    [setSearchParams],
  )
  const setRange = useCallback(
    (next: TimeRange) => {
      refresh()
      update({ from: next.from, to: next.to })
    },
    [refresh, update],
  )
  return { view, range, resolved, filters, search, update, setSearch, setRange }
}

/** A page's own URL parameters, declared once at module level as `ParamDef`s. */
export function usePageParams<D extends Record<string, ParamDef<unknown>>>(defs: D): [ParamValues<D>, (patch: Partial<ParamValues<D>>, options?: { replace?: boolean }) => void] {
  const [search, setSearchParams] = useSearchParams()
  const key = search.toString()
  const values = useMemo(() => readParams(defs, new URLSearchParams(key)), [defs, key])
  const update = useCallback(
    (patch: Partial<ParamValues<D>>, options?: { replace?: boolean }) =>
      setSearchParams((prev) => writeParams(defs, prev, patch), { replace: options?.replace ?? false }),
    [defs, setSearchParams],
  )
  return [values, update]
}

import { z } from 'zod'
import { isTimeExpr, type TimeRange } from './time.ts'
import { listParam, readParams, scalarParam, textParam, writeParams, type ParamValues } from './params.ts'
import { isCause } from './causes.ts'
import type { Cause } from '@claimcheck/shared'

/** Filters every data page shares, named as the API's query parameters. */
export const FILTER_KEYS = ['cause', 'causeDetail', 'service', 'route', 'method', 'status', 'subject', 'issuer', 'client', 'tenant'] as const
export type FilterKey = (typeof FILTER_KEYS)[number]

export const FILTER_LABELS: Record<FilterKey | 'q', string> = {
  cause: 'Cause',
  causeDetail: 'Detail',
  service: 'Service',
  route: 'Route',
  method: 'Method',
  status: 'Status',
  subject: 'Subject',
  issuer: 'Issuer',
  client: 'Client',
  tenant: 'Tenant',
  q: 'Message',
}

export const REFRESH_INTERVALS = { off: 0, '10s': 10_000, '30s': 30_000, '1m': 60_000, '5m': 300_000 } as const
export type RefreshInterval = keyof typeof REFRESH_INTERVALS

const timeExpr = z.string().max(40).refine(isTimeExpr)
/** A cause, or `success` for calls without one (the API's cause filter). */
const causeItem = z.string().refine((v) => v === 'success' || isCause(v)) as unknown as z.ZodType<Cause | 'success'>
/** An exact status (403) or a class (4xx). */
const statusItem = z.string().regex(/^[1-5](?:\d\d|xx)$/)

export const DEFAULT_RANGE: TimeRange = { from: 'now-6h', to: 'now' }

/** Time range, refresh and filters: shared by overview, cause, calls and call pages. */
export const VIEW_PARAMS = {
  from: scalarParam(timeExpr, DEFAULT_RANGE.from),
  to: scalarParam(timeExpr, DEFAULT_RANGE.to),
  refresh: scalarParam(z.enum(Object.keys(REFRESH_INTERVALS) as [RefreshInterval, ...RefreshInterval[]]), 'off'),
  q: textParam(500),
  cause: listParam(causeItem),
  causeDetail: listParam(),
  service: listParam(),
  route: listParam(),
  method: listParam(),
  status: listParam(statusItem),
  subject: listParam(),
  issuer: listParam(),
  client: listParam(),
  tenant: listParam(),
}

export type ViewState = ParamValues<typeof VIEW_PARAMS>
export type Filters = Pick<ViewState, FilterKey | 'q'>

export function readViewState(search: URLSearchParams): ViewState {
  const view = readParams(VIEW_PARAMS, search)
  // Alert notifications link with `detail=`: read it as the cause-detail filter.
  for (const detail of search.getAll('detail')) if (detail && !view.causeDetail.includes(detail)) view.causeDetail.push(detail)
  return view
}

export function writeViewState(search: URLSearchParams, patch: Partial<ViewState>): URLSearchParams {
  const next = writeParams(VIEW_PARAMS, search, patch)
  if (patch.causeDetail) next.delete('detail')
  return next
}

export function filtersOf(view: ViewState): Filters {
  const out = { q: view.q } as Filters
  for (const key of FILTER_KEYS) (out as Record<string, unknown>)[key] = view[key]
  return out
}

/** Adds `value` to filter `key` (no duplicate), for "click a row to filter". */
export function addFilter(search: URLSearchParams, key: FilterKey, value: string): URLSearchParams {
  const current = readViewState(search)[key] as string[]
  if (current.includes(value)) return search
  return writeViewState(search, { [key]: [...current, value] } as Partial<ViewState>)
}

export function removeFilter(search: URLSearchParams, key: FilterKey | 'q', value?: string): URLSearchParams {
  if (key === 'q') return writeViewState(search, { q: '' })
  const current = readViewState(search)[key] as string[]
  return writeViewState(search, { [key]: value === undefined ? [] : current.filter((v) => v !== value) } as Partial<ViewState>)
}

/** Every active filter as a chip: key, value. */
export function activeFilters(view: ViewState): { key: FilterKey | 'q'; value: string }[] {
  const chips: { key: FilterKey | 'q'; value: string }[] = []
  for (const key of FILTER_KEYS) for (const value of view[key] as string[]) chips.push({ key, value })
  if (view.q) chips.push({ key: 'q', value: view.q })
  return chips
}

/** Only the shared view parameters of `search` (time, refresh, filters): what links carry between pages. */
export function carryViewParams(search: URLSearchParams): string {
  const next = new URLSearchParams()
  for (const key of Object.keys(VIEW_PARAMS)) for (const value of search.getAll(key)) next.append(key, value)
  const text = next.toString()
  return text ? `?${text}` : ''
}

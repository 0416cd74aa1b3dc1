import { z } from 'zod'
import { isTimeExpr, rangeError, type TimeRange } from './time.ts'
import { listParam, readParams, scalarParam, textParam, writeParams, type ParamValues } from './params.ts'
import { isCause } from './causes.ts'
import { EXCLUDE_PREFIX, type Cause } from '@claimcheck/shared'

/** Filters every data page shares, named as the API's query parameters. */
export const FILTER_KEYS = ['cause', 'causeDetail', 'service', 'route', 'method', 'status', 'subject', 'issuer', 'client', 'tenant', 'kid'] as const
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
  kid: 'Key id',
  q: 'Message',
}

export const REFRESH_INTERVALS = { off: 0, '10s': 10_000, '30s': 30_000, '1m': 60_000, '5m': 300_000 } as const
export type RefreshInterval = keyof typeof REFRESH_INTERVALS

const timeExpr = z.string().max(40).refine(isTimeExpr)

/** `value` or `!value` (an exclusion, as the API reads it), the value itself checked by `item`. */
function negatable(item: z.ZodType<string>): z.ZodType<string> {
  return z.string().refine((v) => item.safeParse(v.startsWith(EXCLUDE_PREFIX) ? v.slice(EXCLUDE_PREFIX.length) : v).success)
}
const anyItem = negatable(z.string().min(1).max(500))
/** A cause, or `success` for calls without one (the API's cause filter). */
const causeItem = negatable(z.string().refine((v) => v === 'success' || isCause(v))) as unknown as z.ZodType<Cause | 'success'>
/** An exact status (403) or a class (4xx). */
const statusItem = negatable(z.string().regex(/^[1-5](?:\d\d|xx)$/))

export const DEFAULT_RANGE: TimeRange = { from: 'now-6h', to: 'now' }

/** Time range, refresh and filters: shared by overview, cause, calls and call pages. */
export const VIEW_PARAMS = {
  from: scalarParam(timeExpr, DEFAULT_RANGE.from),
  to: scalarParam(timeExpr, DEFAULT_RANGE.to),
  refresh: scalarParam(z.enum(Object.keys(REFRESH_INTERVALS) as [RefreshInterval, ...RefreshInterval[]]), 'off'),
  q: textParam(500),
  cause: listParam(causeItem),
  causeDetail: listParam(anyItem),
  service: listParam(anyItem),
  route: listParam(anyItem),
  method: listParam(anyItem),
  status: listParam(statusItem),
  subject: listParam(anyItem),
  issuer: listParam(anyItem),
  client: listParam(anyItem),
  tenant: listParam(anyItem),
  kid: listParam(anyItem),
}

/** Why a URL value was not used, for the filter bar's error chips. */
const INVALID_HINTS: Partial<Record<keyof typeof VIEW_PARAMS, string>> = {
  from: 'not a time: use now-6h, an ISO date-time or epoch ms',
  to: 'not a time: use now, now-5m, an ISO date-time or epoch ms',
  refresh: 'not a refresh interval (off, 10s, 30s, 1m, 5m)',
  cause: 'not a cause',
  status: 'not an HTTP status (403) or class (4xx)',
}

export interface InvalidParam {
  key: keyof typeof VIEW_PARAMS
  value: string
  reason: string
  /** The two ends are refused together: removing it drops both. */
  pair?: true
}

/**
 * URL values of the shared view that are not valid (`status=forbidden`, `from=yesterday`): the
 * view ignores them, and the filter bar shows each as an error chip instead of staying silent.
 */
export function invalidViewParams(search: URLSearchParams): InvalidParam[] {
  const out: InvalidParam[] = []
  for (const key of Object.keys(VIEW_PARAMS) as (keyof typeof VIEW_PARAMS)[]) {
    const def = VIEW_PARAMS[key]
    for (const value of search.getAll(key)) {
      const parsed = def.parse([value]) as unknown
      const valid = Array.isArray(parsed) ? parsed.length > 0 : parsed === value || (key === 'q' && value.length <= 500)
      if (!valid && value !== '') out.push({ key, value, reason: INVALID_HINTS[key] ?? 'not a valid value' })
    }
  }
  const pair = rangePairError(search)
  if (pair) out.push(pair)
  return out
}

/** The URL without its invalid view values (what "Clear all" and an error chip's × do). */
export function removeInvalid(search: URLSearchParams, only?: InvalidParam): URLSearchParams {
  const invalid = invalidViewParams(search).filter((p) => !only || (p.key === only.key && p.value === only.value))
  const next = new URLSearchParams(search)
  for (const { key, value, pair } of invalid) {
    if (pair) {
      next.delete('from')
      next.delete('to')
    } else next.delete(key, value)
  }
  return next
}

/** Whether a filter value excludes (`!expired`), and the value without the prefix. */
export function parseFilterValue(value: string): { exclude: boolean; value: string } {
  return value.startsWith(EXCLUDE_PREFIX) ? { exclude: true, value: value.slice(EXCLUDE_PREFIX.length) } : { exclude: false, value }
}

/** Include ⇄ exclude for one chip. */
export function toggleExclude(search: URLSearchParams, key: FilterKey, value: string): URLSearchParams {
  const current = readViewState(search)[key] as string[]
  const { exclude, value: bare } = parseFilterValue(value)
  const flipped = exclude ? bare : `${EXCLUDE_PREFIX}${bare}`
  const next = current.filter((v) => v !== value && v !== flipped)
  return writeViewState(search, { [key]: [...next, flipped] } as Partial<ViewState>)
}

/**
 * Two valid ends that the API still refuses together (`from` after `to`, more than 400 days):
 * reported on the parameter the API names, as the API words it, instead of a silently changed range.
 */
function rangePairError(search: URLSearchParams): InvalidParam | undefined {
  const { from, to } = readParams({ from: VIEW_PARAMS.from, to: VIEW_PARAMS.to }, search)
  const reason = rangeError({ from, to }, Date.now())
  if (reason === undefined) return undefined
  const key = reason.startsWith('from') ? 'from' : 'to'
  return { key, value: key === 'from' ? from : to, reason, pair: true }
}

export type ViewState = ParamValues<typeof VIEW_PARAMS>
export type Filters = Pick<ViewState, FilterKey | 'q'>

export function readViewState(search: URLSearchParams): ViewState {
  const view = readParams(VIEW_PARAMS, search)
  if (rangePairError(search)) Object.assign(view, DEFAULT_RANGE)
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

/** Adds `value` to filter `key` (no duplicate), for "click a row to filter"; `exclude` adds `!value`. */
export function addFilter(search: URLSearchParams, key: FilterKey, value: string, exclude = false): URLSearchParams {
  const current = readViewState(search)[key] as string[]
  const wanted = exclude ? `${EXCLUDE_PREFIX}${value}` : value
  const opposite = exclude ? value : `${EXCLUDE_PREFIX}${value}`
  if (current.includes(wanted)) return search
  return writeViewState(search, { [key]: [...current.filter((v) => v !== opposite), wanted] } as Partial<ViewState>)
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

/**
 * Only the valid shared view parameters of `search` (time, refresh, filters): what links carry
 * between pages. An invalid value stays on the page where it was typed, with its error chip.
 */
export function carryViewParams(search: URLSearchParams): string {
  const clean = removeInvalid(search)
  const next = new URLSearchParams()
  for (const key of Object.keys(VIEW_PARAMS)) for (const value of clean.getAll(key)) next.append(key, value)
  const text = next.toString()
  return text ? `?${text}` : ''
}

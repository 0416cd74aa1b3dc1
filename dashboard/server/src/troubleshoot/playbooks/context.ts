import type { AuthExpectation, CallDetail, Cause, Filters, PlaybookAnswer, QueryRange } from '@claimcheck/shared'
import { TABLES } from '@claimcheck/shared'
import { queryRows, toNumber, type QueryContext } from '../../api/runner.ts'
import { renderFilters, renderLimit, renderTimeRange, renderWhere } from '../../api/sql/clauses.ts'
import { SOURCES } from '../../api/sql/sources.ts'
import { Fragment, ident, join, param, sql } from '@claimcheck/shared/node'
import type { SubjectDirectory } from '../subjects/index.ts'

/** What a playbook is answered for: a cause view (its filters and range) or one call (and the day before it). */
export interface PlaybookScope {
  kind: 'cause' | 'call'
  cause: Cause
  /** Always includes `cause`. */
  filters: Filters
  range: QueryRange
  call?: CallDetail | undefined
}

export interface PlaybookDeps {
  context: QueryContext
  expectations: readonly AuthExpectation[]
  clockSkewSeconds: number
  rulesFile: string | undefined
  directory: SubjectDirectory | undefined
  logger?: { warn(obj: object, msg: string): void } | undefined
}

export type AnswerFn = (scope: PlaybookScope, deps: PlaybookDeps) => Promise<PlaybookAnswer>

const raw = SOURCES.gateway_calls

export function answer(status: PlaybookAnswer['status'], summary: string, facts: [string, string][] = []): PlaybookAnswer {
  return { status, summary, facts: facts.map(([label, value]) => ({ label, value })) }
}

/** The scope's rows: its range, its filters (the cause among them), and `more`. */
export function scopeWhere(scope: PlaybookScope, ...more: Fragment[]): Fragment {
  return renderWhere([renderTimeRange(raw, scope.range), ...renderFilters(scope.filters, raw), ...more])
}

export interface ValueCount {
  value: string
  calls: number
  subjects: number
}

/** The most frequent values of `expression` among the scope's calls, with calls and distinct subjects. */
export async function topValues(deps: PlaybookDeps, scope: PlaybookScope, expression: Fragment, options: { where?: Fragment[]; limit?: number } = {}): Promise<ValueCount[]> {
  const rows = await queryRows<{ value: string; calls: unknown; subjects: unknown }>(deps.context, sql`SELECT toString(${expression}) AS value, count() AS calls, uniq(${ident('Subject')}) AS subjects
FROM ${ident(TABLES.calls)}
${scopeWhere(scope, ...(options.where ?? []))}
GROUP BY value
ORDER BY calls DESC, value ASC
${renderLimit(options.limit ?? 5)}`)
  return rows.map((row) => ({ value: row.value, calls: toNumber(row.calls), subjects: toNumber(row.subjects) }))
}

/** One row of aggregates over the scope's calls, as numbers. */
export async function aggregates<K extends string>(deps: PlaybookDeps, scope: PlaybookScope, columns: Record<K, Fragment>, where: Fragment[] = []): Promise<Record<K, number>> {
  const list = Object.entries<Fragment>(columns).map(([name, expression]) => sql`${expression} AS ${alias(name)}`)
  const [row] = await queryRows<Record<string, unknown>>(deps.context, sql`SELECT ${join(list, sql`, `)} FROM ${ident(TABLES.calls)} ${scopeWhere(scope, ...where)}`)
  return Object.fromEntries(Object.keys(columns).map((name) => [name, toNumber(row?.[name])])) as Record<K, number>
}

// Aliases are names chosen in code, never input; still, only plain words become SQL text.
function alias(name: string): Fragment {
  if (!/^[a-z][A-Za-z0-9]*$/.test(name)) throw new Error(`Not a plain alias: ${name}`)
  return new Fragment([name], [])
}

export const col = (name: string) => sql`${ident(name)}`
export const eq = (name: string, value: string) => sql`${ident(name)} = ${param(value, 'String')}`

export function share(part: number, total: number): string {
  if (total === 0) return '0%'
  const pct = (part / total) * 100
  return pct > 0 && pct < 1 ? '<1%' : `${Math.round(pct)}%`
}

export function count(n: number, noun: string): string {
  return `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`
}

/** Lists "a (12), b (3)". */
export function listCounts(values: readonly ValueCount[], label = (v: ValueCount) => v.value || '(none)'): string {
  return values.map((v) => `${label(v)} (${v.calls.toLocaleString('en')})`).join(', ')
}

export function isoMs(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

export function spanSeconds(seconds: number): string {
  const abs = Math.abs(seconds)
  if (abs < 120) return `${Math.round(abs)} s`
  if (abs < 7_200) return `${Math.round(abs / 60)} min`
  if (abs < 172_800) return `${(abs / 3_600).toFixed(1).replace(/\.0$/, '')} h`
  return `${Math.round(abs / 86_400)} d`
}

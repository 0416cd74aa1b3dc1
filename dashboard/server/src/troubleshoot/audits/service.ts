import type {
  AuditRequest, AuditResponse, AuthExpectation, DeletedSubjectRow, LongLifetimeRow, NoRefreshRow, QueryRange, RouteIssuersRow,
} from '@claimcheck/shared'
import { queryRows, toNumber, type QueryContext } from '../../api/runner.ts'
import { createExpectationFinder } from '../auth-config/expectations.ts'
import type { SubjectDirectory } from '../subjects/index.ts'
import {
  buildLastSuccessQuery, buildLongLifetimesQuery, buildNoRefreshQuery, buildReusedTokensQuery, buildRouteAudiencesQuery,
  buildRouteIssuersQuery, buildUnknownSubjectsQuery,
} from './queries.ts'

export interface AuditDeps {
  expectations: readonly AuthExpectation[]
  directory: SubjectDirectory | undefined
  defaultMaxLifetimeSeconds: number
}

/** Subjects past which the directory is not asked (it may be a rate-limited user API). */
const DIRECTORY_ROWS = 100
/** Candidates looked at for deleted-subjects: most failing first. */
const CANDIDATES = 5_000

type Rows<K extends AuditResponse['kind']> = Extract<AuditResponse, { kind: K }>['rows']
type Without<K extends AuditResponse['kind']> = Omit<Extract<AuditResponse, { kind: K }>, 'meta'>

export async function deletedSubjects(context: QueryContext, request: AuditRequest, range: QueryRange, deps: AuditDeps): Promise<Without<'deleted-subjects'>> {
  const failing = await queryRows<{ subject: string; failures: unknown; lastFailure: unknown; tenant: string; issuer: string; client: string }>(
    context, buildUnknownSubjectsQuery(request, range, CANDIDATES),
  )
  if (failing.length === 0) return { kind: 'deleted-subjects', rows: [], truncated: false }
  const history = new Map<string, { lastSuccess: number; firstFailure: number; lastFailureEver: number }>()
  for (const row of await queryRows<{ subject: string; lastSuccess: unknown; firstFailure: unknown; lastFailureEver: unknown }>(context, buildLastSuccessQuery(failing.map((f) => f.subject), range))) {
    history.set(row.subject, { lastSuccess: toNumber(row.lastSuccess), firstFailure: toNumber(row.firstFailure), lastFailureEver: toNumber(row.lastFailureEver) })
  }
  // "Now fails": the newest of its calls is an unknown_sub failure, after a success.
  const matching = failing.filter((f) => {
    const h = history.get(f.subject)
    return h !== undefined && h.lastFailureEver > h.lastSuccess && h.firstFailure > 0
  })
  const rows: Rows<'deleted-subjects'> = matching.slice(0, request.limit).map((f) => {
    const h = history.get(f.subject)!
    return {
      subject: f.subject, tenant: f.tenant, issuer: f.issuer, client: f.client,
      lastSuccess: h.lastSuccess, firstFailure: h.firstFailure, lastFailure: toNumber(f.lastFailure), failures: toNumber(f.failures), directory: null,
    } satisfies DeletedSubjectRow
  })
  if (deps.directory) {
    const head = rows.slice(0, DIRECTORY_ROWS)
    const verdicts = await deps.directory.lookupMany(head.map((row) => ({ subject: row.subject, tokenTenant: row.tenant || undefined })))
    head.forEach((row, index) => (row.directory = verdicts[index] ?? null))
  }
  return { kind: 'deleted-subjects', rows, truncated: matching.length > request.limit || failing.length >= CANDIDATES }
}

export async function noRefresh(context: QueryContext, request: AuditRequest, range: QueryRange): Promise<Without<'no-refresh'>> {
  const rows = await queryRows<Record<keyof NoRefreshRow, unknown>>(context, buildNoRefreshQuery(request, range, request.limit + 1))
  const head = rows.slice(0, request.limit)
  const reused = new Map<string, number>()
  if (head.length > 0) {
    for (const row of await queryRows<{ client: string; reusedTokens: unknown }>(context, buildReusedTokensQuery(request, range, head.map((r) => String(r.client))))) {
      reused.set(row.client, toNumber(row.reusedTokens))
    }
  }
  return {
    kind: 'no-refresh',
    truncated: rows.length > request.limit,
    rows: head.map((row) => ({
      client: String(row.client), expiredCalls: toNumber(row.expiredCalls), calls: toNumber(row.calls), subjects: toNumber(row.subjects),
      medianSecondsLate: Math.round(toNumber(row.medianSecondsLate)), maxSecondsLate: toNumber(row.maxSecondsLate),
      reusedTokens: reused.get(String(row.client)) ?? 0, lastSeen: toNumber(row.lastSeen),
    })),
  }
}

export async function longLifetimes(context: QueryContext, request: AuditRequest, range: QueryRange, deps: AuditDeps): Promise<Without<'long-lifetimes'>> {
  const thresholdSeconds = request.minLifetimeSeconds ?? deps.defaultMaxLifetimeSeconds
  const rows = await queryRows<Record<keyof LongLifetimeRow, unknown>>(context, buildLongLifetimesQuery(request, range, thresholdSeconds, request.limit + 1))
  return {
    kind: 'long-lifetimes',
    thresholdSeconds,
    truncated: rows.length > request.limit,
    rows: rows.slice(0, request.limit).map((row) => ({
      issuer: String(row.issuer), client: String(row.client), tokens: toNumber(row.tokens), longTokens: toNumber(row.longTokens),
      medianLifetimeSeconds: Math.round(toNumber(row.medianLifetimeSeconds)), maxLifetimeSeconds: toNumber(row.maxLifetimeSeconds),
      exampleSubject: String(row.exampleSubject), lastSeen: toNumber(row.lastSeen),
    })),
  }
}

type ValueRow = { service: string; route: string; value: string; calls: unknown; failures: unknown }

export async function routeIssuers(context: QueryContext, request: AuditRequest, range: QueryRange, deps: AuditDeps): Promise<Without<'route-issuers'>> {
  const [issuerRows, audienceRows] = await Promise.all([
    queryRows<ValueRow>(context, buildRouteIssuersQuery(request, range)),
    queryRows<ValueRow>(context, buildRouteAudiencesQuery(request, range)),
  ])
  const find = createExpectationFinder(deps.expectations)
  const routes = new Map<string, RouteIssuersRow>()
  const routeOf = (row: ValueRow) => {
    const key = `${row.service}\u0000${row.route}`
    let entry = routes.get(key)
    if (!entry) {
      const match = find(row.service, row.route)
      entry = { service: row.service, route: row.route, calls: 0, failures: 0, expectation: match?.index ?? null, issuers: [], audiences: [] }
      routes.set(key, entry)
    }
    return { entry, expectation: find(row.service, row.route)?.expectation }
  }
  for (const row of issuerRows) {
    const { entry, expectation } = routeOf(row)
    entry.calls += toNumber(row.calls)
    entry.failures += toNumber(row.failures)
    const listed = expectation && expectation.issuers.length > 0 ? expectation.issuers.includes(row.value) : null
    entry.issuers.push({ value: row.value, calls: toNumber(row.calls), failures: toNumber(row.failures), expected: listed })
  }
  for (const row of audienceRows) {
    const { entry, expectation } = routeOf(row)
    const listed = expectation && expectation.audiences.length > 0 ? expectation.audiences.includes(row.value) : null
    entry.audiences.push({ value: row.value, calls: toNumber(row.calls), failures: toNumber(row.failures), expected: listed })
  }
  const all = [...routes.values()].sort((a, b) => b.calls - a.calls || a.service.localeCompare(b.service) || a.route.localeCompare(b.route))
  return { kind: 'route-issuers', rows: all.slice(0, request.limit), truncated: all.length > request.limit }
}

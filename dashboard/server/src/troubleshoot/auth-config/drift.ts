import type { AuthDriftResponse, AuthExpectation, DriftItem, DriftKind, Filters, QueryRange } from '@claimcheck/shared'
import { TABLES } from '@claimcheck/shared'
import { queryRows, toNumber, type QueryContext } from '../../api/runner.ts'
import { renderFilters, renderLimit, renderTimeRange, renderWhere } from '../../api/sql/clauses.ts'
import { SOURCES } from '../../api/sql/sources.ts'
import { ident, param, sql, type Fragment } from '@claimcheck/shared/node'
import { createExpectationFinder } from './expectations.ts'

/**
 * Where traffic disagrees with the expected auth configuration. ClickHouse groups the range's
 * tokens by service, route, issuer, audience, alg and gateway version (a handful of shapes); the
 * expectations are matched here, with the classifier's route matcher, because they are patterns.
 */

const raw = SOURCES.gateway_calls
/** Distinct token shapes compared at most; past it the answer says `truncated`. */
export const MAX_SHAPES = 5_000
const VERSION = sql`${ident('Attributes')}[${param('service.version', 'String')}]`
/** A token that decoded: a malformed one has no claims to disagree with the configuration. */
export const DECODED_TOKEN = sql`${ident('TokenPresent')} = 1 AND (${ident('Issuer')} != '' OR ${ident('TokenAlgorithm')} != '')`

export function buildShapesQuery(filters: Filters, range: QueryRange): Fragment {
  const ts = ident('Timestamp')
  return sql`SELECT ${ident('ServiceName')} AS service, ${ident('Route')} AS route, ${ident('Issuer')} AS issuer,
  arrayStringConcat(arraySort(${ident('Audience')}), ', ') AS audience, ${ident('TokenAlgorithm')} AS alg, ${VERSION} AS version,
  count() AS calls, countIf(${ident('Cause')} != '') AS failures,
  toUnixTimestamp64Milli(min(${ts})) AS firstSeen, toUnixTimestamp64Milli(max(${ts})) AS lastSeen
FROM ${ident(TABLES.calls)}
${renderWhere([renderTimeRange(raw, range), ...renderFilters(filters, raw), DECODED_TOKEN])}
GROUP BY service, route, issuer, audience, alg, version
ORDER BY calls DESC
${renderLimit(MAX_SHAPES + 1)}`
}

/** When each version of the given services first shows up in the range: the deploy, as traffic tells it. */
export function buildVersionsQuery(services: readonly string[], range: QueryRange): Fragment {
  return sql`SELECT ${ident('ServiceName')} AS service, ${VERSION} AS version, toUnixTimestamp64Milli(min(${ident('Timestamp')})) AS firstSeen
FROM ${ident(TABLES.calls)}
${renderWhere([renderTimeRange(raw, range), sql`${ident('ServiceName')} IN ${param(services, 'Array(String)')}`])}
GROUP BY service, version`
}

export interface ShapeRow {
  service: string
  route: string
  issuer: string
  audience: string
  alg: string
  version: string
  calls: number
  failures: number
  firstSeen: number
  lastSeen: number
}

type Mismatch = { kind: DriftKind; value: string; expected: string[] }

/** How one token shape disagrees with its expectation (issuer, audience, algorithm), if it does. */
export function mismatchesOf(shape: Pick<ShapeRow, 'issuer' | 'audience' | 'alg'>, expectation: AuthExpectation): Mismatch[] {
  const out: Mismatch[] = []
  if (expectation.issuers.length > 0 && !expectation.issuers.includes(shape.issuer)) out.push({ kind: 'issuer', value: shape.issuer, expected: expectation.issuers })
  const audiences = shape.audience === '' ? [] : shape.audience.split(', ')
  if (expectation.audiences.length > 0 && !audiences.some((a) => expectation.audiences.includes(a))) out.push({ kind: 'audience', value: shape.audience, expected: expectation.audiences })
  if (expectation.algorithms.length > 0 && shape.alg !== '' && !expectation.algorithms.includes(shape.alg)) out.push({ kind: 'algorithm', value: shape.alg, expected: expectation.algorithms })
  return out
}

export type DriftCounts = Omit<AuthDriftResponse, 'meta' | 'truncated' | 'items'> & { items: Omit<DriftItem, 'versionFirstSeen'>[] }

/** Token shapes → drift items (per kind, expectation, service, route, value and version), coverage. */
export function computeDrift(shapes: readonly ShapeRow[], expectations: readonly AuthExpectation[]): DriftCounts {
  const find = createExpectationFinder(expectations)
  const items = new Map<string, Omit<DriftItem, 'versionFirstSeen'>>()
  const uncovered = new Map<string, { service: string; route: string; calls: number }>()
  let tokenCalls = 0
  let uncoveredCalls = 0
  for (const shape of shapes) {
    tokenCalls += shape.calls
    const match = find(shape.service, shape.route)
    if (!match) {
      uncoveredCalls += shape.calls
      const key = `${shape.service}\u0000${shape.route}`
      const entry = uncovered.get(key) ?? { service: shape.service, route: shape.route, calls: 0 }
      entry.calls += shape.calls
      uncovered.set(key, entry)
      continue
    }
    for (const mismatch of mismatchesOf(shape, match.expectation)) {
      const key = [mismatch.kind, match.index, shape.service, shape.route, mismatch.value, shape.version].join('\u0000')
      const item = items.get(key)
      if (item) {
        item.calls += shape.calls
        item.failures += shape.failures
        item.firstSeen = Math.min(item.firstSeen, shape.firstSeen)
        item.lastSeen = Math.max(item.lastSeen, shape.lastSeen)
      } else {
        items.set(key, {
          ...mismatch, expectation: match.index, service: shape.service, route: shape.route, version: shape.version,
          calls: shape.calls, failures: shape.failures, firstSeen: shape.firstSeen, lastSeen: shape.lastSeen,
        })
      }
    }
  }
  return {
    items: [...items.values()].sort((a, b) => b.calls - a.calls || a.firstSeen - b.firstSeen),
    tokenCalls,
    uncoveredCalls,
    uncoveredRoutes: [...uncovered.values()].sort((a, b) => b.calls - a.calls).slice(0, 10),
  }
}

type RawShape = Record<keyof ShapeRow, unknown>

export async function getAuthDrift(context: QueryContext, expectations: readonly AuthExpectation[], filters: Filters, range: QueryRange): Promise<Omit<AuthDriftResponse, 'meta'>> {
  const rows = await queryRows<RawShape>(context, buildShapesQuery(filters, range))
  const shapes: ShapeRow[] = rows.slice(0, MAX_SHAPES).map((row) => ({
    service: String(row.service), route: String(row.route), issuer: String(row.issuer), audience: String(row.audience), alg: String(row.alg),
    version: String(row.version), calls: toNumber(row.calls), failures: toNumber(row.failures), firstSeen: toNumber(row.firstSeen), lastSeen: toNumber(row.lastSeen),
  }))
  const drift = computeDrift(shapes, expectations)
  const services = [...new Set(drift.items.filter((item) => item.version !== '').map((item) => item.service))]
  const versions = new Map<string, number>()
  if (services.length > 0) {
    for (const row of await queryRows<{ service: string; version: string; firstSeen: unknown }>(context, buildVersionsQuery(services, range))) {
      versions.set(`${row.service}\u0000${row.version}`, toNumber(row.firstSeen))
    }
  }
  return {
    ...drift,
    items: drift.items.map((item) => ({ ...item, versionFirstSeen: item.version === '' ? null : versions.get(`${item.service}\u0000${item.version}`) ?? null })),
    truncated: rows.length > MAX_SHAPES,
  }
}

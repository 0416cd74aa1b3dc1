import { describe, expect, it } from 'vitest'
import { FiltersSchema, TopRequestSchema } from '@claimcheck/shared'
import { escapeLike, renderFilters, renderWhere } from './clauses.ts'
import { buildCallsQuery, buildSubjectStatsQuery, buildUnclassifiedQuery } from './queries-calls.ts'
import { buildSummaryQuery, buildTimeseriesQuery, buildTopQuery } from './queries-overview.ts'
import { SOURCES } from './sources.ts'
import { renderSql } from '@claimcheck/shared/node'

const EVIL = "x' OR 1=1 --"
const range = { from: 1_748_768_400_000, to: 1_748_772_000_000 }

describe('renderWhere / renderFilters', () => {
  it('renders nothing without conditions', () => {
    expect(renderSql(renderWhere([])).sql).toBe('')
  })

  it('renders status codes and classes, success as the empty cause', () => {
    const filters = FiltersSchema.parse({ status: '401,5xx', cause: ['success', 'expired'] })
    const { sql: text, params } = renderSql(renderWhere(renderFilters(filters, SOURCES.gateway_calls_1m)))
    expect(text).toBe('WHERE (`StatusCode` IN {p0:Array(UInt16)} OR intDiv(`StatusCode`, 100) IN {p1:Array(UInt8)}) AND (`Cause` IN {p2:Array(String)})')
    expect(params).toEqual({ p0: [401], p1: [5], p2: ['', 'expired'] })
  })

  it('renders excluded values as NOT, next to the included ones', () => {
    const filters = FiltersSchema.parse({ cause: ['!expired', 'unknown_sub'], status: '!4xx', kid: '!k1' })
    const { sql: text, params } = renderSql(renderWhere(renderFilters(filters, SOURCES.gateway_calls)))
    expect(text).toBe('WHERE NOT (intDiv(`StatusCode`, 100) IN {p0:Array(UInt8)}) AND (`Cause` IN {p1:Array(String)}) AND NOT (`Cause` IN {p2:Array(String)}) AND NOT (`TokenKeyId` IN {p3:Array(String)})')
    expect(params).toEqual({ p0: [4], p1: ['unknown_sub'], p2: ['expired'], p3: ['k1'] })
  })

  it('leaves out the excepted dimension (facet counts)', () => {
    const filters = FiltersSchema.parse({ cause: 'expired', route: '/a' })
    expect(renderSql(renderWhere(renderFilters(filters, SOURCES.gateway_calls, 'cause'))).sql).toBe('WHERE (`Route` IN {p0:Array(String)})')
  })

  it('throws when the source lacks a filtered dimension', () => {
    expect(() => renderFilters(FiltersSchema.parse({ subject: 'a' }), SOURCES.gateway_calls_1m)).toThrow(/cannot filter by subject/)
  })
})

describe('escapeLike', () => {
  it('makes % _ and \\ literal', () => {
    expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b')
  })
})

describe('query builders', () => {
  const filters = FiltersSchema.parse({
    service: EVIL, route: EVIL, method: EVIL, cause: 'expired', causeDetail: EVIL, subject: EVIL, issuer: EVIL, client: EVIL, tenant: EVIL, q: EVIL,
  })
  const built = [
    buildSummaryQuery(SOURCES.gateway_calls, filters, range),
    buildTimeseriesQuery(SOURCES.gateway_calls, filters, range, 60),
    buildTopQuery(SOURCES.gateway_calls, TopRequestSchema.parse({ ...filters, dimension: 'message' }), range),
    buildCallsQuery(filters, range, 'duration_desc', 51, { duration: '5', timestampNs: '1', traceId: EVIL, spanId: EVIL }),
    buildUnclassifiedQuery(filters, range, 10),
    buildSubjectStatsQuery(EVIL),
  ]

  it.each(built.map((fragment, i) => [i, fragment] as const))('builder %i never puts a user value in the SQL text', (_i, fragment) => {
    const { sql: text, params } = renderSql(fragment)
    expect(text).not.toContain("x'")
    expect(text).not.toContain('1=1')
    expect(JSON.stringify(params)).toContain('1=1')
  })

  it('pages by a strict tuple comparison in sort order', () => {
    const { sql: text } = renderSql(buildCallsQuery(FiltersSchema.parse({}), range, 'time_asc', 11, { timestampNs: '5', traceId: 'a', spanId: 'b' }))
    expect(text).toContain('(`Timestamp`, `TraceId`, `SpanId`) > (fromUnixTimestamp64Nano({p2:Int64}), {p3:String}, {p4:String})')
    expect(text).toContain('ORDER BY `Timestamp` ASC, `TraceId` ASC, `SpanId` ASC')
  })
})

import type {
  CallDetail, CallSummary, CallsPage, CallsRequest, DecodedClaims, FacetsRequest, FacetsResponse, Filters, GatewayCall, LogRecord, QueryRange,
  StoredCause, TimeseriesResponse,
} from '@claimcheck/shared'
import { NotFoundError } from '../../errors.ts'
import { decodeCursor, encodeCursor } from '../cursor.ts'
import { queryRows, toNumber, type QueryContext } from '../runner.ts'
import { buildCallQuery, buildCallsQuery, buildFacetQuery, buildLogsQuery, buildTraceBoundsQuery, type CallKey } from '../sql/queries-calls.ts'
import { chooseSource } from '../sql/sources.ts'
import { describeMeta, getTimeseries, resolveRange } from './overview.ts'
import { timeSlices } from './time-slices.ts'

/** A list row as ClickHouse returns it. */
export type CallSummaryRow = Omit<CallSummary, 'Timestamp' | 'StatusCode' | 'Duration'> & { ts: string; StatusCode: unknown; Duration: unknown }

export function toCallSummary(row: CallSummaryRow): CallSummary {
  const { ts, ...rest } = row
  return { ...rest, Timestamp: ts, StatusCode: toNumber(row.StatusCode), Duration: toNumber(row.Duration), Cause: row.Cause as StoredCause }
}

export async function listCalls(context: QueryContext, request: CallsRequest, nowMs: number): Promise<CallsPage> {
  const range = resolveRange(request, nowMs)
  const choice = chooseSource(request, { kind: 'calls' })
  const after = request.cursor ? decodeCursor(request.cursor, request.sort) : undefined
  const rows = await readPage(context, request, range, after)
  const calls = rows.slice(0, request.limit).map(toCallSummary)
  const last = calls[calls.length - 1]
  const nextCursor =
    rows.length > request.limit && last
      ? encodeCursor(request.sort, { duration: String(last.Duration), timestampNs: last.Timestamp, traceId: last.TraceId, spanId: last.SpanId })
      : null
  return { meta: describeMeta(choice, range, context), calls, nextCursor }
}

/** `limit + 1` rows in sort order; time sorts read slice by slice from the end they start at. */
async function readPage(context: QueryContext, request: CallsRequest, range: QueryRange, after: CallKey | undefined): Promise<CallSummaryRow[]> {
  const wanted = request.limit + 1
  if (request.sort !== 'time_desc' && request.sort !== 'time_asc') {
    return queryRows<CallSummaryRow>(context, buildCallsQuery(request, range, request.sort, wanted, after))
  }
  const afterMs = after ? Number(BigInt(after.timestampNs) / 1_000_000n) : undefined
  const rows: CallSummaryRow[] = []
  for (const slice of timeSlices(range, request.sort, afterMs)) {
    rows.push(...(await queryRows<CallSummaryRow>(context, buildCallsQuery(request, slice, request.sort, wanted - rows.length, after))))
    if (rows.length >= wanted) break
  }
  return rows
}

/** Calls and failures per bucket counted on the raw table, so the bars add up to what the list holds. */
export function getCallsHistogram(context: QueryContext, filters: Filters, nowMs: number): Promise<TimeseriesResponse> {
  return getTimeseries(context, { ...filters, source: 'raw' }, nowMs)
}

/** Value counts of each requested dimension, each under the other filters. */
export async function getCallFacets(context: QueryContext, request: FacetsRequest, nowMs: number): Promise<FacetsResponse> {
  const range = resolveRange(request, nowMs)
  const facets = await Promise.all(
    request.dimension.map(async (dimension) => {
      const rows = await queryRows<{ value: unknown; calls: unknown; failures: unknown; total: unknown }>(context, buildFacetQuery(request, range, dimension, request.limit))
      return {
        dimension,
        total: rows.length ? toNumber(rows[0]!.total) : 0,
        values: rows.map((row) => ({ value: String(row.value), calls: toNumber(row.calls), failures: toNumber(row.failures) })),
      }
    }),
  )
  return { meta: describeMeta(chooseSource(request, { kind: 'calls' }), range, context), facets }
}

type CallRow = Omit<GatewayCall, 'Timestamp' | 'TokenIssuedAt' | 'TokenNotBefore' | 'TokenExpiresAt'> & {
  ts: string
  iat: number | null
  nbf: number | null
  exp: number | null
}

export type LogRow = Omit<LogRecord, 'Timestamp'> & { ts: string }

export function toLogRecord({ ts, ...row }: LogRow): LogRecord {
  return { ...row, Timestamp: ts, SeverityNumber: toNumber(row.SeverityNumber) }
}

/** How far apart the call and the token's times are, in seconds. */
function decodeClaims(call: GatewayCall): DecodedClaims {
  const at = Number(BigInt(call.Timestamp) / 1_000_000_000n)
  const optional = (value: string) => (value === '' ? undefined : value)
  const since = (seconds: number | null) => (seconds === null ? null : at - seconds)
  return {
    present: call.TokenPresent === 1,
    sub: optional(call.Subject),
    iss: optional(call.Issuer),
    aud: call.Audience,
    exp: call.TokenExpiresAt ?? undefined,
    nbf: call.TokenNotBefore ?? undefined,
    iat: call.TokenIssuedAt ?? undefined,
    scopes: call.Scopes,
    clientId: optional(call.ClientId),
    tenant: optional(call.Tenant),
    kid: optional(call.TokenKeyId),
    alg: optional(call.TokenAlgorithm),
    secondsPastExpiry: since(call.TokenExpiresAt),
    secondsBeforeNotBefore: call.TokenNotBefore === null ? null : call.TokenNotBefore - at,
    tokenAgeSeconds: since(call.TokenIssuedAt),
  }
}

/** Logs are looked for this long around the call: clocks of gateways and log shippers drift. */
const LOG_WINDOW_SECONDS = 3_600

export async function getCall(context: QueryContext, traceId: string, spanId: string): Promise<CallDetail> {
  const [row] = await queryRows<CallRow>(context, buildCallQuery(traceId, spanId))
  if (!row) throw new NotFoundError(`Call ${traceId}/${spanId}`)
  const { ts, iat, nbf, exp, ...rest } = row
  const nullable = (value: unknown) => (value === null || value === undefined ? null : toNumber(value))
  const call: GatewayCall = {
    ...rest,
    Timestamp: ts,
    StatusCode: toNumber(rest.StatusCode),
    Duration: toNumber(rest.Duration),
    TokenPresent: toNumber(rest.TokenPresent),
    TokenIssuedAt: nullable(iat),
    TokenNotBefore: nullable(nbf),
    TokenExpiresAt: nullable(exp),
  }
  const at = Number(BigInt(ts) / 1_000_000_000n)
  const [logs, [bounds]] = await Promise.all([
    queryRows<LogRow>(context, buildLogsQuery(traceId, spanId, at - LOG_WINDOW_SECONDS, at + LOG_WINDOW_SECONDS)),
    queryRows<{ n: unknown }>(context, buildTraceBoundsQuery(traceId)),
  ])
  const { Cause, CauseDetail, EvidenceRule, Evidence, ErrorMessage, Source } = call
  return {
    call, claims: decodeClaims(call), evidence: { Cause, CauseDetail, EvidenceRule, Evidence, ErrorMessage, Source }, logs: logs.map(toLogRecord),
    traceStored: toNumber(bounds?.n) > 0,
  }
}

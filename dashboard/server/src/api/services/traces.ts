import type { Span, TraceResponse } from '@claimcheck/shared'
import { NotFoundError } from '../../errors.ts'
import { queryRows, toNumber, type QueryContext } from '../runner.ts'
import { buildLogsQuery, buildSpansQuery, buildTraceBoundsQuery, buildTraceCallsQuery } from '../sql/queries-calls.ts'
import { toCallSummary, toLogRecord, type CallSummaryRow, type LogRow } from './calls.ts'

type Attributes = Record<string, string>
type SpanRow = Omit<Span, 'Timestamp' | 'Duration' | 'Events' | 'Links'> & {
  ts: string
  Duration: unknown
  eventTimes: string[]
  'Events.Name': string[]
  'Events.Attributes': Attributes[]
  'Links.TraceId': string[]
  'Links.SpanId': string[]
  'Links.TraceState': string[]
  'Links.Attributes': Attributes[]
}

function toSpan(row: SpanRow): Span {
  const { ts, eventTimes, 'Events.Name': names, 'Events.Attributes': eventAttributes, ...rest } = row
  const { 'Links.TraceId': linkTraces, 'Links.SpanId': linkSpans, 'Links.TraceState': linkStates, 'Links.Attributes': linkAttributes, ...span } = rest
  return {
    ...span,
    Timestamp: ts,
    Duration: toNumber(row.Duration),
    Events: eventTimes.map((time, i) => ({ Timestamp: time, Name: names[i] ?? '', Attributes: eventAttributes[i] ?? {} })),
    Links: linkTraces.map((traceId, i) => ({
      TraceId: traceId, SpanId: linkSpans[i] ?? '', TraceState: linkStates[i] ?? '', Attributes: linkAttributes[i] ?? {},
    })),
  }
}

/** Logs and calls of a trace are looked for this far outside its spans' bounds. */
const MARGIN_SECONDS = 60

/** All spans of a trace, found through the TraceId → time range lookup instead of a full scan. */
export async function getTrace(context: QueryContext, traceId: string): Promise<TraceResponse> {
  const [bounds] = await queryRows<{ n: unknown; start: unknown; end: unknown }>(context, buildTraceBoundsQuery(traceId))
  if (!bounds || toNumber(bounds.n) === 0) throw new NotFoundError(`Trace ${traceId}`)
  const start = toNumber(bounds.start)
  const end = toNumber(bounds.end)
  const spans = await queryRows<SpanRow>(context, buildSpansQuery(traceId, start, end))
  const logs = await queryRows<LogRow>(context, buildLogsQuery(traceId, undefined, start - MARGIN_SECONDS, end + MARGIN_SECONDS))
  const calls = await queryRows<CallSummaryRow>(context, buildTraceCallsQuery(traceId, start - MARGIN_SECONDS, end + MARGIN_SECONDS))
  return {
    traceId,
    start: start * 1000,
    end: end * 1000,
    spans: spans.map(toSpan),
    logs: logs.map(toLogRecord),
    calls: calls.map(toCallSummary),
  }
}

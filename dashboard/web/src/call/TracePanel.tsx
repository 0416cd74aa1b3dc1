import { useMemo } from 'react'
import type { TraceResponse } from '@claimcheck/shared'
import { Panel } from '../components/Panel.tsx'
import { Empty } from '../components/States.tsx'
import { formatDurationMs } from '../lib/format.ts'
import { listParam, numberParam, textParam } from '../lib/params.ts'
import { usePageParams } from '../lib/use-view.ts'
import { createViewedBoundsFunc, generateRows, orderSpans, traceBounds } from '../waterfall/row-model.ts'
import { Waterfall } from '../waterfall/Waterfall.tsx'
import { SpanDetail } from './SpanDetail.tsx'
import { toDisplaySpans } from './trace-rows.ts'

/** Selected span, collapsed spans and the zoomed window live in the URL: a link shows the same. */
const TRACE_PARAMS = {
  span: textParam(128),
  collapsed: listParam(),
  ws: numberParam(0, 0, 1),
  we: numberParam(1, 0, 1),
}

export function TracePanel({ trace, callSpanId }: { trace: TraceResponse; callSpanId: string }) {
  const [params, setParams] = usePageParams(TRACE_PARAMS)
  const callSpans = useMemo(() => new Set([callSpanId, ...trace.calls.map((c) => c.SpanId)]), [trace.calls, callSpanId])
  const spans = useMemo(() => toDisplaySpans(trace.spans, callSpans), [trace.spans, callSpans])
  const ordered = useMemo(() => orderSpans(spans), [spans])
  const collapsed = useMemo(() => new Set(params.collapsed), [params.collapsed])
  const rows = useMemo(() => generateRows(ordered, collapsed), [ordered, collapsed])
  const bounds = useMemo(() => traceBounds(spans), [spans])
  const viewStart = params.ws < params.we ? params.ws : 0
  const viewEnd = params.ws < params.we ? params.we : 1
  const viewed = useMemo(
    () => (bounds ? createViewedBoundsFunc({ min: bounds.startMs, max: bounds.endMs, viewStart, viewEnd }) : undefined),
    [bounds, viewStart, viewEnd],
  )
  if (!bounds || !viewed) {
    return (
      <Panel title="Trace" id="trace">
        <Empty title="No spans stored for this trace" compact>
          The gateway sent logs only, or the spans are past their retention. Log records are below.
        </Empty>
      </Panel>
    )
  }
  const selectedId = params.span || (spans.some((s) => s.spanId === callSpanId) ? callSpanId : spans[0]?.spanId)
  const selected = spans.find((s) => s.spanId === selectedId)
  const services = new Set(spans.map((s) => s.service)).size
  const errors = spans.filter((s) => s.isError).length
  const zoomed = viewStart > 0 || viewEnd < 1

  return (
    <Panel
      title={
        <>
          Trace <span className="panel-sub mono">{trace.traceId}</span>
        </>
      }
      id="trace"
      actions={
        <>
          <span>
            {spans.length} spans · {services} services · {formatDurationMs(bounds.endMs - bounds.startMs)}
            {errors ? ` · ${errors} with errors` : ''}
          </span>
          {zoomed ? (
            <button type="button" className="btn btn-sm" onClick={() => setParams({ ws: 0, we: 1 }, { replace: true })}>
              Reset zoom
            </button>
          ) : null}
          {params.collapsed.length > 0 ? (
            <button type="button" className="btn btn-sm" onClick={() => setParams({ collapsed: [] }, { replace: true })}>
              Expand all
            </button>
          ) : null}
        </>
      }
    >
      <div className="trace-layout">
        <Waterfall
          rows={rows}
          viewedBounds={viewed}
          traceDurationMs={bounds.endMs - bounds.startMs}
          viewStart={viewStart}
          viewEnd={viewEnd}
          collapsed={collapsed}
          selectedId={selectedId}
          onToggle={(id) => setParams({ collapsed: collapsed.has(id) ? params.collapsed.filter((c) => c !== id) : [...params.collapsed, id] }, { replace: true })}
          onSelect={(id) => setParams({ span: id }, { replace: true })}
          onViewChange={(ws, we) => setParams({ ws: Math.round(ws * 1e4) / 1e4, we: Math.round(we * 1e4) / 1e4 }, { replace: true })}
        />
        {selected ? <SpanDetail span={selected.source} traceStartMs={bounds.startMs} /> : null}
      </div>
    </Panel>
  )
}

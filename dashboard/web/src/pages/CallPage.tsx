import { Link, useParams } from 'react-router'
import { traceMayStillArrive, useCall, useTrace } from '../api/calls.ts'
import { ClaimsPanel, WhatHappened, WhyItFailed } from '../call/CallFacts.tsx'
import { LogsPanel } from '../call/LogsPanel.tsx'
import { SubjectHistoryPanel } from '../call/SubjectHistoryPanel.tsx'
import { TracePanel } from '../call/TracePanel.tsx'
import { CauseBadge, StatusCode } from '../components/CauseBadge.tsx'
import { PageHeader } from '../components/PageHeader.tsx'
import { Panel } from '../components/Panel.tsx'
import { Empty, ErrorState, Loading, Skeleton } from '../components/States.tsx'
import { nsToMs, type ResolvedRange } from '../lib/time.ts'
import { useView } from '../lib/use-view.ts'
import { carryViewParams } from '../lib/view-state.ts'
import { CallPlaybookPanel } from '../troubleshoot/PlaybookPanel.tsx'
import { CallSubjectPanel } from '../troubleshoot/SubjectDirectory.tsx'

const DAY_MS = 86_400_000

/** The subject's history is shown around the call (a day before it), whatever the page range. */
function subjectRange(callMs: number, page: ResolvedRange): ResolvedRange {
  const toMs = Math.max(page.toMs, Math.min(Date.now(), callMs + DAY_MS / 24))
  return { fromMs: Math.min(page.fromMs, callMs - DAY_MS), toMs }
}

export function CallPage() {
  const { traceId = '', spanId = '' } = useParams()
  const { search, resolved } = useView()
  const call = useCall(traceId, spanId)
  const trace = useTrace(traceId, call.data?.traceStored ?? false)
  const carried = carryViewParams(search)
  const data = call.data
  const logs = trace.data?.logs.length ? trace.data.logs : (data?.logs ?? [])

  return (
    <div className="page">
      <PageHeader
        crumbs={
          <>
            <Link to={`/${carried}`}>Overview</Link>
            <span aria-hidden="true">›</span>
            {data?.call.Cause ? (
              <>
                <Link to={`/causes/${data.call.Cause}${carried}`}>Cause</Link>
                <span aria-hidden="true">›</span>
              </>
            ) : null}
            <Link to={`/calls${carried}`}>Calls</Link>
            <span aria-hidden="true">›</span>
            <span>Call</span>
          </>
        }
        title={
          data ? (
            <>
              <StatusCode code={data.call.StatusCode} />
              <span className="mono">
                {data.call.Method} {data.call.Route || data.call.Path}
              </span>
              <CauseBadge cause={data.call.Cause} />
            </>
          ) : (
            'Call'
          )
        }
      />
      {call.isPending ? (
        <Loading label="Loading the call" />
      ) : call.error || !data ? (
        <ErrorState error={call.error} onRetry={() => void call.refetch()} />
      ) : (
        <>
          <div className="grid-3 call-top">
            <WhatHappened detail={data} />
            <WhyItFailed detail={data} />
            <ClaimsPanel detail={data} />
          </div>
          {data.call.Cause !== '' ? (
            <div className={data.call.Cause === 'unknown_sub' ? 'grid-main-side' : undefined}>
              <CallPlaybookPanel traceId={traceId} spanId={spanId} cause={data.call.Cause} carried={carried} />
              {data.call.Cause === 'unknown_sub' ? <CallSubjectPanel subject={data.call.Subject} tenant={data.call.Tenant} /> : null}
            </div>
          ) : null}
          {!data.traceStored && traceMayStillArrive(nsToMs(data.call.Timestamp)) ? (
            <Panel title="Trace" id="trace">
              <Loading label="Waiting for the trace's spans (exporters send them a few seconds after the call)" compact />
            </Panel>
          ) : !data.traceStored ? (
            <Panel title="Trace" id="trace">
              <Empty title="No spans stored for this trace" compact>
                The gateway sent only its access log for this call, or its spans are past their retention.
              </Empty>
            </Panel>
          ) : trace.isPending ? (
            <Panel title="Trace" id="trace">
              <Skeleton height={220} label="Loading the trace" />
            </Panel>
          ) : trace.error || !trace.data ? (
            <Panel title="Trace" id="trace">
              <ErrorState error={trace.error} onRetry={() => void trace.refetch()} compact />
            </Panel>
          ) : (
            <TracePanel trace={trace.data} callSpanId={spanId} />
          )}
          <div className="grid-2">
            <SubjectHistoryPanel subject={data.call.Subject} range={subjectRange(nsToMs(data.call.Timestamp), resolved)} callMs={nsToMs(data.call.Timestamp)} />
            <LogsPanel logs={logs} callSpanId={spanId} />
          </div>
        </>
      )}
    </div>
  )
}

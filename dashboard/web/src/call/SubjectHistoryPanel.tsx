import { useMemo } from 'react'
import { Link, useLocation } from 'react-router'
import { useSubjectHistory } from '../api/calls.ts'
import { CauseAreaChart } from '../charts/CauseAreaChart.tsx'
import { shapeCauseSeries } from '../charts/shape.ts'
import { CauseBadge } from '../components/CauseBadge.tsx'
import { Panel } from '../components/Panel.tsx'
import { QueryView, Skeleton } from '../components/States.tsx'
import { formatExact } from '../lib/format.ts'
import { formatAgo, formatTimestamp, type ResolvedRange } from '../lib/time.ts'
import { addFilter, carryViewParams } from '../lib/view-state.ts'

/** "This sub last succeeded at 09:12": the subject's history around the call. */
export function SubjectHistoryPanel({ subject, range, callMs }: { subject: string; range: ResolvedRange; callMs: number }) {
  const query = useSubjectHistory(subject || undefined, range)
  const location = useLocation()
  const series = useMemo(
    () => query.data && shapeCauseSeries(query.data.points, query.data.meta.from, query.data.meta.to, query.data.bucketSeconds * 1000),
    [query.data],
  )
  if (!subject) {
    return (
      <Panel title="Subject history" id="subject">
        <p className="hint">The call carried no subject.</p>
      </Panel>
    )
  }
  const callsLink = `/calls${carryViewParams(addFilter(new URLSearchParams(location.search), 'subject', subject))}`
  return (
    <Panel title="Subject history" id="subject" actions={<Link to={callsLink}>All calls of this subject →</Link>}>
      <QueryView query={query} loading={<Skeleton height={180} label="Loading the subject's history" />}>
        {(data) => (
          <div className="subject-history">
            <p className="subject-verdict">
              {data.lastSuccess === null ? (
                <>
                  <strong className="bad">Never succeeded</strong> in the stored history
                  {data.firstSeen !== null ? <> (first seen {formatTimestamp(data.firstSeen)})</> : null}.
                </>
              ) : (
                <>
                  Last succeeded <strong>{formatTimestamp(data.lastSuccess)}</strong> ({formatAgo(data.lastSuccess, callMs).replace(' ago', ' before this call')}).
                </>
              )}
            </p>
            <dl className="facts facts-3">
              <div className="fact"><dt>Calls in range</dt><dd>{formatExact(data.calls)}</dd></div>
              <div className="fact"><dt>Failures in range</dt><dd>{formatExact(data.failures)}</dd></div>
              <div className="fact"><dt>Last seen</dt><dd>{data.lastSeen !== null ? formatTimestamp(data.lastSeen) : '—'}</dd></div>
              <div className="fact"><dt>Issuers</dt><dd className="mono">{data.issuers.join(', ') || '—'}</dd></div>
              <div className="fact"><dt>Clients</dt><dd className="mono">{data.clients.join(', ') || '—'}</dd></div>
              <div className="fact"><dt>Tenants</dt><dd>{data.tenants.join(', ') || '—'}</dd></div>
            </dl>
            {data.causes.length > 0 ? (
              <div className="subject-causes">
                {data.causes.map((c) => (
                  <span key={c.cause} className="subject-cause">
                    <CauseBadge cause={c.cause} /> {formatExact(c.failures)}
                  </span>
                ))}
              </div>
            ) : null}
            {series && series.causes.length > 0 ? (
              <CauseAreaChart rows={series.rows} causes={series.causes} range={{ fromMs: data.meta.from, toMs: data.meta.to }} stepMs={series.stepMs} height={110} label={`Failures of subject ${subject} over time`} />
            ) : null}
          </div>
        )}
      </QueryView>
    </Panel>
  )
}

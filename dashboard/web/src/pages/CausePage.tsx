import { useMemo } from 'react'
import { Link, useParams } from 'react-router'
import { CAUSE_INFO, labelCauseDetail, type Cause } from '@claimcheck/shared'
import { useCalls } from '../api/calls.ts'
import { useSummary, useTimeseries, useTop } from '../api/overview.ts'
import { CallsTable } from '../calls/CallsTable.tsx'
import { pickColumns } from '../calls/columns.tsx'
import { CauseAreaChart } from '../charts/CauseAreaChart.tsx'
import { shapeCauseSeries } from '../charts/shape.ts'
import { FilterBar } from '../components/FilterBar.tsx'
import { KpiTile } from '../components/KpiTile.tsx'
import { PageHeader } from '../components/PageHeader.tsx'
import { Panel } from '../components/Panel.tsx'
import { Empty, QueryView, Skeleton } from '../components/States.tsx'
import { TopPanel } from '../components/TopPanel.tsx'
import { TopTable } from '../components/TopTable.tsx'
import { UnclassifiedPanel } from '../components/UnclassifiedPanel.tsx'
import { CausePlaybookPanel } from '../troubleshoot/PlaybookPanel.tsx'
import { CauseSubjectsPanel } from '../troubleshoot/SubjectDirectory.tsx'
import { CAUSE_COLORS, isCause } from '../lib/causes.ts'
import { formatCount, formatPercent } from '../lib/format.ts'
import { useView } from '../lib/use-view.ts'
import { addFilter, carryViewParams, type FilterKey } from '../lib/view-state.ts'
import { NotFoundPage } from './NotFoundPage.tsx'

const CAUSE_COLUMNS = ['time', 'status', 'detail', 'method', 'route', 'subject', 'issuer', 'client', 'message']

export function CausePage() {
  const { cause } = useParams()
  if (!cause || !isCause(cause)) return <NotFoundPage what={`Cause “${cause}”`} />
  return <CauseView cause={cause} />
}

function CauseView({ cause }: { cause: Cause }) {
  const { filters: pageFilters, resolved, search, setSearch, setRange } = useView()
  // The path names the cause: it replaces any cause filter of the URL.
  const filters = useMemo(() => ({ ...pageFilters, cause: [cause] }), [pageFilters, cause])
  const info = CAUSE_INFO[cause]
  const color = CAUSE_COLORS[cause]
  const summary = useSummary(pageFilters.cause.length ? { ...pageFilters, cause: [] } : pageFilters, resolved)
  const timeseries = useTimeseries(filters, resolved)
  const details = useTop('causeDetail', filters, resolved, { limit: 10 })
  const calls = useCalls(filters, resolved, 'time_desc', 100)
  const callRows = useMemo(() => calls.data?.pages.flatMap((p) => p.calls) ?? [], [calls.data])
  const series = useMemo(
    () => timeseries.data && shapeCauseSeries(timeseries.data.points, timeseries.data.meta.from, timeseries.data.meta.to, timeseries.data.bucketSeconds * 1000),
    [timeseries.data],
  )
  const mine = summary.data?.causes.find((c) => c.cause === cause)
  const onFilter = (key: FilterKey, value: string) => setSearch(addFilter(search, key, value))
  const carried = carryViewParams(search)

  return (
    <div className="page">
      <PageHeader
        crumbs={
          <>
            <Link to={`/${carried}`}>Overview</Link>
            <span aria-hidden="true">›</span>
            <span>Cause</span>
          </>
        }
        title={
          <>
            <span className="title-swatch" style={{ background: color }} aria-hidden="true" />
            {info.label}
            <code className="title-code">{cause}</code>
          </>
        }
      />
      <p className="page-lede">{info.description}</p>
      <FilterBar hide={['cause']} />

      <div className="kpis kpis-3">
        {mine ? (
          <>
            <KpiTile label="Failures" accent={color} value={formatCount(mine.failures.current)} current={mine.failures.current} previous={mine.failures.previous} upIsBad />
            <KpiTile label="Share of all failures" value={formatPercent(mine.share)} current={mine.share} previous={undefined} upIsBad hint={`of ${formatCount(summary.data?.failures.current ?? 0)} failures`} />
            <KpiTile label="Subjects affected" value={formatCount(mine.subjects)} current={mine.subjects} previous={undefined} upIsBad hint="distinct sub claims" />
          </>
        ) : (
          [0, 1, 2].map((i) => <Skeleton key={i} height={86} label="Loading key figures" />)
        )}
      </div>

      <div className="grid-main-side">
        <Panel title="Timeline" id="cause-timeline" actions={<span className="hint">Drag to zoom</span>}>
          <QueryView query={timeseries} loading={<Skeleton height={220} label="Loading the timeline" />}>
            {() =>
              series && series.causes.includes(cause) ? (
                <CauseAreaChart rows={series.rows} causes={[cause]} range={{ fromMs: timeseries.data!.meta.from, toMs: timeseries.data!.meta.to }} stepMs={series.stepMs} height={220} onZoom={(f, t) => setRange({ from: String(f), to: String(t) })} label={`${info.label} failures over time`} />
              ) : (
                <Empty title={`No ${info.label.toLowerCase()} failures in this range`}>Widen the time range, or go back to the overview to see what else fails.</Empty>
              )
            }
          </QueryView>
        </Panel>
        <Panel title="Details" id="cause-details">
          <QueryView query={details} compact loading={<Skeleton height={220} label="Loading details" />}>
            {(data) => (
              <TopTable
                title="Details"
                rows={data.items.map((item) => ({ value: item.value, count: item.failures }))}
                color={color}
                onSelect={(value) => onFilter('causeDetail', value)}
                emptyText="No details recorded for these failures."
              />
            )}
          </QueryView>
          <DetailLegend cause={cause} />
        </Panel>
      </div>

      <div className="grid-main-side">
        <CausePlaybookPanel cause={cause} filters={filters} range={resolved} carried={carried} />
        {cause === 'unknown_sub' ? (
          <CauseSubjectsPanel filters={filters} range={resolved} carried={carried} onFilter={(value) => onFilter('subject', value)} />
        ) : (
          <TopPanel title="Top subjects" dimension="subject" filterKey="subject" filters={filters} range={resolved} onFilter={onFilter} color={color} mono limit={6} />
        )}
      </div>

      <div className="grid-3">
        <TopPanel title="Top routes" dimension="route" filterKey="route" filters={filters} range={resolved} onFilter={onFilter} color={color} mono limit={6} />
        <TopPanel title="Top clients" dimension="client" filterKey="client" filters={filters} range={resolved} onFilter={onFilter} color={color} mono limit={6} />
        <TopPanel title="Top issuers" dimension="issuer" filterKey="issuer" filters={filters} range={resolved} onFilter={onFilter} color={color} limit={6} />
      </div>

      {cause === 'other' ? <UnclassifiedPanel filters={filters} range={resolved} /> : null}

      <Panel title="Calls" id="cause-calls" actions={<Link to={`/calls${carryViewParams(addFilter(search, 'cause', cause))}`}>Open in calls explorer →</Link>}>
        {calls.isPending ? (
          <Skeleton height={300} label="Loading calls" />
        ) : callRows.length === 0 ? (
          <Empty title="No calls" compact />
        ) : (
          <CallsTable calls={callRows} columns={pickColumns(CAUSE_COLUMNS)} hasMore={Boolean(calls.hasNextPage)} loadingMore={calls.isFetchingNextPage} onLoadMore={() => void calls.fetchNextPage()} height={360} label={`${info.label} calls`} />
        )}
      </Panel>
    </div>
  )
}

function DetailLegend({ cause }: { cause: Cause }) {
  const details = Object.entries(CAUSE_INFO[cause].details)
  if (details.length === 0) return null
  return (
    <details className="detail-legend">
      <summary>What the details mean</summary>
      <dl>
        {details.map(([id, d]) => (
          <div key={id}>
            <dt>{labelCauseDetail(cause, id)}</dt>
            <dd>{d.description}</dd>
          </div>
        ))}
      </dl>
    </details>
  )
}

import { useMemo } from 'react'
import { useNavigate } from 'react-router'
import { usePrefetchQuery } from '@tanstack/react-query'
import type { Cause } from '@claimcheck/shared'
import { useFiringAlerts } from '../api/firing-alerts.ts'
import { summaryOptions, timeseriesOptions, useSummary, useTimeseries } from '../api/overview.ts'
import { isUnreachable } from '../api/client.ts'
import { FiringAlertsStrip } from '../components/FiringAlertsStrip.tsx'
import { CauseAreaChart } from '../charts/CauseAreaChart.tsx'
import { CauseLegend } from '../charts/CauseLegend.tsx'
import { RateChart } from '../charts/RateChart.tsx'
import { shapeCauseSeries, visibleCauses } from '../charts/shape.ts'
import { CauseTable } from '../components/CauseTable.tsx'
import { FilterBar } from '../components/FilterBar.tsx'
import { KpiTile } from '../components/KpiTile.tsx'
import { PageHeader } from '../components/PageHeader.tsx'
import { Panel } from '../components/Panel.tsx'
import { DataFrame, Empty, ErrorState, QueryView, Skeleton, useKeptData } from '../components/States.tsx'
import { TopPanel } from '../components/TopPanel.tsx'
import { CAUSE_COLORS } from '../lib/causes.ts'
import { formatCount, formatPercent } from '../lib/format.ts'
import { useView } from '../lib/use-view.ts'
import { addFilter, carryViewParams, removeFilter, type FilterKey } from '../lib/view-state.ts'

export function OverviewPage() {
  const { view, filters, resolved, search, setSearch, setRange } = useView()
  const navigate = useNavigate()
  // Started during render, before the six top panels' effects fire their requests: the key
  // figures and charts are what an engineer looks at first, and a browser opens only six
  // connections per server, so whatever asks last waits for the slowest top-N query.
  usePrefetchQuery(summaryOptions(filters, resolved))
  usePrefetchQuery(timeseriesOptions(filters, resolved))
  const summaryQuery = useSummary(filters, resolved)
  const timeseriesQuery = useTimeseries(filters, resolved)
  // What the panels draw: during an outage the last answers, dimmed (the QueryViews below do the same).
  const keptSummary = useKeptData(summaryQuery)
  const keptTimeseries = useKeptData(timeseriesQuery)
  const summary = { ...summaryQuery, data: keptSummary.data }
  const timeseries = { ...timeseriesQuery, data: keptTimeseries.data }
  const series = useMemo(
    () => timeseries.data && shapeCauseSeries(timeseries.data.points, timeseries.data.meta.from, timeseries.data.meta.to, timeseries.data.bucketSeconds * 1000),
    [timeseries.data],
  )
  const chartRange = timeseries.data ? { fromMs: timeseries.data.meta.from, toMs: timeseries.data.meta.to } : resolved
  const causeLink = (cause: Cause) => `/causes/${cause}${carryViewParams(removeFilter(search, 'cause'))}`
  const onFilter = (key: FilterKey, value: string) => setSearch(addFilter(search, key, value))
  const onZoom = (fromMs: number, toMs: number) => setRange({ from: String(fromMs), to: String(toMs) })
  const toggleCause = (cause: Cause) => setSearch(view.cause.includes(cause) ? removeFilter(search, 'cause', cause) : addFilter(search, 'cause', cause))
  const unknownSub = summary.data?.causes.find((c) => c.cause === 'unknown_sub')?.failures
  const { firing } = useFiringAlerts()
  const markers = useMemo(
    () => firing.flatMap((a) => (a.instance.firedAt ? [{ t: Date.parse(a.instance.firedAt), label: a.rule.name }] : [])),
    [firing],
  )

  return (
    <div className="page">
      <PageHeader title="Overview" />
      <FilterBar />
      <FiringAlertsStrip />
      <DataFrame data={summary.data} stale={keptSummary.stale}>
      <div className="kpis" aria-label="Key figures" role="group">
        {summary.error && !summary.data && !isUnreachable(summary.error) ? (
          <div style={{ gridColumn: '1 / -1' }}>
            <ErrorState error={summary.error} onRetry={() => void summary.refetch()} compact />
          </div>
        ) : summary.data ? (
          <>
            <KpiTile label="Calls" value={formatCount(summary.data.calls.current)} current={summary.data.calls.current} previous={summary.data.calls.previous} upIsBad={false} />
            <KpiTile label="Failures" value={formatCount(summary.data.failures.current)} current={summary.data.failures.current} previous={summary.data.failures.previous} upIsBad />
            <KpiTile
              label="Failure rate"
              value={formatPercent(summary.data.failureRate.current)}
              current={summary.data.failureRate.current}
              previous={summary.data.failureRate.previous}
              upIsBad
            />
            <KpiTile
              label="Unknown-subject failures"
              accent={CAUSE_COLORS.unknown_sub}
              value={formatCount(unknownSub?.current ?? 0)}
              current={unknownSub?.current ?? 0}
              previous={unknownSub?.previous}
              upIsBad
              onClick={() => navigate(causeLink('unknown_sub'))}
            />
          </>
        ) : (
          [0, 1, 2, 3].map((i) => <Skeleton key={i} height={86} label="Loading key figures" />)
        )}
      </div>
      </DataFrame>

      <div className="grid-main-side">
        {/* One column for both time charts: same width, same x positions, one shared crosshair. */}
        <div className="chart-stack">
        <Panel title="Failures by cause" id="failures-by-cause" actions={<span className="hint">Drag to zoom · click a band to open its cause</span>}>
          <QueryView query={timeseries} loading={<Skeleton height={330} label="Loading failures by cause" />}>
            {() =>
              series && series.causes.length > 0 ? (
                <>
                  <CauseAreaChart
                    rows={series.rows}
                    causes={visibleCauses(series.causes, view.cause)}
                    range={chartRange}
                    stepMs={series.stepMs}
                    onZoom={onZoom}
                    onSelectCause={(cause) => navigate(causeLink(cause))}
                    height={280}
                    syncId="overview"
                    markers={markers}
                    label={`Failures by cause over time: ${series.causes.map((c) => `${c} ${series.totals[c]}`).join(', ')}`}
                  />
                  <CauseLegend causes={series.causes} totals={series.totals} active={view.cause} onToggle={toggleCause} linkTo={causeLink} />
                </>
              ) : (
                <Empty title="No failed calls in this range">
                  {series && series.rows.some((r) => r.calls > 0)
                    ? 'Calls arrived and none failed authentication. Widen the range to compare with earlier failures.'
                    : 'No calls arrived in this range. Check that your gateways export OTLP to the collector (port 4318), or widen the range.'}
                </Empty>
              )
            }
          </QueryView>
        </Panel>
        <Panel title="Failure rate" id="failure-rate" actions={summary.data ? <span>{formatPercent(summary.data.failureRate.current)} over the range</span> : null}>
          <QueryView query={timeseries} loading={<Skeleton height={120} label="Loading failure rate" />}>
            {() => (series ? <RateChart rows={series.rows} range={chartRange} stepMs={series.stepMs} onZoom={onZoom} syncId="overview" markers={markers} label="Failure rate over time" /> : null)}
          </QueryView>
        </Panel>

        </div>
        <Panel title="Causes" id="causes">
          <QueryView query={summary} loading={<Skeleton height={282} label="Loading causes" />}>
            {(data) => <CauseTable causes={data.causes} linkTo={causeLink} />}
          </QueryView>
        </Panel>
      </div>

      <div className="grid-3">
        <TopPanel title="Top routes" dimension="route" filterKey="route" filters={filters} range={resolved} onFilter={onFilter} mono />
        <TopPanel title="Top subjects" dimension="subject" filterKey="subject" filters={filters} range={resolved} onFilter={onFilter} mono />
        <TopPanel title="Top issuers" dimension="issuer" filterKey="issuer" filters={filters} range={resolved} onFilter={onFilter} />
        <TopPanel title="Top clients" dimension="client" filterKey="client" filters={filters} range={resolved} onFilter={onFilter} mono />
        <TopPanel title="Top services" dimension="service" filterKey="service" filters={filters} range={resolved} onFilter={onFilter} />
        <TopPanel title="Top tenants" dimension="tenant" filterKey="tenant" filters={filters} range={resolved} onFilter={onFilter} />
      </div>
    </div>
  )
}

import { useEffect, useMemo, useState } from 'react'
import { z } from 'zod'
import { CALL_SORTS, type CallSort } from '@claimcheck/shared'
import { useCalls } from '../api/calls.ts'
import { useCallFacets, useCallsHistogram } from '../api/calls-explorer.ts'
import { toApiParams } from '../api/params.ts'
import { CallsHistogram } from '../calls/CallsHistogram.tsx'
import { CallsTable } from '../calls/CallsTable.tsx'
import { ColumnPicker } from '../calls/ColumnPicker.tsx'
import { CALL_COLUMNS, DEFAULT_COLUMNS, pickColumns } from '../calls/columns.tsx'
import { callsToCsv, EXPORT_MAX_ROWS, fetchAllCalls } from '../calls/export.ts'
import { FacetsPanel } from '../calls/FacetsPanel.tsx'
import { FilterBar } from '../components/FilterBar.tsx'
import { IconDownload } from '../components/Icons.tsx'
import { PageHeader } from '../components/PageHeader.tsx'
import { DataFrame, Empty, ErrorState, isStale, QueryView, Skeleton } from '../components/States.tsx'
import { downloadText } from '../lib/download.ts'
import { formatExact } from '../lib/format.ts'
import { listParam, scalarParam } from '../lib/params.ts'
import { isRelative } from '../lib/time.ts'
import { usePageParams, useTimeAnchor, useView } from '../lib/use-view.ts'
import { addFilter, type FilterKey } from '../lib/view-state.ts'

const SORT_LABELS: Record<CallSort, string> = {
  time_desc: 'Newest first',
  time_asc: 'Oldest first',
  duration_desc: 'Slowest first',
  duration_asc: 'Fastest first',
}

const CALLS_PARAMS = {
  sort: scalarParam(z.enum(CALL_SORTS), 'time_desc'),
  cols: listParam(z.enum(CALL_COLUMNS.map((c) => c.id) as [string, ...string[]])),
  live: scalarParam(z.enum(['off', 'on']), 'off'),
}

/** Live tail: the range's `now` moves this often, so the newest calls come in at the top. */
const LIVE_TAIL_MS = 3_000

export function CallsPage() {
  const { filters, resolved, range, search, setSearch, setRange } = useView()
  const { refresh } = useTimeAnchor()
  const [{ sort, cols, live }, setParams] = usePageParams(CALLS_PARAMS)
  const columns = pickColumns(cols.length > 0 ? cols : DEFAULT_COLUMNS)
  const query = useCalls(filters, resolved, sort)
  const histogram = useCallsHistogram(filters, resolved)
  const facets = useCallFacets(filters, resolved)
  const calls = useMemo(() => query.data?.pages.flatMap((p) => p.calls) ?? [], [query.data])
  const [exporting, setExporting] = useState<string | undefined>()
  const tailing = live === 'on' && isRelative(range) && sort === 'time_desc'

  useEffect(() => {
    if (!tailing) return
    const id = setInterval(refresh, LIVE_TAIL_MS)
    return () => clearInterval(id)
  }, [tailing, refresh])

  const toggleLive = () => {
    if (live === 'on') return setParams({ live: 'off' })
    // A tail follows now: an absolute range becomes the last 15 minutes, the sort newest first.
    if (!isRelative(range)) setRange({ from: 'now-15m', to: 'now' })
    setParams({ live: 'on', sort: 'time_desc' })
  }
  const onFilter = (key: FilterKey, value: string, exclude: boolean) => setSearch(addFilter(search, key, value, exclude))
  const narrow = (fromMs: number, toMs: number) => {
    setParams({ live: 'off' })
    setRange({ from: String(fromMs), to: String(toMs) })
  }

  const exportAs = async (format: 'csv' | 'json') => {
    setExporting('Exporting…')
    try {
      const { calls: all, truncated } = await fetchAllCalls({ ...toApiParams(filters, resolved), sort })
      const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '')
      if (format === 'csv') downloadText(`claimcheck-calls-${stamp}.csv`, callsToCsv(all, columns))
      else downloadText(`claimcheck-calls-${stamp}.json`, `${JSON.stringify(all, null, 2)}\n`, 'application/json')
      setExporting(truncated ? `Exported the first ${formatExact(EXPORT_MAX_ROWS)} calls; use the Query page for more.` : undefined)
    } catch (error) {
      setExporting(`Export failed: ${(error as Error).message}`)
    }
  }
  const exportDisabled = exporting === 'Exporting…' || calls.length === 0

  return (
    <div className="page page-fill">
      <PageHeader title="Calls">
        <button type="button" className="btn live-toggle" aria-pressed={live === 'on'} onClick={toggleLive} title="Follow new calls as they arrive (newest first)">
          {live === 'on' ? '● Live' : 'Live tail'}
        </button>
        <label className="sr-only" htmlFor="calls-sort">
          Sort
        </label>
        <select id="calls-sort" className="select" value={sort} onChange={(e) => setParams({ sort: e.target.value as CallSort, live: 'off' })}>
          {CALL_SORTS.map((s) => (
            <option key={s} value={s}>
              {SORT_LABELS[s]}
            </option>
          ))}
        </select>
        <ColumnPicker selected={columns.map((c) => c.id)} onChange={(ids) => setParams({ cols: CALL_COLUMNS.filter((c) => ids.includes(c.id)).map((c) => c.id) })} />
        <button type="button" className="btn" onClick={() => void exportAs('csv')} disabled={exportDisabled} title={`Download the matching calls as CSV (up to ${formatExact(EXPORT_MAX_ROWS)})`}>
          <IconDownload /> CSV
        </button>
        <button type="button" className="btn" onClick={() => void exportAs('json')} disabled={exportDisabled} title={`Download the matching calls as JSON (up to ${formatExact(EXPORT_MAX_ROWS)})`}>
          <IconDownload /> JSON
        </button>
      </PageHeader>
      <FilterBar />
      <section aria-label="Calls over time">
        <QueryView query={histogram} loading={<Skeleton height={110} label="Loading the histogram" />}>
          {(data) => <CallsHistogram data={data} onNarrow={narrow} />}
        </QueryView>
      </section>
      <div className="explorer">
        <QueryView query={facets} compact loading={<Skeleton height={400} label="Loading facets" />}>
          {(data) => <FacetsPanel facets={data.facets} filters={filters} onFilter={onFilter} />}
        </QueryView>
        <div className="explorer-list">
          <div className="calls-meta" aria-live="polite">
            {query.data ? (
              <span>
                {formatExact(calls.length)}
                {query.hasNextPage ? '+' : ''} calls {query.isFetching && !query.isFetchingNextPage ? '· updating…' : ''}
                {tailing ? ' · live' : ''}
              </span>
            ) : null}
            {exporting ? <span className="hint">{exporting}</span> : null}
          </div>
          {query.isPending ? (
            <Skeleton height={480} label="Loading calls" />
          ) : query.error && !query.data ? (
            <ErrorState error={query.error} onRetry={() => void query.refetch()} />
          ) : (
            <DataFrame data={query.data?.pages[0]} stale={isStale(query) && !tailing}>
              {calls.length === 0 ? (
                <Empty title="No calls match">Widen the time range or remove a filter. Calls appear here a few seconds after the gateway exports them.</Empty>
              ) : (
                <CallsTable
                  calls={calls}
                  columns={columns}
                  hasMore={Boolean(query.hasNextPage)}
                  loadingMore={query.isFetchingNextPage}
                  onLoadMore={() => void query.fetchNextPage()}
                  onFilter={onFilter}
                  height="calc(100vh - 330px)"
                />
              )}
            </DataFrame>
          )}
        </div>
      </div>
    </div>
  )
}

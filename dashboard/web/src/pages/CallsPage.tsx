import { useMemo, useState } from 'react'
import { z } from 'zod'
import { CALL_SORTS, type CallSort } from '@claimcheck/shared'
import { useCalls } from '../api/calls.ts'
import { toApiParams } from '../api/params.ts'
import { CallsTable } from '../calls/CallsTable.tsx'
import { ColumnPicker } from '../calls/ColumnPicker.tsx'
import { CALL_COLUMNS, DEFAULT_COLUMNS, pickColumns } from '../calls/columns.tsx'
import { callsToCsv, EXPORT_MAX_ROWS, fetchAllCalls } from '../calls/export.ts'
import { FilterBar } from '../components/FilterBar.tsx'
import { IconDownload } from '../components/Icons.tsx'
import { PageHeader } from '../components/PageHeader.tsx'
import { Empty, ErrorState, Skeleton } from '../components/States.tsx'
import { downloadText } from '../lib/csv.ts'
import { formatExact } from '../lib/format.ts'
import { listParam, scalarParam } from '../lib/params.ts'
import { usePageParams, useView } from '../lib/use-view.ts'

const SORT_LABELS: Record<CallSort, string> = {
  time_desc: 'Newest first',
  time_asc: 'Oldest first',
  duration_desc: 'Slowest first',
  duration_asc: 'Fastest first',
}

const CALLS_PARAMS = {
  sort: scalarParam(z.enum(CALL_SORTS), 'time_desc'),
  cols: listParam(z.enum(CALL_COLUMNS.map((c) => c.id) as [string, ...string[]])),
}

export function CallsPage() {
  const { filters, resolved } = useView()
  const [{ sort, cols }, setParams] = usePageParams(CALLS_PARAMS)
  const columns = pickColumns(cols.length > 0 ? cols : DEFAULT_COLUMNS)
  const query = useCalls(filters, resolved, sort)
  const calls = useMemo(() => query.data?.pages.flatMap((p) => p.calls) ?? [], [query.data])
  const [exporting, setExporting] = useState<string | undefined>()

  const exportCsv = async () => {
    setExporting('Exporting…')
    try {
      const { calls: all, truncated } = await fetchAllCalls({ ...toApiParams(filters, resolved), sort })
      downloadText(`claimcheck-calls-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.csv`, callsToCsv(all, columns))
      setExporting(truncated ? `Exported the first ${formatExact(EXPORT_MAX_ROWS)} calls; use the Query page for more.` : undefined)
    } catch (error) {
      setExporting(`Export failed: ${(error as Error).message}`)
    }
  }

  return (
    <div className="page page-fill">
      <PageHeader title="Calls">
        <label className="sr-only" htmlFor="calls-sort">
          Sort
        </label>
        <select id="calls-sort" className="select" value={sort} onChange={(e) => setParams({ sort: e.target.value as CallSort })}>
          {CALL_SORTS.map((s) => (
            <option key={s} value={s}>
              {SORT_LABELS[s]}
            </option>
          ))}
        </select>
        <ColumnPicker selected={columns.map((c) => c.id)} onChange={(ids) => setParams({ cols: CALL_COLUMNS.filter((c) => ids.includes(c.id)).map((c) => c.id) })} />
        <button type="button" className="btn" onClick={() => void exportCsv()} disabled={exporting === 'Exporting…' || calls.length === 0} title={`Download the matching calls as CSV (up to ${formatExact(EXPORT_MAX_ROWS)})`}>
          <IconDownload /> CSV
        </button>
      </PageHeader>
      <FilterBar />
      <div className="calls-meta" aria-live="polite">
        {query.data ? (
          <span>
            {formatExact(calls.length)}
            {query.hasNextPage ? '+' : ''} calls {query.isFetching && !query.isFetchingNextPage ? '· updating…' : ''}
          </span>
        ) : null}
        {exporting ? <span className="hint">{exporting}</span> : null}
      </div>
      {query.isPending ? (
        <Skeleton height={480} label="Loading calls" />
      ) : query.error && !query.data ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : calls.length === 0 ? (
        <Empty title="No calls match">Widen the time range or remove a filter. Calls appear here a few seconds after the gateway exports them.</Empty>
      ) : (
        <CallsTable
          calls={calls}
          columns={columns}
          hasMore={Boolean(query.hasNextPage)}
          loadingMore={query.isFetchingNextPage}
          onLoadMore={() => void query.fetchNextPage()}
          height="calc(100vh - 190px)"
        />
      )}
    </div>
  )
}

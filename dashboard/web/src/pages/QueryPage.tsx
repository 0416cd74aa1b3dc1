import { useMemo, useRef, useState } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { sqlQueryKey, useAdhocQuery, useSqlSchema } from '../api/sql.ts'
import { IconDownload, IconPlay } from '../components/Icons.tsx'
import { PageHeader } from '../components/PageHeader.tsx'
import { Panel } from '../components/Panel.tsx'
import { Empty, Loading } from '../components/States.tsx'
import { toCsv } from '@claimcheck/shared'
import { downloadText } from '../lib/download.ts'
import { formatBytes, formatCountOf, formatDurationMs } from '../lib/format.ts'
import { numberParam, textParam } from '../lib/params.ts'
import { usePageParams } from '../lib/use-view.ts'
import { toCompletionSchema } from '../query/dialect.ts'
import { EXAMPLE_QUERIES } from '../query/examples.ts'
import { ResultChart } from '../query/ResultChart.tsx'
import { toTimeChart } from '../query/result-chart.ts'
import { ResultTable } from '../query/ResultTable.tsx'
import { SavedQueries } from '../query/SavedQueries.tsx'
import { SqlEditor } from '../query/SqlEditor.tsx'
import { SqlError } from '../query/SqlError.tsx'

/** The SQL that ran is in the URL (a link re-runs it); the editor's text is a draft until run. */
const QUERY_PARAMS = { sql: textParam(100_000), run: numberParam(0, 0, 1e9) }

const stamp = () => new Date().toISOString().slice(0, 19).replace(/:/g, '')

export default function QueryPage() {
  const [{ sql: ranSql, run }, setParams] = usePageParams(QUERY_PARAMS)
  const draft = useRef(ranSql || EXAMPLE_QUERIES[0]!.sql)
  const [editorKey, setEditorKey] = useState(0)
  const schemaQuery = useSqlSchema()
  const schema = useMemo(() => (schemaQuery.data ? toCompletionSchema(schemaQuery.data.rows) : {}), [schemaQuery.data])
  const result = useAdhocQuery(ranSql, run)
  const queryClient = useQueryClient()
  // The run the user cancelled: its fetch is aborted, which closes the request and stops the query on the server.
  const [cancelledRun, setCancelledRun] = useState<{ sql: string; run: number } | null>(null)
  const cancelled = cancelledRun !== null && cancelledRun.sql === ranSql && cancelledRun.run === run
  const cancel = () => {
    setCancelledRun({ sql: ranSql, run })
    void queryClient.cancelQueries({ queryKey: sqlQueryKey(ranSql, run) })
  }
  const chart = useMemo(() => (result.data ? toTimeChart(result.data.columns, result.data.rows) : undefined), [result.data])

  const runSql = (text: string) => {
    draft.current = text
    setParams({ sql: text, run: run + 1 })
  }
  const load = (text: string) => {
    draft.current = text
    setEditorKey((k) => k + 1)
    setParams({ sql: text, run: run + 1 })
  }
  const data = result.data

  return (
    <div className="page">
      <PageHeader title="Query" time={false}>
        <button type="button" className="btn" disabled={!data} onClick={() => data && downloadText(`claimcheck-query-${stamp()}.csv`, toCsv(data.columns.map((c) => c.name), data.rows))}>
          <IconDownload /> CSV
        </button>
        <button type="button" className="btn" disabled={!data} onClick={() => data && downloadText(`claimcheck-query-${stamp()}.json`, JSON.stringify({ columns: data.columns, rows: data.rows }, null, 2), 'application/json')}>
          <IconDownload /> JSON
        </button>
      </PageHeader>
      <div className="query-layout">
        <SavedQueries currentSql={() => draft.current} onLoad={load} />
        <div className="query-main">
          <Panel
            title="SQL"
            id="sql"
            actions={
              <>
                <span className="hint">Read-only · tables: gateway_calls, otel_logs, otel_traces…</span>
                <button type="button" className="btn btn-primary" onClick={() => runSql(draft.current)} aria-keyshortcuts="Control+Enter">
                  <IconPlay width={12} height={12} /> Run <kbd>Ctrl+Enter</kbd>
                </button>
              </>
            }
          >
            <SqlEditor key={editorKey} initialValue={draft.current} schema={schema} onChange={(text) => (draft.current = text)} onRun={runSql} />
          </Panel>
          {!ranSql ? (
            <Empty title="Run a query">Write SQL over gateway_calls, otel_traces and otel_logs, then press Ctrl+Enter. Column names complete as you type.</Empty>
          ) : cancelled && !data ? (
            <Empty title="Query cancelled" compact>
              The server stopped it. <button type="button" className="btn btn-sm" onClick={() => runSql(ranSql)}>Run again</button>
            </Empty>
          ) : result.isPending ? (
            <div className="query-running">
              <Loading label="Running" />
              <button type="button" className="btn btn-sm" onClick={cancel}>Cancel</button>
            </div>
          ) : result.error || !data ? (
            <SqlError error={result.error} onRetry={() => void result.refetch()} />
          ) : (
            <>
              <div className="result-meta" aria-live="polite">
                <strong>{formatCountOf(data.rowCount, 'row')}</strong>
                {' '}<span className="hint">({formatBytes(data.bytes)})</span>
                {data.notice ? <span className="warn-text" role="status"> · {data.notice}</span> : null}
                <span className="hint">
                  {' '}· {formatDurationMs(data.stats.elapsedMs)}
                  {data.stats.rowsRead !== null ? ` · read ${formatCountOf(data.stats.rowsRead, 'row')}, ${formatBytes(data.stats.bytesRead ?? 0)}` : ''}
                </span>
              </div>
              {chart ? (
                <Panel title={`Chart over ${chart.timeColumn}`} id="result-chart">
                  <ResultChart chart={chart} />
                </Panel>
              ) : null}
              {data.rows.length === 0 ? <Empty title="No rows" compact>The query ran and matched nothing.</Empty> : <ResultTable columns={data.columns} rows={data.rows} />}
            </>
          )}
        </div>
      </div>
    </div>
  )
}

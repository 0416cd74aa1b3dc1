import { useState } from 'react'
import { z } from 'zod'
import { AUDIT_KINDS, AUDIT_TITLES, type AuditKind } from '@claimcheck/shared'
import { fetchAuditCsv, useAudit } from '../../api/troubleshoot.ts'
import { FilterBar } from '../../components/FilterBar.tsx'
import { IconDownload } from '../../components/Icons.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { Panel } from '../../components/Panel.tsx'
import { Empty, QueryView, Skeleton } from '../../components/States.tsx'
import { downloadText } from '../../lib/download.ts'
import { scalarParam } from '../../lib/params.ts'
import { usePageParams, useView } from '../../lib/use-view.ts'
import { AuditTable } from './AuditTables.tsx'
import './troubleshoot-pages.css'

const AUDIT_PARAMS = { audit: scalarParam(z.enum(AUDIT_KINDS), 'deleted-subjects') }

const EMPTY_TEXT: Record<AuditKind, string> = {
  'deleted-subjects': 'No subject that succeeded earlier fails as unknown_sub in this range.',
  'no-refresh': 'No client presented an expired token in this range.',
  'long-lifetimes': 'No token in this range lived longer than the threshold.',
  'route-issuers': 'No calls with a token in this range.',
}

/** Audit reports: lists to act on, each downloadable as the server's CSV. */
export default function AuditsPage() {
  const { filters, resolved } = useView()
  const [{ audit: kind }, setParams] = usePageParams(AUDIT_PARAMS)
  const fetched = useAudit(kind, filters, resolved)
  // The previous audit's rows stay as placeholder while another loads: show them only for their own tab.
  const query = fetched.data && fetched.data.kind !== kind ? { ...fetched, data: undefined, isPending: true } : fetched
  const [downloadError, setDownloadError] = useState('')

  const download = async () => {
    setDownloadError('')
    try {
      downloadText(`claimcheck-${kind}-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.csv`, await fetchAuditCsv(kind, filters, resolved))
    } catch (error) {
      setDownloadError(`Download failed: ${(error as Error).message}`)
    }
  }

  const threshold = query.data?.kind === 'long-lifetimes' ? ` (threshold ${Math.round(query.data.thresholdSeconds / 3600)} h)` : ''
  return (
    <div className="page">
      <PageHeader title="Audits">
        <button type="button" className="btn" onClick={() => void download()} disabled={!query.data || query.data.rows.length === 0}>
          <IconDownload /> CSV
        </button>
      </PageHeader>
      <div className="audit-tabs" role="tablist" aria-label="Audits">
        {AUDIT_KINDS.map((k) => (
          <button key={k} type="button" role="tab" className="btn btn-ghost" aria-selected={k === kind} onClick={() => setParams({ audit: k })}>
            {AUDIT_TITLES[k].title}
          </button>
        ))}
      </div>
      <FilterBar search={false} />
      {downloadError ? <p className="field-error" role="alert">{downloadError}</p> : null}
      <Panel
        title={`${AUDIT_TITLES[kind].title}${threshold}`}
        id="audit"
        actions={query.data ? <span className="hint">{query.data.rows.length}{query.data.truncated ? '+' : ''} row{query.data.rows.length === 1 && !query.data.truncated ? '' : 's'}</span> : null}
      >
        <p className="panel-sub audit-description">{AUDIT_TITLES[kind].description}</p>
        <QueryView
          query={query}
          loading={<Skeleton height={240} label="Running the audit" />}
          isEmpty={(data) => data.rows.length === 0}
          empty={<Empty title="Nothing to report" compact>{EMPTY_TEXT[kind]} Widen the time range to look further back.</Empty>}
        >
          {(data) => <div className="table-scroll"><AuditTable audit={data} /></div>}
        </QueryView>
      </Panel>
    </div>
  )
}

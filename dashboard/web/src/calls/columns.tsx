import type { ReactNode } from 'react'
import { labelCauseDetail, type CallSummary } from '@claimcheck/shared'
import { CauseBadge, StatusCode } from '../components/CauseBadge.tsx'
import { formatDurationMs } from '../lib/format.ts'
import { formatTimestamp, nsToMs, timestampTitle } from '../lib/time.ts'
import type { FilterKey } from '../lib/view-state.ts'

export interface CallColumn {
  id: string
  label: string
  /** CSS grid track. */
  width: string
  render(call: CallSummary): ReactNode
  /** Plain value for CSV. */
  text(call: CallSummary): string | number
  /** The view filter a click on the cell adds, with the cell's value. */
  filter?: (call: CallSummary) => { key: FilterKey; value: string } | undefined
}

const by = (key: FilterKey, pick: (call: CallSummary) => string | number) => (call: CallSummary) => {
  const value = String(pick(call))
  return value === '' ? undefined : { key, value }
}

export const CALL_COLUMNS: readonly CallColumn[] = [
  { id: 'time', label: 'Time', width: '176px', render: (c) => <span className="mono" title={timestampTitle(nsToMs(c.Timestamp))}>{formatTimestamp(nsToMs(c.Timestamp))}</span>, text: (c) => new Date(nsToMs(c.Timestamp)).toISOString() },
  { id: 'status', label: 'Status', width: '56px', render: (c) => <StatusCode code={c.StatusCode} />, text: (c) => c.StatusCode, filter: by('status', (c) => c.StatusCode) },
  { id: 'cause', label: 'Cause', width: '136px', render: (c) => <CauseBadge cause={c.Cause} />, text: (c) => c.Cause, filter: by('cause', (c) => c.Cause || 'success') },
  { id: 'detail', label: 'Detail', width: '140px', render: (c) => labelCauseDetail(c.Cause, c.CauseDetail), text: (c) => c.CauseDetail, filter: by('causeDetail', (c) => c.CauseDetail) },
  { id: 'method', label: 'Method', width: '64px', render: (c) => <span className="mono">{c.Method}</span>, text: (c) => c.Method, filter: by('method', (c) => c.Method) },
  { id: 'route', label: 'Route', width: 'minmax(100px, 1.1fr)', render: (c) => <span className="mono">{c.Route || c.Path}</span>, text: (c) => c.Route, filter: by('route', (c) => c.Route) },
  { id: 'service', label: 'Service', width: 'minmax(100px, 0.7fr)', render: (c) => c.ServiceName, text: (c) => c.ServiceName, filter: by('service', (c) => c.ServiceName) },
  { id: 'subject', label: 'Subject', width: 'minmax(100px, 1fr)', render: (c) => <span className="mono">{c.Subject}</span>, text: (c) => c.Subject, filter: by('subject', (c) => c.Subject) },
  { id: 'issuer', label: 'Issuer', width: 'minmax(120px, 1fr)', render: (c) => c.Issuer, text: (c) => c.Issuer, filter: by('issuer', (c) => c.Issuer) },
  { id: 'client', label: 'Client', width: 'minmax(100px, 0.8fr)', render: (c) => <span className="mono">{c.ClientId}</span>, text: (c) => c.ClientId, filter: by('client', (c) => c.ClientId) },
  { id: 'tenant', label: 'Tenant', width: 'minmax(80px, 0.6fr)', render: (c) => c.Tenant, text: (c) => c.Tenant, filter: by('tenant', (c) => c.Tenant) },
  { id: 'duration', label: 'Duration', width: '80px', render: (c) => formatDurationMs(c.Duration / 1e6), text: (c) => c.Duration / 1e6 },
  { id: 'message', label: 'Message', width: 'minmax(100px, 1.8fr)', render: (c) => c.ErrorMessage, text: (c) => c.ErrorMessage },
  { id: 'trace', label: 'Trace', width: '110px', render: (c) => <span className="mono faint">{c.TraceId.slice(0, 12)}</span>, text: (c) => c.TraceId },
]

// Their minimum widths and gaps fit the table beside the facets at 1280 px with room for the message;
// Method, Client, Issuer and the rest are a click away in the column picker.
export const DEFAULT_COLUMNS = ['time', 'status', 'cause', 'route', 'subject', 'message']

/** Known column ids in table order; unknown ids dropped, at least the time column. */
export function pickColumns(ids: readonly string[]): CallColumn[] {
  const chosen = CALL_COLUMNS.filter((c) => ids.includes(c.id))
  return chosen.length > 0 ? chosen : CALL_COLUMNS.filter((c) => DEFAULT_COLUMNS.includes(c.id))
}

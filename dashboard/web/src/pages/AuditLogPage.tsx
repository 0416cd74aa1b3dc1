import { useQuery } from '@tanstack/react-query'
import { AuditLogResponseSchema, type AuditLogEntry } from '@claimcheck/shared'
import { getJson } from '../api/client.ts'
import { PageHeader } from '../components/PageHeader.tsx'
import { Panel } from '../components/Panel.tsx'
import { QueryView } from '../components/States.tsx'
import { formatDateTime } from '../lib/time.ts'

const KIND_LABELS: Record<string, string> = { session: 'password', 'api-token': 'API token', proxy: 'SSO proxy', anonymous: 'not signed in' }

function Outcome({ status }: { status: number }) {
  const ok = status < 400
  return <span className={`audit-status ${ok ? 'ok' : 'refused'}`}>{ok ? status : `${status} refused`}</span>
}

function AuditTable({ entries }: { entries: AuditLogEntry[] }) {
  return (
    <table className="data-table audit-table" aria-label="Audit log">
      <thead>
        <tr><th>When</th><th>Who</th><th>Action</th><th>Target</th><th>Outcome</th><th>From</th></tr>
      </thead>
      <tbody>
        {entries.map((entry, i) => (
          <tr key={`${entry.timestamp}-${i}`}>
            <td>{formatDateTime(entry.timestamp)}</td>
            <td>
              <strong>{entry.actor}</strong>
              <div className="audit-sub">{[entry.role, KIND_LABELS[entry.actorKind] ?? entry.actorKind].filter(Boolean).join(' · ')}</div>
            </td>
            <td><code>{entry.action}</code></td>
            <td>{entry.target || <span className="audit-sub">—</span>}</td>
            <td><Outcome status={entry.status} /></td>
            <td title={entry.userAgent}>{entry.clientAddress}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** Every change made through the API and every sign-in, newest first (admins only). */
export default function AuditLogPage() {
  const query = useQuery({
    queryKey: ['audit-log'],
    queryFn: ({ signal }) => getJson('/audit-log', { limit: 500 }, AuditLogResponseSchema, signal),
  })
  return (
    <div className="page">
      <PageHeader title="Audit log" time={false} />
      <Panel title="Changes and sign-ins: who, what, when and from where (newest 500)">
        <QueryView query={query} isEmpty={(data) => data.entries.length === 0} empty="Nothing recorded yet.">
          {(data) => <AuditTable entries={data.entries} />}
        </QueryView>
      </Panel>
    </div>
  )
}

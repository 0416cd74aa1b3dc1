import { useState, type FormEvent } from 'react'
import { useCan } from '../../auth/session.ts'
import { Panel } from '../../components/Panel.tsx'
import { Empty, ErrorState, Loading } from '../../components/States.tsx'
import { formatDateTime } from '../../lib/time.ts'
import { useCreateSilence, useExpireSilence, useSilences } from './api.ts'
import { parseMatchers } from './model.ts'

export function SilencesPanel() {
  const silences = useSilences()
  const create = useCreateSilence()
  const expire = useExpireSilence()
  const canEdit = useCan('editor')
  // Form drafts are local editing state, not view state: they do not belong in the URL.
  const [matchers, setMatchers] = useState('alertname=unknown-sub-spike')
  const [duration, setDuration] = useState('2h')
  const [comment, setComment] = useState('')
  const parsed = parseMatchers(matchers)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (parsed) create.mutate({ matchers: parsed, duration, comment })
  }
  return (
    <Panel title="Silences">
      {canEdit ? <form className="alerts-form" onSubmit={submit}>
        <label>Matchers<input className="input" size={42} value={matchers} onChange={(e) => setMatchers(e.target.value)} aria-invalid={!parsed} /></label>
        <label>For<input className="input" size={6} value={duration} onChange={(e) => setDuration(e.target.value)} /></label>
        <label>Comment<input className="input" size={28} value={comment} onChange={(e) => setComment(e.target.value)} /></label>
        <button className="btn btn-primary" type="submit" disabled={!parsed || create.isPending}>Silence</button>
      </form> : <p className="read-only-note">Read-only: your role cannot add or end silences.</p>}
      {create.error ? <ErrorState error={create.error} compact /> : null}
      {silences.error ? <ErrorState error={silences.error} onRetry={() => void silences.refetch()} /> : !silences.data ? <Loading /> : silences.data.silences.length === 0 ? (
        <Empty title="No silences" compact />
      ) : (
        <table className="alerts-table">
          <thead><tr><th>Matchers</th><th>From</th><th>Until</th><th>Comment</th><th>State</th><th /></tr></thead>
          <tbody>
            {silences.data.silences.map((s) => (
              <tr key={s.id}>
                <td><code>{s.matchers.map((m) => `${m.name}${m.op}${m.value}`).join(', ')}</code></td>
                <td>{formatDateTime(Date.parse(s.startsAt))}</td><td>{formatDateTime(Date.parse(s.endsAt))}</td>
                <td>{s.comment}{s.createdBy ? ` — ${s.createdBy}` : ''}</td>
                <td>{s.active ? 'active' : 'ended'}</td>
                <td>{s.active && canEdit ? <button className="btn btn-sm" type="button" onClick={() => expire.mutate(s.id)}>End now</button> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  )
}

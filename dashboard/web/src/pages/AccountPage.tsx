import { useState, type FormEvent } from 'react'
import { ApiError, apiFetch, buildUrl } from '../api/client.ts'
import { useSession } from '../auth/session.ts'
import { PageHeader } from '../components/PageHeader.tsx'
import { Panel } from '../components/Panel.tsx'
import { formatDateTime } from '../lib/time.ts'

const KINDS = { session: 'with a password', 'api-token': 'with an API token', proxy: 'through the SSO proxy' } as const

/** Who you are signed in as, and a new password for password users. */
export default function AccountPage() {
  const { data } = useSession()
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>()
  if (!data) return null
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    try {
      await apiFetch(buildUrl('/auth/password'), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ currentPassword: current, newPassword: next }) })
      setMessage({ ok: true, text: 'Password changed.' })
      setCurrent('')
      setNext('')
    } catch (error) {
      setMessage({ ok: false, text: error instanceof ApiError ? error.message : 'The password could not be changed' })
    }
  }
  return (
    <div className="page">
      <PageHeader title="Your account" time={false} />
      <Panel title={`${data.user} · ${data.role}`}>
        <p>Signed in {KINDS[data.kind]}{data.expiresAt ? `, until ${formatDateTime(data.expiresAt)}` : ''}.</p>
        {data.kind === 'session' ? (
          <form className="account-form" onSubmit={(event) => void submit(event)} aria-label="Change password">
            <label htmlFor="current-password">Current password</label>
            <input id="current-password" className="input" type="password" autoComplete="current-password" value={current} onChange={(event) => setCurrent(event.target.value)} required />
            <label htmlFor="new-password">New password (12 characters or more)</label>
            <input id="new-password" className="input" type="password" autoComplete="new-password" minLength={12} value={next} onChange={(event) => setNext(event.target.value)} required />
            <button type="submit" className="btn btn-primary">Change password</button>
            {message ? <p className={message.ok ? 'account-ok' : 'login-error'} role={message.ok ? 'status' : 'alert'}>{message.text}</p> : null}
          </form>
        ) : null}
      </Panel>
    </div>
  )
}

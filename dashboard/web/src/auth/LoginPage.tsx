import { useState, type FormEvent } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { getApiToken, setApiToken } from '../api/auth.ts'
import { fetchSession, signIn } from './session.ts'

/** Sign in with a user name and password, or paste an API token (scripts' tokens work here too). */
export function LoginPage() {
  const client = useQueryClient()
  const [user, setUser] = useState('')
  const [password, setPassword] = useState('')
  const [token, setToken] = useState('')
  const [error, setError] = useState<string | undefined>(getApiToken() ? 'The API token was not accepted' : undefined)
  const [busy, setBusy] = useState(false)
  const signedIn = async () => {
    setApiToken(getApiToken())
    await client.resetQueries()
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    try {
      await signIn(user, password)
      setApiToken(undefined)
      await signedIn()
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : 'Sign-in failed')
      setPassword('')
    } finally {
      setBusy(false)
    }
  }
  const submitToken = async (event: FormEvent) => {
    event.preventDefault()
    setApiToken(token)
    if (await fetchSession()) return signedIn()
    setApiToken(undefined)
    setError('The API token was not accepted')
  }
  return (
    <main className="login" id="main">
      <form className="login-card" onSubmit={(event) => void submit(event)} aria-labelledby="login-title">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            <svg viewBox="0 0 16 16" width="22" height="22"><rect width="16" height="16" rx="4" fill="var(--accent)" /><path d="M4 8.5l2.5 2.5L12 5.5" stroke="var(--surface)" strokeWidth="2" fill="none" strokeLinecap="round" /></svg>
          </span>
          <span className="brand-name">claimcheck</span>
        </div>
        <h1 id="login-title">Sign in</h1>
        {error ? <p className="login-error" role="alert">{error}</p> : null}
        <label htmlFor="login-user">User</label>
        <input id="login-user" className="input" autoComplete="username" value={user} onChange={(event) => setUser(event.target.value)} required autoFocus />
        <label htmlFor="login-password">Password</label>
        <input id="login-password" className="input" type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} required />
        <button type="submit" className="btn btn-primary" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
        <p className="login-hint">
          First start? Sign in as <code>admin</code> with the password claimcheck printed in its terminal.
        </p>
      </form>
      <details className="login-token">
        <summary>Use an API token instead</summary>
        <form onSubmit={(event) => void submitToken(event)}>
          <label className="sr-only" htmlFor="login-token">API token</label>
          <input id="login-token" className="input" type="password" autoComplete="off" value={token} onChange={(event) => setToken(event.target.value)} placeholder="API token" required />
          <button type="submit" className="btn">Use token</button>
          <p className="login-hint">Kept for this tab only.</p>
        </form>
      </details>
    </main>
  )
}

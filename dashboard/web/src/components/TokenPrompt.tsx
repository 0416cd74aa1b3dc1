import { useEffect, useState, useSyncExternalStore, type FormEvent } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { getApiToken, isApiTokenRequired, onApiTokenChange, setApiToken } from '../api/auth.ts'

/**
 * Asks for an API token once the server has said one is needed (401), and refetches everything
 * when it is given. Shown above the page, so every panel's error state points here.
 */
export function TokenPrompt() {
  const client = useQueryClient()
  const required = useSyncExternalStore(onApiTokenChange, isApiTokenRequired)
  const [value, setValue] = useState('')
  useEffect(() => onApiTokenChange(() => {
    if (!isApiTokenRequired()) void client.resetQueries()
  }), [client])
  if (!required) return null
  const hadToken = getApiToken() !== undefined
  const submit = (event: FormEvent) => {
    event.preventDefault()
    setApiToken(value)
    setValue('')
  }
  return (
    <form className="token-prompt" role="dialog" aria-labelledby="token-prompt-title" onSubmit={submit}>
      <div>
        <strong id="token-prompt-title">{hadToken ? 'The API token was not accepted' : 'This claimcheck requires an API token'}</strong>
        <p>Ask whoever runs it for one of its <code>dashboard.apiTokens</code>. It is kept for this tab only.</p>
      </div>
      <label className="sr-only" htmlFor="token-prompt-input">API token</label>
      <input id="token-prompt-input" className="input" type="password" autoComplete="off" value={value} onChange={(event) => setValue(event.target.value)} placeholder="API token" required />
      <button type="submit" className="btn btn-primary">Use token</button>
    </form>
  )
}

import { useEffect, useMemo, useRef, useState } from 'react'
import { cleanToken, type InspectResponse } from '@claimcheck/shared'
import { inspectToken, useAuthConfig } from '../../api/troubleshoot.ts'
import { PageHeader } from '../../components/PageHeader.tsx'
import { Panel } from '../../components/Panel.tsx'
import { ErrorState } from '../../components/States.tsx'
import { decodePastedToken } from '../../lib/jwt.ts'
import { Checklist } from './Checklist.tsx'
import { TokenClaims } from './TokenClaims.tsx'
import './troubleshoot-pages.css'

/** "Now" for relative times, ticking so "expired 3 min ago" stays true while the page is open. */
function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs)
    return () => clearInterval(id)
  }, [intervalMs])
  return now
}

/**
 * Paste a JWT: the browser decodes it at once; "Check" sends it to this server once, for the
 * checklist. The token lives in this component's state only: never in the URL, storage or a
 * query cache, and it is gone when the page is left.
 */
export default function InspectorPage() {
  const [token, setToken] = useState('')
  const [expectation, setExpectation] = useState('')
  const [result, setResult] = useState<InspectResponse | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [checking, setChecking] = useState(false)
  const controller = useRef<AbortController | null>(null)
  const config = useAuthConfig()
  const nowMs = useNow(10_000)
  const decoded = useMemo(() => decodePastedToken(token), [token])
  const expectations = config.data?.expectations ?? []

  useEffect(() => () => controller.current?.abort(), [])

  const reset = () => {
    controller.current?.abort()
    setResult(null)
    setError(null)
  }

  const check = async () => {
    reset()
    const chosen = expectations.find((e) => String(e.index) === expectation)
    const abort = (controller.current = new AbortController())
    setChecking(true)
    try {
      setResult(await inspectToken({ token: cleanToken(token), service: chosen?.service ?? undefined, route: chosen?.route ?? undefined }, abort.signal))
    } catch (caught) {
      if (!abort.signal.aborted) setError(caught)
    } finally {
      if (controller.current === abort) setChecking(false)
    }
  }

  return (
    <div className="page">
      <PageHeader title="Token inspector" time={false} />
      <p className="page-lede">
        Paste an access token. It is decoded here, in your browser. <strong>Check</strong> sends it once to this claimcheck server, which
        compares it with the configured issuers, JWKS, audiences, times, scopes and subject directory, answers, and forgets it: the token is
        never stored, logged or put in a URL.
      </p>
      <div className="grid-2 inspector-top">
        <Panel title="Token" id="token">
          <form
            className="inspector-form"
            onSubmit={(event) => {
              event.preventDefault()
              void check()
            }}
          >
            <label htmlFor="jwt" className="sr-only">Token (JWT)</label>
            <textarea
              id="jwt"
              className="input token-input mono"
              value={token}
              onChange={(event) => {
                setToken(event.target.value)
                reset()
              }}
              placeholder="eyJhbGciOi… (with or without “Bearer ”)"
              spellCheck={false}
              autoComplete="off"
              autoCorrect="off"
              autoCapitalize="off"
              rows={9}
            />
            <div className="inspector-controls">
              <label className="inline-field">
                <span>Route</span>
                <select className="select" value={expectation} onChange={(event) => { setExpectation(event.target.value); reset() }} aria-label="Check against the route">
                  <option value="">Any (by the token’s issuer)</option>
                  {expectations.map((e) => (
                    <option key={e.index} value={String(e.index)}>{e.label}</option>
                  ))}
                </select>
              </label>
              <div className="inspector-buttons">
                <button type="button" className="btn" onClick={() => { setToken(''); reset() }} disabled={token === ''}>Clear</button>
                <button type="submit" className="btn btn-primary" disabled={cleanToken(token) === '' || checking}>{checking ? 'Checking…' : 'Check against configuration'}</button>
              </div>
            </div>
            {config.data && expectations.length === 0 ? (
              <p className="hint">No expectations are configured (classifier.expectations): issuer, audience, JWKS and scope checks will be skipped.</p>
            ) : null}
          </form>
        </Panel>
        <TokenClaims decoded={decoded} nowMs={nowMs} />
      </div>
      {error ? <ErrorState error={error} onRetry={() => void check()} /> : null}
      {result ? <Checklist result={result} /> : null}
    </div>
  )
}

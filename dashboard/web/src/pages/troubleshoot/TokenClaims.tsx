import type { ReactNode } from 'react'
import { Panel } from '../../components/Panel.tsx'
import { formatTimestamp } from '../../lib/time.ts'
import type { JwtDecode, TimeClaim } from '@claimcheck/shared'
import { relativeTo } from '../../lib/jwt.ts'

function Fact({ label, children, mono = false }: { label: string; children: ReactNode; mono?: boolean }) {
  const empty = children === undefined || children === null || children === ''
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd className={mono ? 'mono' : undefined}>{empty ? <span className="faint">—</span> : children}</dd>
    </div>
  )
}

function span(seconds: number): string {
  const abs = Math.abs(seconds)
  return abs < 7_200 ? `${Math.round(abs / 60)} min` : abs < 172_800 ? `${(abs / 3600).toFixed(1).replace(/\.0$/, '')} h` : `${Math.round(abs / 86_400)} d`
}

/** exp/nbf/iat as times, and what they mean now: "expired 3 min ago", "not valid for 5 min". */
function TimeFact({ label, at, raw, nowMs, kind }: { label: string; at: number | undefined; raw: unknown; nowMs: number; kind: TimeClaim }) {
  // A claim that is not a JSON number is shown as written: a verifier refuses it.
  if (raw !== undefined && typeof raw !== 'number') {
    return (
      <Fact label={label}>
        <span className="mono">{JSON.stringify(raw)}</span>
        <span className="claim-note bad"> · not a number: a verifier refuses this token</span>
      </Fact>
    )
  }
  if (at === undefined) return <Fact label={label}>{kind === 'exp' ? <span className="faint">none: never expires</span> : ''}</Fact>
  const { seconds, text } = relativeTo(at, nowMs)
  const note = kind === 'exp' ? (seconds < 0 ? `expired ${text}` : `expires ${text}`) : kind === 'nbf' ? (seconds > 0 ? `not valid for another ${text.replace('in ', '')}` : `valid since ${text}`) : seconds > 0 ? `issued ${text}: in the future` : `issued ${text}`
  const bad = (kind === 'exp' && seconds < 0) || (kind !== 'exp' && seconds > 0)
  return (
    <Fact label={label}>
      <span className="mono">{formatTimestamp(at * 1000)}</span>
      <span className={`claim-note${bad ? ' bad' : ''}`}> · {note}</span>
    </Fact>
  )
}

/** The token as the browser decoded it: header, the claims that matter, times against now, raw JSON. */
export function TokenClaims({ decoded, nowMs }: { decoded: JwtDecode; nowMs: number }) {
  if (!decoded.ok) {
    return (
      <Panel title="Decoded in your browser" id="decoded">
        <p className="hint" role="status">{decoded.reason}</p>
      </Panel>
    )
  }
  const { claims, header, payload } = decoded
  const lifetime = claims.exp !== undefined && claims.iat !== undefined ? claims.exp - claims.iat : undefined
  return (
    <Panel title="Decoded in your browser" id="decoded" actions={<span className="hint">Not verified: anyone can write these claims</span>}>
      <dl className="facts claims" aria-label="Header and claims">
        <Fact label="alg" mono>{claims.alg}{decoded.signed ? '' : ' (unsigned)'}</Fact>
        <Fact label="kid" mono>{claims.kid}</Fact>
        <Fact label="typ" mono>{typeof header.typ === 'string' ? header.typ : undefined}</Fact>
        <Fact label="sub" mono>{claims.sub}</Fact>
        <Fact label="iss" mono>{claims.iss}</Fact>
        <Fact label="aud" mono>{claims.aud.join(', ')}</Fact>
        <Fact label="client" mono>{claims.clientId}</Fact>
        <Fact label="tenant">{claims.tenant}</Fact>
        <Fact label="scopes">{claims.scopes.length ? <span className="scopes">{claims.scopes.map((s) => <code key={s}>{s}</code>)}</span> : ''}</Fact>
        <Fact label="lifetime">{lifetime === undefined ? '' : lifetime < 0 ? <span className="bad">exp is before iat</span> : `${span(lifetime)} (exp − iat)`}</Fact>
        <TimeFact label="exp" at={claims.exp} raw={payload.exp} nowMs={nowMs} kind="exp" />
        <TimeFact label="nbf" at={claims.nbf} raw={payload.nbf} nowMs={nowMs} kind="nbf" />
        <TimeFact label="iat" at={claims.iat} raw={payload.iat} nowMs={nowMs} kind="iat" />
      </dl>
      <details className="raw-json">
        <summary>Header and payload as JSON</summary>
        <pre className="mono">{JSON.stringify(header, null, 2)}</pre>
        <pre className="mono">{JSON.stringify(payload, null, 2)}</pre>
      </details>
    </Panel>
  )
}

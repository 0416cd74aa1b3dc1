import type { ReactNode } from 'react'
import { Link, useLocation } from 'react-router'
import { CAUSE_INFO, labelCauseDetail, type CallDetail } from '@claimcheck/shared'
import { CauseBadge, StatusCode } from '../components/CauseBadge.tsx'
import { Panel } from '../components/Panel.tsx'
import { formatDurationMs } from '../lib/format.ts'
import { formatTimestamp, nsToMs } from '../lib/time.ts'
import { addFilter, carryViewParams, type FilterKey } from '../lib/view-state.ts'

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{children === '' || children === undefined || children === null ? <span className="faint">—</span> : children}</dd>
    </div>
  )
}

/** A value that filters the calls explorer when pressed. */
function FilterLink({ field, value, mono = true }: { field: FilterKey; value: string; mono?: boolean }) {
  const location = useLocation()
  if (!value) return null
  const search = addFilter(new URLSearchParams(location.search), field, value)
  return (
    <Link to={`/calls${carryViewParams(search)}`} className={mono ? 'mono' : undefined} title={`Calls with ${field} ${value}`}>
      {value}
    </Link>
  )
}

/** What happened: the call's facts. */
export function WhatHappened({ detail }: { detail: CallDetail }) {
  const { call } = detail
  return (
    <Panel title="What happened" id="what">
      <dl className="facts">
        <Fact label="Status"><StatusCode code={call.StatusCode} /></Fact>
        <Fact label="Route"><span className="mono">{call.Method} {call.Route}</span></Fact>
        <Fact label="Path"><span className="mono">{call.Path}</span></Fact>
        <Fact label="Service"><FilterLink field="service" value={call.ServiceName} mono={false} /></Fact>
        <Fact label="Subject"><FilterLink field="subject" value={call.Subject} /></Fact>
        <Fact label="Issuer"><FilterLink field="issuer" value={call.Issuer} /></Fact>
        <Fact label="Client"><FilterLink field="client" value={call.ClientId} /></Fact>
        <Fact label="Tenant"><FilterLink field="tenant" value={call.Tenant} mono={false} /></Fact>
        <Fact label="Time"><span className="mono">{formatTimestamp(nsToMs(call.Timestamp))}</span></Fact>
        <Fact label="Duration">{formatDurationMs(call.Duration / 1e6)}</Fact>
        <Fact label="Client address"><span className="mono">{call.ClientAddress}</span></Fact>
        <Fact label="Audience">{call.Audience.join(', ')}</Fact>
      </dl>
    </Panel>
  )
}

/** Why it failed: the cause, its detail and the evidence that decided it. */
export function WhyItFailed({ detail }: { detail: CallDetail }) {
  const { evidence } = detail
  const location = useLocation()
  if (evidence.Cause === '') {
    return (
      <Panel title="Why" id="why">
        <div className="why-ok">
          <CauseBadge cause="" />
          <p>This call did not fail authentication.</p>
        </div>
      </Panel>
    )
  }
  const info = CAUSE_INFO[evidence.Cause]
  const detailInfo = info.details[evidence.CauseDetail]
  return (
    <Panel title="Why" id="why" actions={<Link to={`/causes/${evidence.Cause}${carryViewParams(new URLSearchParams(location.search))}`}>Playbook →</Link>}>
      <div className="why">
        <div className="why-cause">
          <CauseBadge cause={evidence.Cause} detail={labelCauseDetail(evidence.Cause, evidence.CauseDetail) || undefined} />
        </div>
        <p className="why-text">{detailInfo?.description ?? info.description}</p>
        <dl className="facts facts-1">
          <Fact label="Evidence">{evidence.Evidence ? <code className="evidence">{evidence.Evidence}</code> : ''}</Fact>
          <Fact label="Decided by">{evidence.EvidenceRule ? <code>{evidence.EvidenceRule}</code> : ''}</Fact>
          <Fact label="Error message">{evidence.ErrorMessage ? <span className="error-message">{evidence.ErrorMessage}</span> : ''}</Fact>
          <Fact label="Seen in">{evidence.Source}</Fact>
        </dl>
      </div>
    </Panel>
  )
}

function relative(seconds: number | null, positive: string, negative: string): string {
  if (seconds === null) return ''
  const abs = Math.abs(seconds)
  const text = abs < 120 ? `${Math.round(abs)} s` : abs < 7200 ? `${Math.round(abs / 60)} min` : abs < 172800 ? `${(abs / 3600).toFixed(1)} h` : `${Math.round(abs / 86400)} d`
  return seconds > 0 ? `${text} ${positive}` : `${text} ${negative}`
}

function epochSeconds(value: number | undefined): string {
  return value === undefined ? '' : formatTimestamp(value * 1000)
}

/** The decoded claims: never the token itself (claimcheck does not store it). */
export function ClaimsPanel({ detail }: { detail: CallDetail }) {
  const { claims } = detail
  if (!claims.present) {
    return (
      <Panel title="Token" id="claims">
        <p className="hint">No bearer token was presented on this call.</p>
      </Panel>
    )
  }
  const expiryNote = relative(claims.secondsPastExpiry, 'past expiry at call time', 'before expiry at call time')
  const nbfNote = relative(claims.secondsBeforeNotBefore, 'before nbf', 'after nbf')
  return (
    <Panel title="Decoded claims" id="claims" actions={<span className="hint">The raw token is never stored</span>}>
      <dl className="facts claims">
        <Fact label="sub"><span className="mono">{claims.sub}</span></Fact>
        <Fact label="iss"><span className="mono">{claims.iss}</span></Fact>
        <Fact label="aud"><span className="mono">{claims.aud.join(', ')}</span></Fact>
        <Fact label="client"><span className="mono">{claims.clientId}</span></Fact>
        <Fact label="tenant">{claims.tenant}</Fact>
        <Fact label="scopes">{claims.scopes.length ? <span className="scopes">{claims.scopes.map((s) => <code key={s}>{s}</code>)}</span> : ''}</Fact>
        <Fact label="iat">
          {epochSeconds(claims.iat)}
          {claims.tokenAgeSeconds !== null ? <span className="claim-note"> · issued {relative(claims.tokenAgeSeconds, 'before the call', 'after the call')}</span> : null}
        </Fact>
        <Fact label="nbf">
          {epochSeconds(claims.nbf)}
          {claims.nbf !== undefined && nbfNote ? <span className={`claim-note${(claims.secondsBeforeNotBefore ?? 0) > 0 ? ' bad' : ''}`}> · {nbfNote}</span> : null}
        </Fact>
        <Fact label="exp">
          {epochSeconds(claims.exp)}
          {claims.exp !== undefined && expiryNote ? <span className={`claim-note${(claims.secondsPastExpiry ?? 0) > 0 ? ' bad' : ''}`}> · {expiryNote}</span> : null}
        </Fact>
        <Fact label="kid / alg"><span className="mono">{[claims.kid, claims.alg].filter(Boolean).join(' / ')}</span></Fact>
      </dl>
    </Panel>
  )
}

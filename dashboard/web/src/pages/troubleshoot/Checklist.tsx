import { CAUSE_INFO, labelCauseDetail, type InspectResponse } from '@claimcheck/shared'
import { CauseBadge } from '../../components/CauseBadge.tsx'
import { Panel } from '../../components/Panel.tsx'
import { formatTimestamp } from '../../lib/time.ts'
import { StatusMark } from '../../troubleshoot/Marks.tsx'

/** The server's verdict: the cause a gateway call with this token would get now, and every check. */
export function Checklist({ result }: { result: InspectResponse }) {
  const failed = result.checks.filter((c) => c.status === 'fail').length
  const unknown = result.checks.filter((c) => c.status === 'error').length
  return (
    <Panel
      title="Checked against the configuration"
      id="checklist"
      actions={<span className="hint">{result.expectation ? `${result.routeChosen ? 'Route' : 'Issuer\u2019s expectation'}: ${result.expectation.label}` : 'No expectation applies'} · at {formatTimestamp(result.checkedAt)} · skew {result.clockSkewSeconds} s</span>}
    >
      <div className={`inspect-verdict ${result.valid ? 'ok' : 'bad'}`} role="status">
        {result.valid ? (
          <>
            <CauseBadge cause="" />
            <p>
              Passes every check claimcheck could make{unknown ? `; ${unknown} could not be checked` : ''}
              {result.routeChosen ? '' : '. Choose a route to check its scopes too'}.
            </p>
          </>
        ) : (
          <>
            <CauseBadge cause={result.cause} detail={labelCauseDetail(result.cause, result.detail) || undefined} />
            <p>
              {failed} check{failed === 1 ? '' : 's'} failed. {result.cause !== '' ? (CAUSE_INFO[result.cause].details[result.detail]?.description ?? CAUSE_INFO[result.cause].description) : ''}
              {result.evidence ? <> <code className="evidence">{result.evidence}</code></> : null}
            </p>
          </>
        )}
      </div>
      <ul className="checklist" aria-label="Checks">
        {result.checks.map((check) => (
          <li key={check.id} className={`check-row check-${check.status}`} data-check={check.id}>
            <StatusMark status={check.status} />
            <span className="check-label">{check.label}</span>
            <span className="check-detail">{check.detail}</span>
          </li>
        ))}
      </ul>
    </Panel>
  )
}

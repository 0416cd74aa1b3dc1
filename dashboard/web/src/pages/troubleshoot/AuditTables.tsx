import { Link, useLocation } from 'react-router'
import type { AuditResponse, DeletedSubjectRow, LongLifetimeRow, NoRefreshRow, RouteIssuersRow, SubjectState } from '@claimcheck/shared'
import { formatCount, formatPercent } from '../../lib/format.ts'
import { formatDateTime, formatTimestamp } from '../../lib/time.ts'
import { addFilter, carryViewParams, type FilterKey } from '../../lib/view-state.ts'
import { SubjectStatePill } from '../../troubleshoot/Marks.tsx'

/** One table per audit kind: presentational, rows from the API. */

function seconds(s: number): string {
  const abs = Math.abs(s)
  if (abs < 120) return `${Math.round(abs)} s`
  if (abs < 7_200) return `${Math.round(abs / 60)} min`
  if (abs < 172_800) return `${(abs / 3_600).toFixed(1).replace(/\.0$/, '')} h`
  return `${(abs / 86_400).toFixed(1).replace(/\.0$/, '')} d`
}

const time = (ms: number) => (ms > 0 ? formatTimestamp(ms).slice(0, 19) : '—')

/** A value that opens the calls explorer filtered by it. */
function CallsLink({ field, value }: { field: FilterKey; value: string }) {
  const location = useLocation()
  if (!value) return <span className="faint">(none)</span>
  return <Link className="mono" to={`/calls${carryViewParams(addFilter(new URLSearchParams(location.search), field, value))}`}>{value}</Link>
}

/** "20 deleted · 10 not in the directory · 10 present": the directory's answers at a glance. */
function DirectorySummary({ rows }: { rows: readonly DeletedSubjectRow[] }) {
  const counts = new Map<SubjectState, number>()
  for (const row of rows) if (row.directory) counts.set(row.directory.state, (counts.get(row.directory.state) ?? 0) + 1)
  if (counts.size === 0) return null
  return (
    <p className="verdict-summary" aria-label="Directory answers">
      {[...counts.entries()].sort((a, b) => b[1] - a[1]).map(([state, n]) => (
        <span key={state}><SubjectStatePill state={state} /> {formatCount(n)}</span>
      ))}
    </p>
  )
}

function DeletedSubjects({ rows }: { rows: readonly DeletedSubjectRow[] }) {
  return (
    <>
      <DirectorySummary rows={rows} />
      <table className="data-table audit-table" aria-label="Subjects that succeeded, now unknown">
        <thead>
          <tr><th>Subject</th><th>Tenant</th><th>Client</th><th>Last success</th><th>First failure after</th><th>Last failure</th><th className="num">Failures</th><th>Directory</th></tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.subject}>
              <td><CallsLink field="subject" value={r.subject} /></td>
              <td>{r.tenant}</td>
              <td className="mono">{r.client}</td>
              <td className="mono nowrap">{time(r.lastSuccess)}</td>
              <td className="mono nowrap">{time(r.firstFailure)}</td>
              <td className="mono nowrap">{time(r.lastFailure)}</td>
              <td className="num">{formatCount(r.failures)}</td>
              <td title={r.directory?.explanation} className="nowrap">
                {r.directory ? <SubjectStatePill state={r.directory.state} /> : <span className="faint">not looked up</span>}
                {r.directory?.deletedAt ? <span className="hint"> {formatDateTime(r.directory.deletedAt)}</span> : null}
                {r.directory?.state === 'active' && r.directory.tenant && r.directory.tenant !== r.tenant ? <span className="hint"> in {r.directory.tenant}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}

function NoRefresh({ rows }: { rows: readonly NoRefreshRow[] }) {
  return (
    <table className="data-table audit-table" aria-label="Clients presenting expired tokens">
      <thead>
        <tr><th>Client</th><th className="num">Expired calls</th><th className="num">Of its calls</th><th className="num">Subjects</th><th className="num">Median late</th><th className="num">Latest</th><th className="num">Tokens sent again</th><th>Last seen</th></tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.client}>
            <td><CallsLink field="client" value={r.client} /></td>
            <td className="num">{formatCount(r.expiredCalls)}</td>
            <td className="num">{formatPercent(r.calls ? r.expiredCalls / r.calls : 0)}</td>
            <td className="num">{formatCount(r.subjects)}</td>
            <td className="num">{seconds(r.medianSecondsLate)}</td>
            <td className="num">{seconds(r.maxSecondsLate)}</td>
            <td className={`num${r.reusedTokens > 0 ? ' bad strong' : ''}`}>{formatCount(r.reusedTokens)}</td>
            <td className="mono nowrap">{time(r.lastSeen)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function LongLifetimes({ rows }: { rows: readonly LongLifetimeRow[] }) {
  return (
    <table className="data-table audit-table" aria-label="Unusually long token lifetimes">
      <thead>
        <tr><th>Issuer</th><th>Client</th><th className="num">Tokens</th><th className="num">Too long</th><th className="num">Median lifetime</th><th className="num">Longest</th><th>Example subject</th><th>Last seen</th></tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.issuer}\u0000${r.client}`}>
            <td className="wrap"><CallsLink field="issuer" value={r.issuer} /></td>
            <td><CallsLink field="client" value={r.client} /></td>
            <td className="num">{formatCount(r.tokens)}</td>
            <td className="num bad strong">{formatCount(r.longTokens)}</td>
            <td className="num">{seconds(r.medianLifetimeSeconds)}</td>
            <td className="num">{seconds(r.maxLifetimeSeconds)}</td>
            <td className="mono">{r.exampleSubject}</td>
            <td className="mono nowrap">{time(r.lastSeen)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function Values({ values }: { values: RouteIssuersRow['issuers'] }) {
  return (
    <ul className="value-list">
      {values.map((v) => (
        <li key={v.value} className={v.expected === false ? 'unexpected' : undefined} title={v.expected === false ? 'Not in the route’s expectation' : v.expected ? 'Expected' : 'Nothing configured for this route'}>
          <span className="mono">{v.value || '(none)'}</span> <span className="hint">{formatCount(v.calls)}{v.failures ? ` · ${formatCount(v.failures)} failed` : ''}</span>
        </li>
      ))}
    </ul>
  )
}

function RouteIssuers({ rows }: { rows: readonly RouteIssuersRow[] }) {
  return (
    <table className="data-table audit-table" aria-label="Issuers and audiences per route">
      <thead>
        <tr><th>Service</th><th>Route</th><th className="num">Calls</th><th className="num">Failures</th><th>Expectation</th><th>Issuers</th><th>Audiences</th></tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.service}\u0000${r.route}`}>
            <td>{r.service}</td>
            <td className="mono"><CallsLink field="route" value={r.route} /></td>
            <td className="num">{formatCount(r.calls)}</td>
            <td className="num">{formatCount(r.failures)}</td>
            <td>{r.expectation === null ? <span className="warn-text">none</span> : `#${r.expectation + 1}`}</td>
            <td><Values values={r.issuers} /></td>
            <td><Values values={r.audiences} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function AuditTable({ audit }: { audit: AuditResponse }) {
  switch (audit.kind) {
    case 'deleted-subjects':
      return <DeletedSubjects rows={audit.rows} />
    case 'no-refresh':
      return <NoRefresh rows={audit.rows} />
    case 'long-lifetimes':
      return <LongLifetimes rows={audit.rows} />
    case 'route-issuers':
      return <RouteIssuers rows={audit.rows} />
  }
}

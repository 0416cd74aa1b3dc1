import { Link } from 'react-router'
import { ZonedText } from '../components/ZonedText.tsx'
import type { SubjectVerdict } from '@claimcheck/shared'
import { ApiError } from '../api/client.ts'
import { useDirectoryInfo, useSubjectVerdict, useSubjectVerdicts } from '../api/troubleshoot.ts'
import { useTop } from '../api/overview.ts'
import { Panel } from '../components/Panel.tsx'
import { Empty, ErrorState, Skeleton } from '../components/States.tsx'
import { formatCount } from '../lib/format.ts'
import { formatDateTime, formatTimestamp, type ResolvedRange } from '../lib/time.ts'
import type { Filters } from '../lib/view-state.ts'
import { SubjectStatePill } from './Marks.tsx'
import './troubleshoot.css'

function VerdictFacts({ verdict }: { verdict: SubjectVerdict }) {
  return (
    <div className="verdict">
      <div className="verdict-head">
        <SubjectStatePill state={verdict.state} />
        <span className="mono">{verdict.subject}</span>
      </div>
      <p className="verdict-text"><ZonedText text={verdict.explanation} /></p>
      <dl className="facts facts-1">
        {verdict.deletedAt !== null ? <div className="fact"><dt>Deleted</dt><dd className="mono">{formatTimestamp(verdict.deletedAt)}</dd></div> : null}
        {verdict.tenant ? <div className="fact"><dt>Tenant in directory</dt><dd>{verdict.tenant}</dd></div> : null}
        <div className="fact"><dt>Source</dt><dd>{verdict.source}{verdict.cached ? ' · cached' : ''} · checked {formatTimestamp(verdict.checkedAt)}</dd></div>
      </dl>
    </div>
  )
}

/** On an unknown_sub call: what the subject directory says about its sub. */
export function CallSubjectPanel({ subject, tenant }: { subject: string; tenant: string }) {
  const info = useDirectoryInfo()
  const configured = info.data?.configured === true
  const query = useSubjectVerdict(subject, tenant, configured)
  return (
    <Panel title="Subject directory" id="subject-directory">
      {info.data && !configured ? (
        <NotConfigured />
      ) : !subject ? (
        <Empty title="The call carried no sub" compact />
      ) : info.isPending || query.isPending ? (
        <Skeleton height={120} label="Asking the subject directory" />
      ) : query.error ? (
        <DirectoryError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <VerdictFacts verdict={query.data!} />
      )}
    </Panel>
  )
}

function NotConfigured() {
  return (
    <Empty title="No subject directory configured" compact>
      Set <code>troubleshoot.subjects</code> (a CSV/JSON file, a ClickHouse table or dictionary, or a user API) to see whether failing subs exist.
    </Empty>
  )
}

function DirectoryError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  if (error instanceof ApiError && error.code === 'not_configured') return <NotConfigured />
  return <ErrorState error={error} onRetry={onRetry} compact />
}

/** On the unknown_sub cause view: the directory's answer for the most failing subjects. */
export function CauseSubjectsPanel({ filters, range, carried, onFilter }: { filters: Filters; range: ResolvedRange; carried: string; onFilter: (subject: string) => void }) {
  const info = useDirectoryInfo()
  const configured = info.data?.configured === true
  const top = useTop('subject', filters, range, { limit: 8 })
  const subjects = (top.data?.items ?? []).map((item) => item.value).filter((s) => s !== '')
  const verdicts = useSubjectVerdicts(subjects, configured)
  const bySubject = new Map((verdicts.data?.verdicts ?? []).map((v) => [v.subject, v]))
  return (
    <Panel title="Subject directory" id="subject-directory" actions={<Link to={`/audits?audit=deleted-subjects${carried ? `&${carried.slice(1)}` : ''}`}>Deleted users still holding tokens →</Link>}>
      {top.isPending ? (
        <Skeleton height={180} label="Loading failing subjects" />
      ) : subjects.length === 0 ? (
        <Empty title="No failing subjects in this range" compact />
      ) : verdicts.error ? (
        <DirectoryError error={verdicts.error} onRetry={() => void verdicts.refetch()} />
      ) : (
        <>
          {info.data && !configured ? <p className="hint">No subject directory is configured (<code>troubleshoot.subjects</code>): set one to see whether these subs exist.</p> : null}
          <table className="data-table verdict-table" aria-label="Failing subjects in the directory">
            <thead>
              <tr>
                <th scope="col">Subject</th>
                <th scope="col">Directory</th>
                <th scope="col" className="num">Failures</th>
              </tr>
            </thead>
            <tbody>
              {(top.data?.items ?? []).filter((item) => item.value !== '').map((item) => {
                const verdict = bySubject.get(item.value)
                return (
                  <tr key={item.value}>
                    <td className="wrap">
                      <button type="button" className="link-button mono" onClick={() => onFilter(item.value)} title={`Filter by subject ${item.value}`}>{item.value}</button>
                    </td>
                    <td title={verdict?.explanation}>
                      {verdict ? <SubjectStatePill state={verdict.state} /> : <span className="faint">{configured ? '…' : 'no directory'}</span>}
                      {verdict?.deletedAt ? <span className="hint"> {formatDateTime(verdict.deletedAt)}</span> : null}
                      {verdict?.state === 'active' && verdict.tenant ? <span className="hint"> in {verdict.tenant}</span> : null}
                    </td>
                    <td className="num">{formatCount(item.failures)}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </>
      )}
    </Panel>
  )
}

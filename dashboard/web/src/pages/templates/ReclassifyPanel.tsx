import { useEffect, useRef, useState } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import type { ReclassifyJob } from '@claimcheck/shared'
import { useCancelReclassify, useReclassifyJobs, useStartReclassify } from '../../api/user-rules.ts'
import { Panel } from '../../components/Panel.tsx'
import { ErrorState } from '../../components/States.tsx'
import { formatExact } from '../../lib/format.ts'
import { formatDateTime, type ResolvedRange } from '../../lib/time.ts'

function Transitions({ job }: { job: ReclassifyJob }) {
  const entries = Object.entries(job.transitions).sort((a, b) => b[1] - a[1])
  if (entries.length === 0) return null
  // `a → a` is the same cause decided by another rule: say so rather than show a non-change.
  const label = (t: string) => {
    const [from, to] = t.split(' → ')
    return from === to ? `${from} (same cause, other evidence)` : t
  }
  return <ul className="tpl-transitions">{entries.map(([t, n]) => <li key={t}><span className="mono">{label(t)}</span> {formatExact(n)}</li>)}</ul>
}

function JobProgress({ job }: { job: ReclassifyJob }) {
  const cancel = useCancelReclassify()
  const percent = Math.round(job.percent)
  const running = job.state === 'running'
  const verb = job.dryRun ? 'would change' : 'changed'
  return (
    <div className={`tpl-job tpl-job-${job.state}`} data-job-state={job.state}>
      <div className="tpl-job-head">
        <strong>{running ? 'Reclassifying…' : job.state === 'done' ? 'Reclassified' : job.state === 'cancelled' ? 'Cancelled' : 'Failed'}</strong>
        <span className="hint">
          {formatDateTime(job.from)} – {formatDateTime(job.to)}{job.service ? ` · ${job.service}` : ''} · {job.scope === 'unclassified' ? 'unclassified calls' : 'all calls'} · by {job.startedBy}
        </span>
        {running ? <button className="btn btn-sm" type="button" onClick={() => cancel.mutate(job.id)} disabled={cancel.isPending}>Cancel</button> : null}
      </div>
      <div className="tpl-progress" role="progressbar" aria-label="Reclassify progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <div className="tpl-progress-bar" style={{ width: `${percent}%` }} />
      </div>
      <div className="tpl-job-figures">
        <span className="tpl-percent">{percent} %</span>
        <span>{formatExact(job.rowsDone)} of {formatExact(job.totalCalls)} calls read</span>
        <span>{formatExact(job.changed)} {verb}</span>
      </div>
      <Transitions job={job} />
      {job.error ? <p className="field-error">{job.error}</p> : null}
    </div>
  )
}

/**
 * Re-applies the current rules to the stored calls of the shown range, in the background. The
 * newest minutes stay as they are: the collector is still writing them, with the new rules.
 */
export function ReclassifyPanel({ range, rangeLabel, highlight }: { range: ResolvedRange; rangeLabel: string; highlight: boolean }) {
  const jobs = useReclassifyJobs()
  const start = useStartReclassify()
  const client = useQueryClient()
  const latest = jobs.data?.jobs[0]
  const wasRunning = useRef(false)
  useEffect(() => {
    // A finished rewrite changes every view's numbers: refresh them all once.
    if (wasRunning.current && latest && latest.state !== 'running') void client.invalidateQueries()
    wasRunning.current = latest?.state === 'running'
  }, [latest, client])
  const running = latest?.state === 'running'
  const [onlyOther, setOnlyOther] = useState(true)
  return (
    <Panel
      title="Reclassify stored calls"
      id="reclassify"
      className={highlight ? 'tpl-offer' : ''}
      actions={
        <>
          <label className="tpl-check" title="Leave calls that already have a cause as they are">
            <input type="checkbox" checked={onlyOther} onChange={(e) => setOnlyOther(e.target.checked)} />
            <span>Only calls classified other</span>
          </label>
          <button className="btn btn-primary btn-sm" type="button" disabled={running || start.isPending}
            onClick={() => start.mutate({ from: String(Math.floor(range.fromMs)), to: String(Math.ceil(range.toMs)), dryRun: false, scope: onlyOther ? 'unclassified' : 'all' })}>
            Reclassify {rangeLabel}
          </button>
        </>
      }
    >
      <p className="hint">
        {highlight ? 'The rule applies to new calls now. ' : ''}
        Re-applies the current rules (built-in, rules file and stored) to the calls already stored in the range (only those classified other, unless unticked)
        and rebuilds the rollups for those minutes. The last two minutes are left to the collector.
      </p>
      {start.error ? <ErrorState error={start.error} compact /> : null}
      {latest ? <JobProgress job={latest} /> : null}
    </Panel>
  )
}

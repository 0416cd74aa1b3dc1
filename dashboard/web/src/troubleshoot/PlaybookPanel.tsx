import { CAUSE_INFO, PLAYBOOK_CHECKS, type Cause, type PlaybookStep } from '@claimcheck/shared'
import { useCallPlaybook, useCausePlaybook } from '../api/troubleshoot.ts'
import { Panel } from '../components/Panel.tsx'
import { ErrorState } from '../components/States.tsx'
import type { ResolvedRange } from '../lib/time.ts'
import type { Filters } from '../lib/view-state.ts'
import { PlaybookSteps } from './PlaybookSteps.tsx'

/** The taxonomy's steps without answers: shown at once, answers fill in when they arrive. */
function unanswered(cause: Cause): PlaybookStep[] {
  return CAUSE_INFO[cause].playbook.map((text, index) => ({ index, text, check: PLAYBOOK_CHECKS[cause][index] ?? null, answer: null }))
}

function PlaybookBody({ cause, query, carried }: { cause: Cause; query: { data?: { steps: PlaybookStep[] } | undefined; isPending: boolean; error: unknown; refetch: () => unknown }; carried: string }) {
  return (
    <>
      <PlaybookSteps steps={query.data?.steps ?? unanswered(cause)} carried={carried} pending={query.isPending} />
      {query.error ? <ErrorState error={query.error} onRetry={() => void query.refetch()} compact /> : null}
    </>
  )
}

/** A cause's playbook, its checks answered for the page's filters and range. */
export function CausePlaybookPanel({ cause, filters, range, carried }: { cause: Cause; filters: Filters; range: ResolvedRange; carried: string }) {
  const query = useCausePlaybook(cause, filters, range)
  return (
    <Panel title="Playbook" id="playbook" className="playbook" actions={<span className="hint">Answered from the calls in this range</span>}>
      <PlaybookBody cause={cause} query={query} carried={carried} />
    </Panel>
  )
}

/** One failed call's playbook, answered for that call (its client, subject, token and the day around it). */
export function CallPlaybookPanel({ traceId, spanId, cause, carried }: { traceId: string; spanId: string; cause: Cause; carried: string }) {
  const query = useCallPlaybook(traceId, spanId, true)
  return (
    <Panel title="Playbook for this call" id="playbook" className="playbook" actions={<span className="hint">{CAUSE_INFO[cause].label}: the day around the call</span>}>
      <PlaybookBody cause={cause} query={query} carried={carried} />
    </Panel>
  )
}

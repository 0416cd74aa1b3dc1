import { useState } from 'react'
import type { UserRuleVersion } from '@claimcheck/shared'
import { useTemplates } from '../../api/user-rules.ts'
import { FilterBar } from '../../components/FilterBar.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { Panel } from '../../components/Panel.tsx'
import { Empty, QueryView } from '../../components/States.tsx'
import { formatExact, formatPercent } from '../../lib/format.ts'
import { describeRange } from '../../lib/time.ts'
import { useTimeAnchor, useView } from '../../lib/use-view.ts'
import { ReclassifyPanel } from './ReclassifyPanel.tsx'
import { StoredRulesPanel } from './StoredRulesPanel.tsx'
import { TemplateTable } from './TemplateTable.tsx'
import './templates.css'

/**
 * `/templates`: the messages no rule recognised (`other`), mined into templates; a template
 * becomes a stored user rule in one step, applied to new calls at once, and the past range can be
 * re-classified with it.
 */
export default function TemplatesPage() {
  const { filters, resolved, range } = useView()
  const { nowMs } = useTimeAnchor()
  const templates = useTemplates(filters, resolved)
  const [saved, setSaved] = useState<UserRuleVersion | undefined>()
  const rangeLabel = describeRange(range, nowMs).replace(/^Last/, 'the last')
  return (
    <div className="page">
      <PageHeader title="Unclassified templates" />
      <p className="page-lede">
        Calls that failed for a reason no rule recognised are classified <code>other</code>. Their messages are grouped into templates, variable parts masked.
        Assign a cause to a template and claimcheck stores it as a user rule, applies it to new calls at once, and can re-classify the calls already stored.
      </p>
      <FilterBar hide={['cause']} />
      {saved ? (
        <div className="tpl-saved" role="status">
          Saved <code>{saved.ruleId}</code> (version {saved.version}): new calls of this template are classified <strong>{saved.rule.set.cause}</strong>
          {saved.rule.set.detail ? ` · ${saved.rule.set.detail}` : ''} from now on. Reclassify the stored calls (below the templates) to apply it to the past.
        </div>
      ) : null}
      <Panel
        title="Templates of unclassified messages"
        id="templates"
        actions={templates.data ? <SampleNote sample={templates.data.templateSample} /> : null}
      >
        <QueryView query={templates} isEmpty={(d) => d.templates.length === 0}
          empty={<Empty title="Nothing unclassified">Every failed call of this range has a cause. Widen the range or the filters to see older templates.</Empty>}>
          {(data) => <TemplateTable templates={data.templates} total={data.templateSample.calls} onSaved={setSaved} />}
        </QueryView>
      </Panel>
      <ReclassifyPanel range={resolved} rangeLabel={rangeLabel} highlight={saved !== undefined} />
      <StoredRulesPanel />
    </div>
  )
}

function SampleNote({ sample }: { sample: { calls: number; sampledCalls: number; distinctMessages: number; limit: number } }) {
  const partial = sample.distinctMessages > sample.limit
  return (
    <span className="hint">
      {formatExact(sample.calls)} unclassified calls
      {partial ? ` · mined from the ${formatExact(sample.limit)} most frequent messages (${formatPercent(sample.sampledCalls / Math.max(1, sample.calls))} of the calls)` : ''}
    </span>
  )
}

import { useState } from 'react'
import { CAUSE_INFO, CAUSES, type Cause, type MessageTemplate, type UserRuleVersion } from '@claimcheck/shared'
import { useCreateRule } from '../../api/user-rules.ts'
import { ErrorState } from '../../components/States.tsx'

/** Pick a cause (and detail) for a template: stored as a user rule in one step. */
export function AssignCauseForm({ template, onSaved, onCancel }: { template: MessageTemplate; onSaved: (saved: UserRuleVersion) => void; onCancel: () => void }) {
  // No preselected cause: a rule decides calls from now on, so the choice is made on purpose.
  const [cause, setCause] = useState<Cause | ''>('')
  const [detail, setDetail] = useState('')
  const [scoped, setScoped] = useState(template.services.length > 0)
  const [comment, setComment] = useState('')
  const create = useCreateRule()
  const details = cause ? Object.entries(CAUSE_INFO[cause].details) : []
  const save = () => {
    if (!cause) return
    create.mutate(
      { template: template.template, cause, detail, services: scoped ? template.services : [], comment },
      { onSuccess: (saved) => onSaved(saved as UserRuleVersion) },
    )
  }
  return (
    <form className="tpl-form" aria-label="Assign a cause to this template" onSubmit={(event) => { event.preventDefault(); save() }}>
      <label>
        <span>Cause</span>
        <select className="select" value={cause} onChange={(e) => { setCause(e.target.value as Cause); setDetail('') }} aria-label="Cause">
          <option value="" disabled>Choose a cause…</option>
          {CAUSES.filter((c) => c !== 'other').map((c) => <option key={c} value={c}>{CAUSE_INFO[c].label}</option>)}
        </select>
      </label>
      <label>
        <span>Detail</span>
        <select className="select" value={detail} onChange={(e) => setDetail(e.target.value)} aria-label="Detail" disabled={details.length === 0}>
          <option value="">(none)</option>
          {details.map(([key, info]) => <option key={key} value={key}>{info.label}</option>)}
        </select>
      </label>
      {template.services.length > 0 ? (
        <label className="tpl-check">
          <input type="checkbox" checked={scoped} onChange={(e) => setScoped(e.target.checked)} />
          <span>Only for {template.services.join(', ')}</span>
        </label>
      ) : null}
      <label className="tpl-comment">
        <span>Comment</span>
        <input className="input" value={comment} maxLength={500} onChange={(e) => setComment(e.target.value)} placeholder="Why (shown in the rule's history)" />
      </label>
      <div className="tpl-form-actions">
        <button className="btn btn-primary" type="submit" disabled={create.isPending || !cause}>{create.isPending ? 'Saving…' : 'Save rule'}</button>
        <button className="btn btn-ghost" type="button" onClick={onCancel}>Cancel</button>
      </div>
      <p className="hint tpl-form-hint">
        {cause ? `${CAUSE_INFO[cause].description} ` : ''}New calls of this template get the cause as soon as the rule is saved; the calls already stored can be re-classified afterwards.
      </p>
      {create.error ? <ErrorState error={create.error} compact /> : null}
    </form>
  )
}

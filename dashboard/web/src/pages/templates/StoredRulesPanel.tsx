import { Fragment, useState } from 'react'
import type { UserRule } from '@claimcheck/shared'
import { downloadRulesFile, useDeleteRule, useRestoreRule, useRuleHistory, useUpdateRule, useUserRules } from '../../api/user-rules.ts'
import { CauseBadge } from '../../components/CauseBadge.tsx'
import { Panel } from '../../components/Panel.tsx'
import { Empty, ErrorState, QueryView } from '../../components/States.tsx'
import { isCause } from '../../lib/causes.ts'
import { formatDateTime } from '../../lib/time.ts'
import { TemplateText } from './TemplateText.tsx'

const DONE: Record<string, string> = { create: 'created', update: 'changed', disable: 'disabled', enable: 'enabled', delete: 'deleted', restore: 'restored' }

function History({ rule }: { rule: UserRule }) {
  const history = useRuleHistory(rule.ruleId)
  const restore = useRestoreRule()
  return (
    <QueryView query={history} compact isEmpty={(d) => d.versions.length === 0}>
      {(data) => (
        <table className="data-table tpl-history" aria-label={`History of ${rule.ruleId}`}>
          <thead>
            <tr><th scope="col">Version</th><th scope="col">Action</th><th scope="col">Cause</th><th scope="col">By</th><th scope="col">When</th><th scope="col">Comment</th><th scope="col" /></tr>
          </thead>
          <tbody>
            {data.versions.map((v) => (
              <tr key={v.version}>
                <td>v{v.version}</td>
                <td>{v.action}</td>
                <td>{isCause(v.rule.set.cause) ? <CauseBadge cause={v.rule.set.cause} detail={v.rule.set.detail} /> : v.rule.set.cause || 'not a failure'}</td>
                <td>{v.author}</td>
                <td className="nowrap">{formatDateTime(v.changedAt)}</td>
                <td className="wrap">{v.comment}</td>
                <td>
                  {v.version !== rule.version && !v.deleted ? (
                    <button className="btn btn-sm" type="button" disabled={restore.isPending}
                      onClick={() => restore.mutate({ id: rule.ruleId, version: v.version, baseVersion: rule.version })}>
                      Restore
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </QueryView>
  )
}

/** The stored user rules: in force unless disabled; every change is a version with its author. */
export function StoredRulesPanel() {
  const rules = useUserRules()
  const update = useUpdateRule()
  const remove = useDeleteRule()
  const [open, setOpen] = useState<string | undefined>()
  const [exportError, setExportError] = useState<unknown>()
  const actions = (
    <button className="btn btn-sm" type="button" onClick={() => downloadRulesFile().then(() => setExportError(undefined), setExportError)}>
      Export rules file (YAML)
    </button>
  )
  return (
    <Panel title="Stored user rules" id="user-rules" actions={actions}>
      {exportError ? <ErrorState error={exportError} compact /> : null}
      {update.error ? <ErrorState error={update.error} compact /> : null}
      <QueryView query={rules} compact isEmpty={(d) => d.rules.length === 0}
        empty={<Empty title="No stored rules yet" compact>Assign a cause to a template above: it becomes a rule here, with its history.</Empty>}>
        {(data) => (
          <table className="data-table tpl-rules">
            <thead>
              <tr><th scope="col">Rule</th><th scope="col">Cause</th><th scope="col">Version</th><th scope="col">Changed</th><th scope="col">In force</th><th scope="col" /></tr>
            </thead>
            <tbody>
              {data.rules.map((rule) => (
                <Fragment key={rule.ruleId}>
                  <tr>
                    <td className="wrap">
                      <code className="tpl-rule-id">{rule.ruleId}</code>
                      <div>{rule.template ? <TemplateText text={rule.template} /> : <span className="mono hint">{rule.rule.match.message?.regex ?? rule.rule.description}</span>}</div>
                    </td>
                    <td>{isCause(rule.rule.set.cause) ? <CauseBadge cause={rule.rule.set.cause} detail={rule.rule.set.detail} /> : 'not a failure'}</td>
                    <td>v{rule.version}</td>
                    <td className="nowrap">{formatDateTime(rule.changedAt)}<div className="hint">{DONE[rule.action] ?? rule.action} by {rule.author}</div></td>
                    <td>
                      <label className="tpl-check">
                        <input type="checkbox" checked={rule.enabled} disabled={update.isPending}
                          onChange={(e) => update.mutate({ id: rule.ruleId, update: { baseVersion: rule.version, enabled: e.target.checked, comment: '' } })} />
                        <span>{rule.enabled ? 'on' : 'off'}</span>
                      </label>
                    </td>
                    <td className="nowrap">
                      <button className="btn btn-sm btn-ghost" type="button" aria-expanded={open === rule.ruleId} onClick={() => setOpen(open === rule.ruleId ? undefined : rule.ruleId)}>History</button>
                      <button className="btn btn-sm btn-ghost" type="button" disabled={remove.isPending}
                        onClick={() => window.confirm(`Delete ${rule.ruleId}? Its history is kept.`) && remove.mutate({ id: rule.ruleId, baseVersion: rule.version })}>
                        Delete
                      </button>
                    </td>
                  </tr>
                  {open === rule.ruleId ? <tr><td colSpan={6}><History rule={rule} /></td></tr> : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
    </Panel>
  )
}

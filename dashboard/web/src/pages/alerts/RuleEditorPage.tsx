import { useEffect, useMemo, useState } from 'react'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router'
import { z } from 'zod'
import { BACKTEST_RANGES, parseDuration, type AlertRuleInput } from '@claimcheck/shared'
import { useCan } from '../../auth/session.ts'
import { PageHeader } from '../../components/PageHeader.tsx'
import { Panel } from '../../components/Panel.tsx'
import { Empty, ErrorState, Loading } from '../../components/States.tsx'
import { readParams, scalarParam, textParam, writeParams } from '../../lib/params.ts'
import { formatDateTime } from '../../lib/time.ts'
import { useAlertHistory, useAlertRule, useBacktest, useDeleteRule, useSaveRule } from './api.ts'
import { BacktestChart } from './BacktestChart.tsx'
import { EventTime, GroupLabels } from './GroupLabels.tsx'
import { explainBacktest } from './explain.ts'
import { checkRuleText } from './model.ts'
import { RuleForm } from './RuleForm.tsx'
import { StateBadge } from './Sparkline.tsx'
import './alerts.css'

type Range = keyof typeof BACKTEST_RANGES
const PARAMS = {
  range: scalarParam(z.enum(Object.keys(BACKTEST_RANGES) as [Range, ...Range[]]), '24h'),
  group: textParam(2000),
}

/** The first rule most teams want: unknown-sub spikes, per route. */
const NEW_RULE: AlertRuleInput = {
  name: 'unknown-sub-spike',
  target: { cause: 'unknown_sub' },
  groupBy: ['route'],
  condition: { type: 'spike', window: '5m', history: 12, days: 0, zScore: 3, minCount: 20 },
  for: '5m',
  keepFiringFor: '10m',
  severity: 'critical',
  annotations: { summary: '{{value}} unknown-sub failures on {{labels.route}} in {{window}} (usually {{baseline}})' },
}

function useDebounced<T>(value: T, ms: number): T {
  const [current, setCurrent] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setCurrent(value), ms)
    return () => clearTimeout(timer)
  }, [value, ms])
  return current
}

function Editor({ name, initial, readOnly }: { name: string | undefined; initial: AlertRuleInput; readOnly: boolean }) {
  const [search, setSearch] = useSearchParams()
  const params = readParams(PARAMS, search)
  const navigate = useNavigate()
  // The draft is editing state (not shareable view state), hence useState.
  const [text, setText] = useState(() => JSON.stringify(initial, null, 2))
  const checked = useMemo(() => checkRuleText(text), [text])
  // Form and JSON edit the same text; the form needs it to be JSON (an object) at least.
  const [mode, setMode] = useState<'form' | 'json'>('form')
  const debounced = useDebounced(checked.rule, 600)
  const backtest = useBacktest(debounced ? { rule: debounced, range: params.range } : undefined)
  const save = useSaveRule(name)
  const remove = useDeleteRule()
  const data = backtest.data
  const group = data?.groups.find((g) => g.key === params.group) ?? data?.groups[0]
  const stepMs = (data?.intervalSeconds ?? 60) * 1000
  const isRate = checked.rule?.condition.type === 'threshold' && checked.rule.condition.metric === 'rate'
  return (
    <div className="alerts-editor">
      <Panel title={readOnly ? 'Rule (provisioned from the rules file: read-only)' : 'Rule'}>
        <div className="alerts-mode" role="group" aria-label="Edit as">
          <button type="button" className="btn btn-ghost btn-sm" aria-pressed={mode === 'form'} disabled={!checked.raw} title={checked.raw ? undefined : 'Fix the JSON first'} onClick={() => setMode('form')}>Form</button>
          <button type="button" className="btn btn-ghost btn-sm" aria-pressed={mode === 'json'} onClick={() => setMode('json')}>JSON</button>
        </div>
        {mode === 'form' && checked.raw ? (
          <RuleForm raw={checked.raw} errors={checked.byField} readOnly={readOnly} onChange={(next) => setText(JSON.stringify(next, null, 2))} />
        ) : (
          <textarea value={text} onChange={(e) => setText(e.target.value)} readOnly={readOnly} spellCheck={false} aria-label="Rule as JSON" />
        )}
        {checked.issues.length > 0 ? (
          <ul className="alerts-issues">{checked.issues.map((issue) => <li key={issue}>{issue}</li>)}</ul>
        ) : <div className="alerts-ok">Valid rule{checked.rule?.interval !== undefined ? `, evaluated every ${parseDuration(checked.rule.interval)} s` : ''}.</div>}
        {save.error ? <ErrorState error={save.error} compact /> : null}
        {!readOnly ? (
          <div className="alerts-form" style={{ marginTop: 12 }}>
            <button className="btn btn-primary" type="button" disabled={!checked.rule || save.isPending}
              onClick={() => checked.rule && save.mutate(checked.rule, { onSuccess: (view) => navigate(`/alerts/rules/${encodeURIComponent(view.rule.name)}`) })}>
              {name ? 'Save' : 'Create rule'}
            </button>
            {name ? <button className="btn" type="button" onClick={() => remove.mutate(name, { onSuccess: () => navigate('/alerts') })}>Delete</button> : null}
          </div>
        ) : null}
      </Panel>
      <Panel
        title="Backtest"
        actions={
          <>
            {data && data.groups.length > 1 ? (
              <select className="select" aria-label="Group" value={group?.key} onChange={(e) => setSearch(writeParams(PARAMS, search, { group: e.target.value }))}>
                {data.groups.map((g) => <option key={g.key} value={g.key}>{Object.values(g.labels).join(' · ') || 'all'} ({g.firings.length} {g.firings.length === 1 ? 'firing' : 'firings'})</option>)}
              </select>
            ) : null}
            <select className="select" aria-label="Range" value={params.range} onChange={(e) => setSearch(writeParams(PARAMS, search, { range: e.target.value as Range }))}>
              {Object.keys(BACKTEST_RANGES).map((r) => <option key={r} value={r}>Last {r}</option>)}
            </select>
          </>
        }
      >
        {!checked.rule ? <Empty title="Fix the rule to see its backtest" compact /> : backtest.error ? <ErrorState error={backtest.error} compact /> : !data ? <Loading /> : !group ? (
          <Empty title={`No failure matched this rule in the last ${params.range}`} compact>
            It would not have fired. Rules see whole minutes once the evaluation delay has passed, so the
            newest calls count a minute later; otherwise widen the range or check the target.
          </Empty>
        ) : (
          <>
            <BacktestChart group={group} fromMs={Date.parse(data.from)} toMs={Date.parse(data.to)} stepMs={stepMs} rate={isRate} />
            <p className="alerts-muted">
              {group.firings.length === 0 ? 'Would not have fired' : `Would have fired ${group.firings.length === 1 ? 'once' : `${group.firings.length} times`}: ${group.firings.map((t) => formatDateTime(t)).join(', ')}`}
              {data.omittedGroups > 0 ? ` · ${data.omittedGroups} more groups not replayed` : ''}
            </p>
            <p className="alerts-explain" role="status">{explainBacktest(checked.rule, group, isRate ? (n) => `${(n * 100).toFixed(1)} %` : (n) => String(Math.round(n * 10) / 10))}</p>
          </>
        )}
      </Panel>
    </div>
  )
}

function History({ name }: { name: string }) {
  const history = useAlertHistory(name)
  if (history.error) return <ErrorState error={history.error} compact />
  if (!history.data) return <Loading compact />
  if (history.data.entries.length === 0) return <Empty title="No transitions yet" compact />
  return (
    <table className="alerts-table">
      <thead><tr><th>Time</th><th>Group</th><th>From</th><th>To</th><th className="num">Value</th><th className="num">Baseline</th><th className="num">Threshold</th></tr></thead>
      <tbody>
        {history.data.entries.map((e, i) => (
          <tr key={`${e.at}-${e.groupKey}-${i}`}>
            <td><EventTime at={e.at} /></td><td><GroupLabels groupKey={e.groupKey} /></td><td><StateBadge state={e.from} /></td><td><StateBadge state={e.to} /></td>
            <td className="num">{e.value}</td><td className="num">{e.baseline?.toFixed(1) ?? ''}</td><td className="num">{e.threshold?.toFixed(1) ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function RuleEditorPage() {
  const { name } = useParams()
  const existing = useAlertRule(name)
  // Viewers see rules as editors do, without the controls their role may not use.
  const canEdit = useCan('editor')
  const crumbs = <Link to="/alerts">Alerts</Link>
  return (
    <div className="page">
      <PageHeader title={name ?? 'New alert rule'} crumbs={crumbs} time={false}>
        {existing.data ? <StateBadge state={existing.data.state} /> : null}
      </PageHeader>
      {name === undefined ? <Editor name={undefined} initial={NEW_RULE} readOnly={!canEdit} /> : existing.error ? <ErrorState error={existing.error} /> : !existing.data ? <Loading /> : (
        <>
          <Editor key={name} name={name} initial={existing.data.rule} readOnly={existing.data.readOnly || !canEdit} />
          <Panel title="History"><History name={name} /></Panel>
        </>
      )}
    </div>
  )
}

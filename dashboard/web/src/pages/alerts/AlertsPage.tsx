import { Link, useSearchParams } from 'react-router'
import { z } from 'zod'
import type { AlertRuleList } from '@claimcheck/shared'
import { useCan } from '../../auth/session.ts'
import { PageHeader } from '../../components/PageHeader.tsx'
import { Panel } from '../../components/Panel.tsx'
import { Empty, ErrorState, Loading } from '../../components/States.tsx'
import { readParams, scalarParam, writeParams } from '../../lib/params.ts'
import { useAlertRules, useDeliveries } from './api.ts'
import { EventTime, GroupLabels } from './GroupLabels.tsx'
import { SilencesPanel } from './SilencesPanel.tsx'
import { Sparkline, StateBadge } from './Sparkline.tsx'
import './alerts.css'

const TABS = ['rules', 'silences', 'deliveries'] as const
const PARAMS = {
  tab: scalarParam(z.enum(TABS), 'rules'),
  outcome: scalarParam(z.enum(['failed', 'sent', 'silenced', 'all']), 'failed'),
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value < 1 ? `${(value * 100).toFixed(1)} %` : value.toFixed(1)
}

function RulesTable({ data }: { data: AlertRuleList }) {
  if (data.rules.length === 0) return <Empty title="No alert rules yet">Create one, or provision them with <code>alerts.rulesFile</code> (docs/alerts.md).</Empty>
  return (
    <table className="alerts-table">
      <thead>
        <tr><th>State</th><th>Rule</th><th>Target</th><th className="num">Current value</th><th>Last hour</th><th>Instances</th><th>Source</th></tr>
      </thead>
      <tbody>
        {data.rules.map(({ rule, state, instances, sparkline, source, lastError }) => {
          const top = instances[0]
          const active = instances.filter((i) => i.state === 'firing' || i.state === 'pending')
          return (
            <tr key={rule.name}>
              <td><StateBadge state={rule.enabled ? state : 'inactive'} /></td>
              <td>
                <Link to={`/alerts/rules/${encodeURIComponent(rule.name)}`}>{rule.name}</Link>
                {lastError ? <div className="alerts-muted" title={lastError}>error: {lastError.slice(0, 80)}</div> : null}
              </td>
              <td>{rule.target.cause}{rule.groupBy.length ? ` by ${rule.groupBy.join(', ')}` : ''} · {rule.condition.type}</td>
              <td className="num">{top ? formatValue(top.value) : '—'}{top?.threshold != null ? <span className="alerts-muted"> / {formatValue(top.threshold)}</span> : null}</td>
              <td><Sparkline values={sparkline} label={`${rule.name}: matching failures per minute over the last hour`} /></td>
              <td>
                {active.length > 0
                  ? active.slice(0, 3).map((i) => <div key={i.groupKey}><StateBadge state={i.state} /> <GroupLabels groupKey={i.groupKey} />{i.silenced ? ' (silenced)' : ''}</div>)
                  : <span className="alerts-muted">{instances.length} tracked</span>}
              </td>
              <td>{source === 'file' ? 'file (read-only)' : 'UI'}</td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

function DeliveriesPanel({ outcome, onOutcome }: { outcome: string; onOutcome: (o: 'failed' | 'sent' | 'silenced' | 'all') => void }) {
  const query = useDeliveries(outcome === 'all' ? '' : outcome)
  return (
    <Panel
      title="Notifications"
      actions={
        <select className="select" value={outcome} aria-label="Outcome" onChange={(e) => onOutcome(e.target.value as 'failed')}>
          <option value="failed">Failed</option><option value="sent">Sent</option><option value="silenced">Silenced</option><option value="all">All</option>
        </select>
      }
    >
      {query.error ? <ErrorState error={query.error} onRetry={() => void query.refetch()} /> : !query.data ? <Loading /> : query.data.deliveries.length === 0 ? (
        <Empty title={outcome === 'failed' ? 'No failed deliveries' : 'No notifications'} compact />
      ) : (
        <table className="alerts-table">
          <thead><tr><th>Time</th><th>Rule</th><th>Group</th><th>Notifier</th><th>Status</th><th>Outcome</th><th className="num">Attempts</th><th>Error</th></tr></thead>
          <tbody>
            {query.data.deliveries.map((d, i) => (
              <tr key={`${d.at}-${d.notifier}-${i}`}>
                <td><EventTime at={d.at} /></td><td>{d.rule}</td><td><GroupLabels groupKey={d.groupKey} /></td><td>{d.notifier} ({d.kind})</td>
                <td>{d.status}</td><td>{d.outcome}</td><td className="num">{d.attempts}</td><td>{d.error}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  )
}

export function AlertsPage() {
  const [search, setSearch] = useSearchParams()
  const params = readParams(PARAMS, search)
  const set = (patch: Partial<typeof params>) => setSearch(writeParams(PARAMS, search, patch))
  const rules = useAlertRules()
  const canEdit = useCan('editor')
  return (
    <div className="page">
      <PageHeader title="Alerts" time={false}>
        {canEdit ? <Link className="btn btn-primary" to="/alerts/rules/new">New rule</Link> : <span className="read-only-note">Read-only: your role cannot change rules</span>}
      </PageHeader>
      <div className="alerts-tabs" role="tablist">
        {TABS.map((tab) => (
          <button key={tab} type="button" role="tab" className="btn btn-ghost" aria-selected={params.tab === tab} onClick={() => set({ tab })}>
            {tab[0]!.toUpperCase() + tab.slice(1)}
          </button>
        ))}
      </div>
      {params.tab === 'rules' ? (
        <Panel title="Rules">
          {rules.data?.fileErrors.map((e) => <div key={e} className="state state-error compact" role="alert">{e}</div>)}
          {rules.error ? <ErrorState error={rules.error} onRetry={() => void rules.refetch()} /> : rules.data ? <RulesTable data={rules.data} /> : <Loading />}
        </Panel>
      ) : null}
      {params.tab === 'silences' ? <SilencesPanel /> : null}
      {params.tab === 'deliveries' ? <DeliveriesPanel outcome={params.outcome} onOutcome={(outcome) => set({ outcome })} /> : null}
    </div>
  )
}

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { StatusResponse } from '@claimcheck/shared'
import { useStatus } from '../api/status.ts'
import { PageHeader } from '../components/PageHeader.tsx'
import { Panel } from '../components/Panel.tsx'
import { QueryView, Skeleton } from '../components/States.tsx'
import { TopTable } from '../components/TopTable.tsx'
import { formatBytes, formatCount, formatExact } from '../lib/format.ts'
import { formatClock, formatDateTime } from '../lib/time.ts'

function uptime(seconds: number): string {
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`
  if (seconds < 172800) return `${(seconds / 3600).toFixed(1)} h`
  return `${Math.round(seconds / 86400)} d`
}

function IngestChart({ ingest }: { ingest: StatusResponse['ingest'] }) {
  return (
    <div className="chart" style={{ height: 200 }} role="img" aria-label="Rows ingested per minute over the last hour">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={ingest} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--grid)" vertical={false} />
          <XAxis dataKey="t" tickFormatter={(t: number) => formatClock(t)} tick={{ fontSize: 11, fill: 'var(--text-muted)' }} tickLine={false} axisLine={{ stroke: 'var(--border)' }} minTickGap={40} />
          <YAxis width={44} tickFormatter={(n: number) => formatCount(n)} tick={{ fontSize: 11, fill: 'var(--text-muted)' }} tickLine={false} axisLine={false} />
          <Tooltip
            labelFormatter={(t) => formatDateTime(Number(t))}
            contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 6, fontSize: 12 }}
            cursor={{ fill: 'var(--surface-2)' }}
          />
          <Legend iconType="square" iconSize={9} wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="calls" name="Gateway calls" fill="#3358d4" isAnimationActive={false} />
          <Bar dataKey="spans" name="Spans" fill="#0d9488" isAnimationActive={false} />
          <Bar dataKey="logs" name="Log records" fill="#8e4ec6" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  )
}

function StatusBody({ data }: { data: StatusResponse }) {
  const lastMinute = data.ingest[data.ingest.length - 2] ?? data.ingest[data.ingest.length - 1]
  const rejected = data.collector?.rejected.reduce((sum, r) => sum + r.count, 0) ?? 0
  const schema = data.migrations[data.migrations.length - 1]
  return (
    <>
      <div className="kpis kpis-5">
        <div className="kpi">
          <div className="kpi-label">Ingest, last full minute</div>
          <div className="kpi-value">{formatCount((lastMinute?.calls ?? 0) + (lastMinute?.spans ?? 0) + (lastMinute?.logs ?? 0))}</div>
          <div className="kpi-change flat"><span className="kpi-change-label">{formatExact(lastMinute?.calls ?? 0)} calls · {formatExact(lastMinute?.spans ?? 0)} spans · {formatExact(lastMinute?.logs ?? 0)} logs</span></div>
        </div>
        <div className="kpi">
          <div className="kpi-label">Rejected records</div>
          <div className={`kpi-value${rejected > 0 ? ' bad' : ''}`}>{data.collector ? formatCount(rejected) : '—'}</div>
          <div className="kpi-change flat"><span className="kpi-change-label">{data.collector ? 'since the collector started' : 'collector runs in another process'}</span></div>
        </div>
        <div className="kpi">
          <div className="kpi-label">Queue depth</div>
          <div className="kpi-value">{data.collector ? formatCount(data.collector.queueDepth) : '—'}</div>
          <div className="kpi-change flat"><span className="kpi-change-label">{data.collector ? `${formatExact(data.collector.pendingCalls)} calls awaiting span/log` : 'see the collector’s /metrics'}</span></div>
        </div>
        <div className="kpi">
          <div className="kpi-label">Storage</div>
          <div className="kpi-value">{formatBytes(data.tables.reduce((s, t) => s + t.bytesOnDisk, 0))}</div>
          <div className="kpi-change flat"><span className="kpi-change-label">{formatCount(data.tables.reduce((s, t) => s + t.rows, 0))} rows in {data.tables.length} tables</span></div>
        </div>
        <div className="kpi">
          <div className="kpi-label">Versions</div>
          <div className="kpi-value kpi-value-sm">claimcheck {data.version}</div>
          <div className="kpi-change flat"><span className="kpi-change-label">ClickHouse {data.clickhouseVersion} · schema v{schema?.version ?? 0} · up {uptime(data.uptimeSeconds)}</span></div>
        </div>
      </div>
      <Panel title="Ingest per minute" id="ingest" actions={<span className="hint">Last hour · calls by arrival, spans and logs by event time</span>}>
        <IngestChart ingest={data.ingest} />
      </Panel>
      <div className="grid-main-side">
        <Panel title="Storage per table" id="storage">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Table</th>
                <th scope="col" className="num">Rows</th>
                <th scope="col" className="num">On disk</th>
                <th scope="col" className="num">Uncompressed</th>
                <th scope="col" className="num">Ratio</th>
                <th scope="col" className="num">Parts</th>
              </tr>
            </thead>
            <tbody>
              {data.tables.map((t) => (
                <tr key={t.table}>
                  <td className="mono">{t.table}</td>
                  <td className="num">{formatExact(t.rows)}</td>
                  <td className="num strong">{formatBytes(t.bytesOnDisk)}</td>
                  <td className="num">{formatBytes(t.uncompressedBytes)}</td>
                  <td className="num">{t.bytesOnDisk > 0 ? `${(t.uncompressedBytes / t.bytesOnDisk).toFixed(1)}×` : '–'}</td>
                  <td className="num">{t.parts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Panel>
        <div className="stack">
          <Panel title="Store" id="store">
            <dl className="facts facts-1">
              <div className="fact"><dt>Mode</dt><dd>{data.store.mode === 'embedded' ? 'Embedded ClickHouse (chDB)' : 'ClickHouse server'}</dd></div>
              <div className="fact"><dt>Location</dt><dd className="mono">{data.store.location}</dd></div>
              <div className="fact"><dt>Database</dt><dd className="mono">{data.store.database}</dd></div>
              {data.storeHealth ? <StoreHealthFacts health={data.storeHealth} /> : null}
            </dl>
            {data.storeHealth && data.storeHealth.problems.length > 0 ? (
              <ul className="problems" aria-label="Store problems">
                {data.storeHealth.problems.map((problem) => <li key={problem} className="bad">{problem}</li>)}
              </ul>
            ) : null}
          </Panel>
          <Panel title="Collector" id="collector">
            {data.collector ? (
              <>
                <TopTable
                  title="Records received by signal"
                  rows={Object.entries(data.collector.received).map(([signal, count]) => ({ value: `${signal}: ${formatExact(data.collector!.accepted[signal] ?? 0)} accepted`, count }))}
                  color="var(--accent)"
                  emptyText="Nothing received yet."
                />
                {data.collector.rejected.length > 0 ? (
                  <table className="data-table">
                    <thead><tr><th scope="col">Rejected: signal</th><th scope="col">Reason</th><th scope="col" className="num">Records</th></tr></thead>
                    <tbody>
                      {data.collector.rejected.map((r) => (
                        <tr key={`${r.signal}-${r.reason}`}><td>{r.signal}</td><td>{r.reason}</td><td className="num">{formatExact(r.count)}</td></tr>
                      ))}
                    </tbody>
                  </table>
                ) : <p className="hint">No records rejected.</p>}
              </>
            ) : (
              <p className="hint">The collector runs in another process: its counters are on its own /metrics endpoint.</p>
            )}
          </Panel>
          <Panel title="Schema migrations" id="migrations">
            <ul className="migration-list">
              {data.migrations.map((m) => (
                <li key={m.version}><span className="mono">v{m.version}</span> {m.name} <span className="hint">{formatDateTime(m.appliedAt)}</span></li>
              ))}
            </ul>
          </Panel>
        </div>
      </div>
    </>
  )
}

export function StatusPage() {
  const query = useStatus(15_000)
  return (
    <div className="page">
      <PageHeader title="Status" time={false}>
        {query.data ? <span className="hint">Updated {formatClock(query.data.generatedAt, true)} · every 15 s</span> : null}
      </PageHeader>
      <QueryView query={query} loading={<Skeleton height={400} label="Loading status" />}>
        {(data) => <StatusBody data={data} />}
      </QueryView>
    </div>
  )
}

/** Health facts of the store: writes accepted or refused, free space against the reserve, detached parts. */
function StoreHealthFacts({ health }: { health: NonNullable<StatusResponse['storeHealth']> }) {
  return (
    <>
      <div className="fact"><dt>Writes</dt><dd className={health.refusingWrites ? 'bad' : undefined}>{health.refusingWrites ? 'refused (503)' : health.status === 'ok' ? 'accepted' : 'accepted, degraded'}</dd></div>
      <div className="fact">
        <dt>Free disk</dt>
        <dd>{health.freeBytes === null ? 'unknown' : `${formatBytes(health.freeBytes)} of ${formatBytes(health.totalBytes ?? 0)} · reserve ${formatBytes(health.reserveBytes)}`}</dd>
      </div>
      <div className="fact"><dt>Detached parts</dt><dd className={health.detachedParts > 0 ? 'bad' : undefined}>{formatExact(health.detachedParts)}{health.brokenParts > 0 ? ` (${formatExact(health.brokenParts)} broken)` : ''}</dd></div>
      {health.writeErrors !== null ? <div className="fact"><dt>Failed inserts</dt><dd>{formatExact(health.writeErrors)}</dd></div> : null}
    </>
  )
}

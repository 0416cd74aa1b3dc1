import type { AuthDriftResponse, DriftKind, ExpectationView } from '@claimcheck/shared'
import { useAuthConfig, useAuthDrift, useJwksHealth, useJwksRefresh } from '../../api/troubleshoot.ts'
import { FilterBar } from '../../components/FilterBar.tsx'
import { IconRefresh } from '../../components/Icons.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { Panel } from '../../components/Panel.tsx'
import { Empty, ErrorState, QueryView, Skeleton } from '../../components/States.tsx'
import { formatCount } from '../../lib/format.ts'
import { formatTimestamp } from '../../lib/time.ts'
import { useView } from '../../lib/use-view.ts'
import { JwksSource } from './JwksHealth.tsx'
import './troubleshoot-pages.css'

const time = (ms: number | null) => (ms === null ? '—' : formatTimestamp(ms).slice(0, 19))
const list = (values: readonly string[]) => (values.length ? values.join(', ') : <span className="faint">any</span>)

function Expectations({ expectations }: { expectations: readonly ExpectationView[] }) {
  if (expectations.length === 0) {
    return (
      <Empty title="No expectations configured" compact>
        Add <code>classifier.expectations</code> to the config file: per service and route, the issuers, audiences, algorithms, required scopes
        and JWKS URL tokens should have. The classifier, the inspector and this page all check against them.
      </Empty>
    )
  }
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label="Expectations">
        <thead>
          <tr><th>#</th><th>Service</th><th>Route</th><th>Issuers</th><th>Audiences</th><th>Required scopes</th><th>Algorithms</th><th>JWKS</th></tr>
        </thead>
        <tbody>
          {expectations.map((e) => (
            <tr key={e.index}>
              <td>{e.index + 1}</td>
              <td>{e.service ?? <span className="faint">any</span>}</td>
              <td className="mono">{e.route ?? <span className="faint">any</span>}</td>
              <td className="mono wrap">{list(e.issuers)}</td>
              <td className="mono wrap">{list(e.audiences)}</td>
              <td className="mono wrap">{e.requiredScopes.length ? e.requiredScopes.join(' ') : <span className="faint">none</span>}</td>
              <td className="mono">{list(e.algorithms)}</td>
              <td className="mono wrap">{e.jwksUrl ?? <span className="faint">none</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

const KIND_LABELS: Record<DriftKind, string> = { issuer: 'Unexpected issuer', audience: 'Audience mismatch', algorithm: 'Algorithm not allowed' }

function Drift({ drift }: { drift: AuthDriftResponse }) {
  const uncovered = drift.uncoveredCalls === 0
    ? 'every one on a route an expectation covers'
    : `${formatCount(drift.uncoveredCalls)} on routes no expectation covers (${drift.uncoveredRoutes.slice(0, 3).map((r) => `${r.service} ${r.route}`).join(', ')})`
  const coverage = `${formatCount(drift.tokenCalls)} calls with a decoded token, ${uncovered}.`
  return (
    <>
      <p className="panel-sub">{coverage}{drift.truncated ? ' More token shapes than compared: narrow the range.' : ''}</p>
      {drift.items.length === 0 ? (
        <Empty title="Traffic agrees with the configuration" compact>No token in this range had an issuer, audience or algorithm its route does not expect.</Empty>
      ) : (
        <div className="table-scroll">
          <table className="data-table" aria-label="Traffic that disagrees with the configuration">
            <thead>
              <tr><th>What</th><th>Route</th><th>Tokens carried</th><th>Expected</th><th>Gateway version</th><th className="num">Calls</th><th className="num">Failed</th><th>First seen</th><th>Last seen</th></tr>
            </thead>
            <tbody>
              {drift.items.map((item) => (
                <tr key={`${item.kind}-${item.expectation}-${item.service}-${item.route}-${item.value}-${item.version}`}>
                  <td><span className="state-pill tone-bad">{KIND_LABELS[item.kind]}</span></td>
                  <td><span className="faint">{item.service}</span> <span className="mono">{item.route}</span></td>
                  <td className="mono wrap">{item.value || '(none)'}</td>
                  <td className="mono wrap">{item.expected.join(', ')}</td>
                  <td>{item.version ? <><span className="mono">{item.version}</span><div className="hint">since {time(item.versionFirstSeen)}</div></> : <span className="faint">not reported</span>}</td>
                  <td className="num">{formatCount(item.calls)}</td>
                  <td className="num">{formatCount(item.failures)}</td>
                  <td className="mono nowrap">{time(item.firstSeen)}</td>
                  <td className="mono nowrap">{time(item.lastSeen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  )
}

/** The expected auth configuration, where traffic disagrees with it, JWKS health, and the subject directory. */
export default function AuthConfigPage() {
  const { filters, resolved } = useView()
  const config = useAuthConfig()
  const drift = useAuthDrift(filters, resolved)
  const jwks = useJwksHealth(filters, resolved)
  const refresh = useJwksRefresh(filters, resolved)
  const directory = config.data?.directory
  return (
    <div className="page">
      <PageHeader title="Auth configuration" />
      <p className="page-lede">What each service and route expects of its tokens (<code>classifier.expectations</code>), the traffic that disagrees, and the health of the key sets it names.</p>
      <FilterBar search={false} />
      <Panel title="Expected auth configuration" id="expectations" actions={config.data ? <span className="hint">clock skew {config.data.clockSkewSeconds} s</span> : null}>
        <QueryView query={config} loading={<Skeleton height={120} label="Loading the configuration" />}>
          {(data) => <Expectations expectations={data.expectations} />}
        </QueryView>
      </Panel>
      <Panel title="Traffic that disagrees" id="drift">
        <QueryView query={drift} loading={<Skeleton height={160} label="Comparing traffic with the configuration" />}>
          {(data) => <Drift drift={data} />}
        </QueryView>
      </Panel>
      <Panel
        title="JWKS health"
        id="jwks"
        actions={
          <button type="button" className="btn btn-sm" onClick={() => refresh.mutate()} disabled={refresh.isPending || (config.data?.jwksUrls.length ?? 0) === 0}>
            <IconRefresh /> {refresh.isPending ? 'Checking…' : 'Check now'}
          </button>
        }
      >
        {refresh.error ? <ErrorState error={refresh.error} compact /> : null}
        <QueryView
          query={jwks}
          loading={<Skeleton height={200} label="Loading JWKS health" />}
          isEmpty={(data) => data.sources.length === 0}
          empty={<Empty title="No JWKS configured" compact>Give expectations a <code>jwksUrl</code>: claimcheck then fetches it, records every kid it lists, and tells when a kid appears in tokens before it is published.</Empty>}
        >
          {(data) => <div className="stack">{data.sources.map((source) => <JwksSource key={source.url} source={source} />)}</div>}
        </QueryView>
      </Panel>
      <Panel title="Subject directory" id="directory">
        {!directory ? (
          <Skeleton height={60} label="Loading" />
        ) : !directory.configured ? (
          <Empty title="No subject directory configured" compact>Set <code>troubleshoot.subjects</code>: a CSV/JSON file, a ClickHouse table or dictionary, or a user API URL template. See docs/troubleshooting.md.</Empty>
        ) : (
          <dl className="facts facts-3">
            <div className="fact"><dt>Kind</dt><dd>{directory.kind}</dd></div>
            <div className="fact"><dt>Source</dt><dd className="mono wrap">{directory.target}</dd></div>
            <div className="fact"><dt>Cache</dt><dd>{directory.cache ? `${formatCount(directory.cache.entries)} subjects · ${formatCount(directory.cache.hits)} hits, ${formatCount(directory.cache.misses)} misses · TTL ${directory.cache.ttlSeconds} s (not found ${directory.cache.negativeTtlSeconds} s)` : '—'}</dd></div>
          </dl>
        )}
      </Panel>
    </div>
  )
}

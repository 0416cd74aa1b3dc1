import type { JwksEvent, JwksSourceHealth } from '@claimcheck/shared'
import { formatCount } from '../../lib/format.ts'
import { formatTimestamp } from '../../lib/time.ts'

const time = (ms: number | null) => (ms === null ? '—' : formatTimestamp(ms).slice(0, 19))

/** Tokens signed with a kid before the key set listed it: the rotation-without-publishing incident. */
function lead(seconds: number | null, seen: boolean): string {
  if (!seen) return '—'
  if (seconds === null) return 'not known when it was listed'
  if (seconds <= 0) return 'after it was listed'
  const minutes = Math.round(seconds / 60)
  return `${minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`} before it was listed`
}

const EVENT_TONES: Record<JwksEvent['kind'], string> = {
  fetch_failed: 'bad', fetch_recovered: 'ok', kid_published: 'info', kid_withdrawn: 'muted', kid_first_in_tokens: 'warn',
}

/** One JWKS: its last fetches, its kids (listed vs seen in tokens) and the rotation timeline. */
export function JwksSource({ source }: { source: JwksSourceHealth }) {
  return (
    <section className="jwks-source" aria-label={`JWKS ${source.url}`}>
      <header className="jwks-head">
        <span className={`state-pill tone-${source.status === 'ok' ? 'info' : source.status === 'failing' ? 'bad' : 'muted'}`}>{source.status === 'ok' ? 'Reachable' : source.status === 'failing' ? 'Failing' : 'Never fetched'}</span>
        <span className="mono wrap">{source.url}</span>
      </header>
      <dl className="facts facts-3">
        <div className="fact"><dt>Last fetch</dt><dd>{source.lastFetch ? `${time(source.lastFetch.at)} · ${source.lastFetch.ok ? `${source.lastFetch.kids.length} keys, ${source.lastFetch.durationMs} ms` : source.lastFetch.error}` : '—'}</dd></div>
        <div className="fact"><dt>Last failure</dt><dd className={source.lastFailure ? 'bad' : undefined}>{source.lastFailure ? `${time(source.lastFailure.at)} · ${source.lastFailure.error}` : 'none recorded'}</dd></div>
        <div className="fact"><dt>In this range</dt><dd>{formatCount(source.fetches)} fetches, {formatCount(source.failures)} failed</dd></div>
        <div className="fact"><dt>Issuers</dt><dd className="mono">{source.issuers.join(', ') || 'any'}</dd></div>
      </dl>
      <div className="table-scroll">
        <table className="data-table jwks-kids" aria-label="Key ids">
          <thead>
            <tr><th>kid</th><th>In the JWKS</th><th>First listed</th><th>First in tokens</th><th>Tokens used it</th><th className="num">Calls</th><th className="num">Key failures</th></tr>
          </thead>
          <tbody>
            {source.kids.length === 0 ? (
              <tr><td colSpan={7} className="faint">No kids listed or seen yet.</td></tr>
            ) : source.kids.map((kid) => (
              <tr key={kid.kid}>
                <td className="mono">{kid.kid}</td>
                <td>{kid.inJwks ? <span className="state-pill tone-info">listed</span> : kid.lastInJwks ? <span className="state-pill">withdrawn</span> : <span className="state-pill tone-bad">never listed</span>}</td>
                <td className="mono nowrap">{time(kid.firstInJwks)}</td>
                <td className="mono nowrap">{time(kid.firstInTokens)}</td>
                <td className={kid.leadSeconds !== null && kid.leadSeconds > 0 ? 'bad strong' : undefined}>{lead(kid.leadSeconds, kid.firstInTokens !== null)}</td>
                <td className="num">{formatCount(kid.tokenCalls)}</td>
                <td className={`num${kid.keyFailures ? ' bad strong' : ''}`}>{formatCount(kid.keyFailures)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div>
        <h3 className="subhead">Timeline</h3>
        {source.events.length === 0 ? (
          <p className="hint">No rotation or outage in this range.</p>
        ) : (
          <ol className="timeline" aria-label="JWKS timeline">
            {source.events.map((event, index) => (
              <li key={`${event.at}-${event.kind}-${index}`} className={`timeline-item tone-${EVENT_TONES[event.kind]}`}>
                <span className="timeline-time mono">{time(event.at)}</span>
                <span>{event.text}</span>
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  )
}

import { Link } from 'react-router'
import { useFiringAlerts, useSilenceAlert, type FiringAlert } from '../api/firing-alerts.ts'
import { formatClock, timestampTitle } from '../lib/time.ts'
import { formatCount } from '../lib/format.ts'

function groupText(alert: FiringAlert): string {
  const entries = Object.entries(alert.instance.labels).filter(([, v]) => v !== undefined)
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(', ') : 'all calls'
}

/** Where the alert's failures are: its cause page (or the overview) filtered to its group. */
export function alertLink(alert: FiringAlert): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(alert.instance.labels)) if (value !== undefined) params.append(key, String(value))
  if (alert.instance.firedAt) params.set('from', new Date(Date.parse(alert.instance.firedAt) - 3_600_000).toISOString())
  const path = alert.rule.target.cause === 'any' ? '/' : `/causes/${alert.rule.target.cause}`
  const query = params.toString()
  return `${path}${query ? `?${query}` : ''}`
}

/** The overview's "what is paging right now": one line per firing alert, with open and silence. */
export function FiringAlertsStrip() {
  const { firing } = useFiringAlerts()
  const silence = useSilenceAlert()
  if (firing.length === 0) return null
  return (
    <section className="firing-strip" aria-label="Firing alerts">
      <ul>
        {firing.map((alert) => {
          const firedMs = alert.instance.firedAt ? Date.parse(alert.instance.firedAt) : undefined
          return (
            <li key={`${alert.rule.name}|${alert.instance.groupKey}`} className={`firing-item severity-${alert.rule.severity}`}>
              <span className="firing-dot" aria-hidden="true" />
              <strong>{alert.rule.name}</strong>
              <span className="firing-group">{groupText(alert)}</span>
              <span className="firing-value">
                {formatCount(alert.instance.value)}
                {alert.instance.baseline !== null ? ` (usually ${formatCount(Math.round(alert.instance.baseline))})` : alert.instance.threshold !== null ? ` (threshold ${alert.instance.threshold})` : ''}
              </span>
              {firedMs ? (
                <span className="firing-since">
                  firing since <time title={timestampTitle(firedMs)}>{formatClock(firedMs, true)}</time>
                </span>
              ) : null}
              <Link className="btn btn-sm" to={alertLink(alert)}>
                Open
              </Link>
              <button
                type="button"
                className="btn btn-sm btn-ghost"
                disabled={silence.isPending}
                onClick={() => silence.mutate({ alert, duration: '1h' })}
                aria-label={`Silence ${alert.rule.name} ${groupText(alert)} for 1 hour`}
              >
                Silence 1 h
              </button>
            </li>
          )
        })}
      </ul>
      {silence.error ? <p className="field-error">Could not silence: {(silence.error as Error).message}</p> : null}
    </section>
  )
}

import { parseGroupKey } from '@claimcheck/shared'
import { formatDateTimeSeconds, timestampTitle } from '../../lib/time.ts'

/** An alert group as label chips (`route = /users`), not its JSON key; "all" for an ungrouped rule. */
export function GroupLabels({ groupKey }: { groupKey: string }) {
  const labels = Object.entries(parseGroupKey(groupKey))
  if (labels.length === 0) return <span className="alerts-muted">all</span>
  return (
    <span className="alert-labels">
      {labels.map(([key, value]) => (
        <span key={key} className="chip alert-label" title={`${key}=${value}`}>
          <span className="chip-key">{key}</span>
          <span className="chip-value">{value || '(empty)'}</span>
        </span>
      ))}
    </span>
  )
}

/** An event time with seconds in the chosen zone; the tooltip gives it in UTC and the browser's zone. */
export function EventTime({ at }: { at: string }) {
  const ms = Date.parse(at)
  return <time dateTime={at} title={timestampTitle(ms)}>{formatDateTimeSeconds(ms)}</time>
}

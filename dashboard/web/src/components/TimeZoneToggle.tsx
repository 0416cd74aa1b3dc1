import { setTimeZone, useTimeZone } from '../lib/time-zone.ts'
import { browserZoneLabel } from '../lib/time.ts'
import { IconClock } from './Icons.tsx'

/** Browser time or UTC, for every timestamp of the dashboard. */
export function TimeZoneToggle() {
  const zone = useTimeZone()
  const next = zone === 'utc' ? 'browser' : 'utc'
  const label = zone === 'utc' ? 'Times in UTC' : 'Times in browser zone'
  return (
    <button
      type="button"
      className="nav-link tz-toggle"
      onClick={() => setTimeZone(next)}
      aria-label={`${label}; switch to ${next === 'utc' ? 'UTC' : `browser time (${browserZoneLabel()})`}`}
      title={`${label} (${zone === 'utc' ? 'UTC' : browserZoneLabel()}). Click for ${next === 'utc' ? 'UTC' : 'browser time'}.`}
    >
      <IconClock />
      <span className="nav-label">{zone === 'utc' ? 'UTC' : 'Browser time'}</span>
    </button>
  )
}

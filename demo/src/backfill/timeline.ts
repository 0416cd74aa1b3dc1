const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/**
 * Relative traffic level at a time (UTC): a business-day curve peaking mid-afternoon with a
 * night trough around a quarter of the peak, and weekends at under half a weekday.
 * Averages 1 over a week, so `rate × trafficFactor` keeps the configured mean rate.
 */
export function trafficFactor(ms: number): number {
  return rawFactor(ms) / WEEKLY_MEAN
}

function rawFactor(ms: number): number {
  const date = new Date(ms)
  const hour = date.getUTCHours() + date.getUTCMinutes() / 60
  const daily = 0.22 + Math.exp(-((hour - 14.5) ** 2) / (2 * 3.8 ** 2)) + 0.25 * Math.exp(-((hour - 20.5) ** 2) / (2 * 1.5 ** 2))
  const weekday = date.getUTCDay()
  const weekly = weekday === 0 || weekday === 6 ? 0.45 : weekday === 1 ? 1.08 : 1
  return daily * weekly
}

const WEEKLY_MEAN = (() => {
  let sum = 0
  const start = Date.UTC(2026, 0, 5) // any Monday
  for (let minute = 0; minute < 7 * 24 * 60; minute += 10) sum += rawFactor(start + minute * MINUTE)
  return sum / (7 * 24 * 6)
})()

/** A past incident: scenario `name` active from `startMs` to `endMs`. */
export interface Incident {
  name: string
  startMs: number
  endMs: number
}

/** Incidents of one week, as (days before the end, UTC hour, minutes lasting). */
const WEEK_OF_INCIDENTS: readonly { name: string; daysAgo: number; atHour: number; minutes: number }[] = [
  { name: 'user-migration', daysAgo: 1, atHour: 9.6, minutes: 95 },
  { name: 'malformed-token', daysAgo: 1, atHour: 18.3, minutes: 15 },
  { name: 'wrong-audience', daysAgo: 2, atHour: 15.1, minutes: 12 },
  { name: 'clock-skew-behind', daysAgo: 2, atHour: 4, minutes: 30 },
  { name: 'jwks-down', daysAgo: 3, atHour: 21.2, minutes: 18 },
  { name: 'missing-token', daysAgo: 3, atHour: 16, minutes: 25 },
  { name: 'scope-tightened', daysAgo: 4, atHour: 13.5, minutes: 120 },
  { name: 'alg-not-allowed', daysAgo: 4, atHour: 10.25, minutes: 20 },
  { name: 'key-rotation-no-jwks', daysAgo: 5, atHour: 11, minutes: 35 },
  { name: 'wrong-issuer', daysAgo: 5, atHour: 17.75, minutes: 10 },
  { name: 'clock-skew-ahead', daysAgo: 6, atHour: 8, minutes: 50 },
  { name: 'sessions-revoked', daysAgo: 6, atHour: 14, minutes: 40 },
]

/**
 * The incidents sprinkled over `[fromMs, toMs)`: the week above repeated back from the end, plus
 * a nightly run of the reporting job on yesterday's token (02:00–02:40 UTC) every day.
 */
export function incidentsBetween(fromMs: number, toMs: number): Incident[] {
  const endDay = Math.floor(toMs / DAY) * DAY
  const incidents: Incident[] = []
  const weeks = Math.ceil((toMs - fromMs) / (7 * DAY)) + 1
  for (let week = 0; week < weeks; week++) {
    for (const incident of WEEK_OF_INCIDENTS) {
      const startMs = endDay - (incident.daysAgo + 7 * week) * DAY + incident.atHour * HOUR
      incidents.push({ name: incident.name, startMs, endMs: startMs + incident.minutes * MINUTE })
    }
  }
  for (let day = endDay; day > fromMs - DAY; day -= DAY) {
    incidents.push({ name: 'stale-tokens', startMs: day + 2 * HOUR, endMs: day + 2 * HOUR + 40 * MINUTE })
  }
  return incidents
    .filter((incident) => incident.endMs > fromMs && incident.startMs < toMs)
    .sort((a, b) => a.startMs - b.startMs)
}

/**
 * Everyday failures of a healthy system, per call: a few clients send no token, keep a token too
 * long, or a user deleted last month still has an app open.
 */
export const BACKGROUND_FAILURES: readonly { name: string; probability: number }[] = [
  { name: 'stale-tokens', probability: 0.004 },
  { name: 'missing-token', probability: 0.003 },
  { name: 'malformed-token', probability: 0.001 },
  { name: 'user-migration', probability: 0.0008 },
]

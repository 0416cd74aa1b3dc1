import { describe, expect, it } from 'vitest'
import { BACKGROUND_FAILURES, incidentsBetween, trafficFactor } from './timeline.ts'

const DAY = 86_400_000
const MONDAY = Date.UTC(2026, 0, 5)

describe('trafficFactor', () => {
  it('averages 1 over a week, peaks on weekday afternoons and dips at night and on weekends', () => {
    let sum = 0
    for (let minute = 0; minute < 7 * 1440; minute++) sum += trafficFactor(MONDAY + minute * 60_000)
    expect(sum / (7 * 1440)).toBeCloseTo(1, 2)
    const tuesday = MONDAY + DAY
    expect(trafficFactor(tuesday + 14.5 * 3_600_000)).toBeGreaterThan(3 * trafficFactor(tuesday + 3 * 3_600_000))
    expect(trafficFactor(MONDAY + 5 * DAY + 14.5 * 3_600_000)).toBeLessThan(0.5 * trafficFactor(tuesday + 14.5 * 3_600_000))
  })
})

describe('incidentsBetween', () => {
  it('puts every scenario into a week, plus the nightly stale-token run', () => {
    const end = MONDAY + 7 * DAY + 9 * 3_600_000
    const incidents = incidentsBetween(end - 7 * DAY, end)
    const names = new Set(incidents.map((incident) => incident.name))
    expect(names.size).toBe(13)
    expect(incidents.filter((incident) => incident.name === 'stale-tokens').length).toBeGreaterThanOrEqual(7)
    expect(incidents.every((incident) => incident.endMs > end - 7 * DAY && incident.startMs < end)).toBe(true)
    expect(incidents.map((incident) => incident.startMs)).toEqual([...incidents.map((incident) => incident.startMs)].sort((a, b) => a - b))
  })

  it('has yesterday’s user migration in a one-day range and nothing in an empty one', () => {
    const end = MONDAY + 3 * DAY + 12 * 3_600_000
    const migration = incidentsBetween(end - 2 * DAY, end).find((incident) => incident.name === 'user-migration')
    expect(migration).toEqual({ name: 'user-migration', startMs: MONDAY + 2 * DAY + 9.6 * 3_600_000, endMs: MONDAY + 2 * DAY + 9.6 * 3_600_000 + 95 * 60_000 })
    expect(incidentsBetween(end, end)).toEqual([])
  })

  it('repeats the week for longer ranges', () => {
    const end = MONDAY + 30 * DAY
    expect(incidentsBetween(end - 28 * DAY, end).filter((incident) => incident.name === 'jwks-down')).toHaveLength(4)
  })
})

describe('BACKGROUND_FAILURES', () => {
  it('stays a small share of traffic', () => {
    expect(BACKGROUND_FAILURES.reduce((sum, failure) => sum + failure.probability, 0)).toBeLessThan(0.02)
  })
})

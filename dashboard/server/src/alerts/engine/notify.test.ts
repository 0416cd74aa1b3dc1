import { describe, expect, it } from 'vitest'
import { decideNotification, matchingSilences, type DeliveryLog } from './notify.ts'

const policy = { sendResolved: true, repeatIntervalMs: 3_600_000, failedRetryMs: 300_000 }
const empty: DeliveryLog = { lastSent: null, lastAttempt: null }
const firing = { state: 'firing' as const, firedAt: 1000 }

describe('decideNotification', () => {
  it('sends firing once per episode, then on the repeat interval', () => {
    expect(decideNotification(firing, empty, policy, false, 2000)).toEqual({ action: 'send', status: 'firing', episode: 1000 })
    const sent: DeliveryLog = { lastSent: { episode: 1000, status: 'firing', at: 2000 }, lastAttempt: { episode: 1000, status: 'firing', outcome: 'sent', at: 2000 } }
    expect(decideNotification(firing, sent, policy, false, 60_000)).toBeNull()
    expect(decideNotification(firing, sent, policy, false, 2000 + 3_600_000)?.action).toBe('send')
  })

  it('sends resolved only when the episode was notified, and respects sendResolved', () => {
    const resolved = { state: 'resolved' as const, firedAt: 1000 }
    expect(decideNotification(resolved, empty, policy, false, 5000)).toBeNull()
    const sent: DeliveryLog = { lastSent: { episode: 1000, status: 'firing', at: 2000 }, lastAttempt: null }
    expect(decideNotification(resolved, sent, policy, false, 5000)).toEqual({ action: 'send', status: 'resolved', episode: 1000 })
    expect(decideNotification(resolved, sent, { ...policy, sendResolved: false }, false, 5000)).toBeNull()
    const done: DeliveryLog = { lastSent: { episode: 1000, status: 'resolved', at: 6000 }, lastAttempt: null }
    expect(decideNotification(resolved, done, policy, false, 7000)).toBeNull()
  })

  it('records a silenced firing once and sends nothing', () => {
    expect(decideNotification(firing, empty, policy, true, 2000)?.action).toBe('silence')
    const recorded: DeliveryLog = { lastSent: null, lastAttempt: { episode: 1000, status: 'firing', outcome: 'silenced', at: 2000 } }
    expect(decideNotification(firing, recorded, policy, true, 3000)).toBeNull()
    expect(decideNotification(firing, recorded, policy, false, 3000)?.action).toBe('send')
  })

  it('retries a failed delivery only after the failed-retry interval', () => {
    const failed: DeliveryLog = { lastSent: null, lastAttempt: { episode: 1000, status: 'firing', outcome: 'failed', at: 2000 } }
    expect(decideNotification(firing, failed, policy, false, 3000)).toBeNull()
    expect(decideNotification(firing, failed, policy, false, 2000 + 300_000)?.action).toBe('send')
  })

  it('does nothing for an instance that never fired', () => {
    expect(decideNotification({ state: 'pending', firedAt: null }, empty, policy, false, 0)).toBeNull()
  })
})

describe('matchingSilences', () => {
  const silence = (matchers: { name: string; value: string; op: '=' | '!=' | '=~' | '!~' }[], endsAt = '2030-01-01T00:00:00.000Z') =>
    ({ id: 's', matchers, startsAt: '2020-01-01T00:00:00.000Z', endsAt, createdBy: '', comment: '' })
  const labels = { alertname: 'unknown-sub', route: '/orders/:id' }
  const now = Date.parse('2025-01-01T00:00:00Z')

  it('matches all matchers, with anchored regular expressions', () => {
    expect(matchingSilences([silence([{ name: 'route', value: '/orders.*', op: '=~' }])], labels, now)).toHaveLength(1)
    expect(matchingSilences([silence([{ name: 'route', value: 'orders', op: '=~' }])], labels, now)).toHaveLength(0)
    expect(matchingSilences([silence([{ name: 'alertname', value: 'unknown-sub', op: '=' }, { name: 'route', value: '/x', op: '=' }])], labels, now)).toHaveLength(0)
    expect(matchingSilences([silence([{ name: 'route', value: '/x', op: '!=' }])], labels, now)).toHaveLength(1)
  })

  it('ignores expired silences and invalid patterns', () => {
    expect(matchingSilences([silence([{ name: 'route', value: '.*', op: '=~' }], '2024-01-01T00:00:00.000Z')], labels, now)).toHaveLength(0)
    expect(matchingSilences([silence([{ name: 'route', value: '(', op: '=~' }])], labels, now)).toHaveLength(0)
  })
})

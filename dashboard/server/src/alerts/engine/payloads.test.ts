import { describe, expect, it } from 'vitest'
import { fingerprintOf, toAlertmanagerAlerts, toSlackMessage, toWebhookV4, ZERO_TIME, type AlertNotice } from './payloads.ts'

const notice: AlertNotice = {
  status: 'firing',
  labels: { alertname: 'spike', severity: 'critical', route: '/orders' },
  annotations: { summary: '40 failures <!channel> & more' },
  startsAt: Date.UTC(2026, 0, 5, 12, 4),
  endsAt: null,
  generatorURL: 'http://x/causes/unknown_sub?route=%2Forders',
  fingerprint: 'abc',
}

describe('toAlertmanagerAlerts', () => {
  it('gives a postableAlert list with endsAt ahead while firing and at resolution once resolved', () => {
    const [alert] = toAlertmanagerAlerts(notice, Date.UTC(2026, 0, 5, 12, 8))
    expect(alert).toEqual({ labels: notice.labels, annotations: notice.annotations, startsAt: '2026-01-05T12:04:00.000Z', endsAt: '2026-01-05T12:08:00.000Z', generatorURL: notice.generatorURL })
    const [resolved] = toAlertmanagerAlerts({ ...notice, status: 'resolved', endsAt: Date.UTC(2026, 0, 5, 12, 6) }, 0)
    expect(resolved!.endsAt).toBe('2026-01-05T12:06:00.000Z')
  })
})

describe('toWebhookV4', () => {
  it('follows the Alertmanager webhook version 4 shape', () => {
    const body = toWebhookV4(notice, 'ops', 'http://claimcheck', ['route'])
    expect(Object.keys(body).sort()).toEqual(['alerts', 'commonAnnotations', 'commonLabels', 'externalURL', 'groupKey', 'groupLabels', 'receiver', 'status', 'truncatedAlerts', 'version'])
    expect(body).toMatchObject({ version: '4', status: 'firing', receiver: 'ops', groupLabels: { alertname: 'spike', route: '/orders' }, groupKey: '{}:{alertname="spike", route="/orders"}' })
    expect((body.alerts as { endsAt: string }[])[0]!.endsAt).toBe(ZERO_TIME)
  })
})

describe('toSlackMessage', () => {
  it('has a text fallback and escaped mrkdwn blocks', () => {
    const message = toSlackMessage(notice)
    expect(message.text).toBe('FIRING: spike 40 failures <!channel> & more')
    const section = message.blocks[0] as { text: { type: string; text: string } }
    expect(section.text.type).toBe('mrkdwn')
    expect(section.text.text).toContain('40 failures &lt;!channel&gt; &amp; more')
    expect(section.text.text).toContain('<http://x/causes/unknown_sub?route=%2Forders|Open in claimcheck>')
  })
})

describe('fingerprintOf', () => {
  it('equals prometheus/common labelSetToFingerprint (its own test vectors)', () => {
    // TestMetricToFingerprint in prometheus/common model/signature_test.go, in hex.
    expect(fingerprintOf({})).toBe(14695981039346656037n.toString(16))
    expect(fingerprintOf({ name: 'garland, briggs', fear: 'love is not enough' })).toBe(5799056148416392346n.toString(16).padStart(16, '0'))
  })

  it('ignores label order and hashes values as UTF-8', () => {
    expect(fingerprintOf({ a: '1', b: '2' })).toBe(fingerprintOf({ b: '2', a: '1' }))
    expect(fingerprintOf({ route: '/ü' })).not.toBe(fingerprintOf({ route: '/u' }))
    expect(fingerprintOf({ a: 'bc' })).not.toBe(fingerprintOf({ ab: 'c' }))
  })
})

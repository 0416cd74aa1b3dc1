import { describe, expect, it } from 'vitest'
import { decodeLogsJson, decodeTracesJson } from './decode-json.ts'
import { isStorableTimestamp, validateLogs, validateTraces } from './validate.ts'

const NOW = '1700000000000000000'
const TRACE = '5b8efff798038103d269b633813fc60c'
const SPAN = 'eee19b7ec3c1b174'

function logs(records: Record<string, unknown>[], resource: Record<string, unknown>[] = []) {
  return decodeLogsJson(new TextEncoder().encode(JSON.stringify({
    resourceLogs: [{ resource: { attributes: resource }, scopeLogs: [{ scope: { name: 's' }, logRecords: records }] }],
  })))
}

function traces(spans: Record<string, unknown>[]) {
  return decodeTracesJson(new TextEncoder().encode(JSON.stringify({
    resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: 's' }, spans }] }],
  })))
}

const span = (extra: Record<string, unknown> = {}) => ({ traceId: TRACE, spanId: SPAN, name: 'GET /', startTimeUnixNano: NOW, endTimeUnixNano: NOW, ...extra })

describe('isStorableTimestamp', () => {
  it('accepts 19-digit nanoseconds up to the end of DateTime64(9)', () => {
    expect(isStorableTimestamp(NOW)).toBe(true)
    expect(isStorableTimestamp('1000000000000000000')).toBe(true)
    expect(isStorableTimestamp('9223372036854775807')).toBe(true)
    for (const bad of ['0', '999', '1700000000000', '1700000000', '999999999999999999', '9223372036854775808', '18446744073709551615']) {
      expect(isStorableTimestamp(bad), bad).toBe(false)
    }
  })
})

describe('validateLogs', () => {
  it('falls back to the observed time, then to the receive time, and rejects out-of-range times', () => {
    const request = logs([
      { timeUnixNano: NOW, body: { stringValue: 'a' } },
      { observedTimeUnixNano: NOW, body: { stringValue: 'b' } },
      { body: { stringValue: 'no time at all' } },
      { timeUnixNano: '1700000000000', body: { stringValue: 'milliseconds' } },
      { timeUnixNano: '9300000000000000000', body: { stringValue: 'past 2262' } },
    ])
    const result = validateLogs(request, '1800000000000000000')
    expect(result.accepted).toBe(3)
    expect(result.rejected).toBe(2)
    expect(result.rejectionMessage).toMatch(/^rejected 2 log records: 2 with a timestamp outside 2001-09-09\.\.2262-04-11/)
    expect(result.request.resourceLogs[0]!.scopeLogs[0]!.logRecords[2]!.observedTimeUnixNano).toBe('1800000000000000000')
  })

  it('rejects records with unpaired surrogates anywhere, and never quotes them', () => {
    const bad = '{"resourceLogs":[{"resource":{},"scopeLogs":[{"scope":{},"logRecords":[' +
      `{"timeUnixNano":"${NOW}","body":{"stringValue":"secret-body \\ud800"}},` +
      `{"timeUnixNano":"${NOW}","attributes":[{"key":"k\\udc00","value":{"stringValue":"v"}}]},` +
      `{"timeUnixNano":"${NOW}","severityText":"W\\ud83d"},` +
      `{"timeUnixNano":"${NOW}","body":{"kvlistValue":{"values":[{"key":"a","value":{"arrayValue":{"values":[{"stringValue":"\\udfff"}]}}}]}}},` +
      `{"timeUnixNano":"${NOW}","body":{"stringValue":"fine \\ud83d\\ude00"}}]}]}]}`
    const result = validateLogs(decodeLogsJson(new TextEncoder().encode(bad)))
    expect(result.accepted).toBe(1)
    expect(result.rejected).toBe(4)
    expect(result.rejectionMessage).toMatch(/4 with a string with an unpaired UTF-16 surrogate/)
    expect(result.rejectionMessage).not.toMatch(/secret-body/)
  })

  it('rejects every record under a resource with a bad string', () => {
    const request = logs([{ timeUnixNano: NOW }, { timeUnixNano: NOW }], [{ key: 'service.name', value: { stringValue: 'svc' } }])
    request.resourceLogs[0]!.resource.attributes[0]!.value = 'svc\ud800'
    expect(validateLogs(request)).toMatchObject({ accepted: 0, rejected: 2 })
  })
})

describe('validateTraces', () => {
  it('rejects spans without a storable start or event time, or with bad strings', () => {
    const request = traces([
      span(),
      span({ startTimeUnixNano: '0' }),
      span({ events: [{ timeUnixNano: '0', name: 'exception' }] }),
      span({ traceState: 'a=b' }),
    ])
    request.resourceSpans[0]!.scopeSpans[0]!.spans[3]!.traceState = 'a=\ud800'
    const result = validateTraces(request)
    expect(result.accepted).toBe(1)
    expect(result.rejectionMessage).toBe('rejected 3 spans: 1 with a timestamp outside 2001-09-09..2262-04-11 (Unix nanoseconds expected; seconds or milliseconds sent?); '
      + '1 with an event timestamp outside 2001-09-09..2262-04-11 (Unix nanoseconds expected); 1 with a string with an unpaired UTF-16 surrogate (an invalid \\ud800-\\udfff escape)')
  })
})

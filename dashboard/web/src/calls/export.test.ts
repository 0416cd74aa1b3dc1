import { describe, expect, it } from 'vitest'
import type { CallSummary } from '@claimcheck/shared'
import { CALL_COLUMNS } from './columns.tsx'
import { callsToCsv } from './export.ts'

describe('callsToCsv', () => {
  it('exports the chosen columns with formulas from claims defused', () => {
    const call = {
      Timestamp: '1700000000000000000', TraceId: 't', SpanId: 's', ServiceName: 'gw', Method: 'GET', Route: '/r', Path: '/r', StatusCode: 403,
      Duration: 1, Subject: '=HYPERLINK("https://evil.example","x")', Issuer: 'i', ClientId: '-c', Tenant: '', Cause: 'unknown_sub', CauseDetail: '', ErrorMessage: 'm',
    } as CallSummary
    const columns = CALL_COLUMNS.filter((c) => c.id === 'subject' || c.id === 'client')
    expect(callsToCsv([call], columns)).toBe(`Subject,Client\r\n"'=HYPERLINK(""https://evil.example"",""x"")",'-c\r\n`)
  })
})

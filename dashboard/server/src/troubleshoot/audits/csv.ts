import { toCsv, type AuditResponse } from '@claimcheck/shared'

const iso = (ms: number) => (ms > 0 ? new Date(ms).toISOString() : '')

/** One audit as a CSV table: the columns a spreadsheet user filters on, times as ISO 8601. */
export function auditToCsv(audit: AuditResponse): string {
  switch (audit.kind) {
    case 'deleted-subjects':
      return toCsv(
        ['subject', 'tenant', 'issuer', 'client', 'last_success', 'first_failure', 'last_failure', 'failures', 'directory', 'deleted_at'],
        audit.rows.map((r) => [r.subject, r.tenant, r.issuer, r.client, iso(r.lastSuccess), iso(r.firstFailure), iso(r.lastFailure), r.failures, r.directory?.state ?? '', iso(r.directory?.deletedAt ?? 0)]),
      )
    case 'no-refresh':
      return toCsv(
        ['client', 'expired_calls', 'calls', 'subjects', 'median_seconds_late', 'max_seconds_late', 'reused_tokens', 'last_seen'],
        audit.rows.map((r) => [r.client, r.expiredCalls, r.calls, r.subjects, r.medianSecondsLate, r.maxSecondsLate, r.reusedTokens, iso(r.lastSeen)]),
      )
    case 'long-lifetimes':
      return toCsv(
        ['issuer', 'client', 'tokens', 'long_tokens', 'median_lifetime_seconds', 'max_lifetime_seconds', 'example_subject', 'last_seen'],
        audit.rows.map((r) => [r.issuer, r.client, r.tokens, r.longTokens, r.medianLifetimeSeconds, r.maxLifetimeSeconds, r.exampleSubject, iso(r.lastSeen)]),
      )
    case 'route-issuers':
      return toCsv(
        ['service', 'route', 'kind', 'value', 'calls', 'failures', 'expected'],
        audit.rows.flatMap((r) => [
          ...r.issuers.map((v) => [r.service, r.route, 'issuer', v.value, v.calls, v.failures, v.expected ?? '']),
          ...r.audiences.map((v) => [r.service, r.route, 'audience', v.value, v.calls, v.failures, v.expected ?? '']),
        ]),
      )
  }
}

import type { PlaybookCheckId } from '@claimcheck/shared'

/** Where a person continues from an answered step: the audit, config view or inspector that goes deeper. */
export const CHECK_LINKS: Partial<Record<PlaybookCheckId, { path: string; label: string; carry: boolean }>> = {
  expiry_gap: { path: '/inspect', label: 'Inspect a token', carry: false },
  client_refresh: { path: '/audits?audit=no-refresh', label: 'Clients presenting expired tokens', carry: true },
  token_reuse: { path: '/audits?audit=no-refresh', label: 'Clients presenting expired tokens', carry: true },
  token_lifetime: { path: '/audits?audit=long-lifetimes', label: 'Long token lifetimes', carry: true },
  subject_directory: { path: '/audits?audit=deleted-subjects', label: 'Subjects that succeeded, now unknown', carry: true },
  scope_compare: { path: '/inspect', label: 'Check a token against the route', carry: false },
  config_compare: { path: '/auth-config', label: 'Expected auth configuration', carry: true },
  jwks_health: { path: '/auth-config', label: 'JWKS health', carry: true },
  unexpected_issuers: { path: '/audits?audit=route-issuers', label: 'Issuers per route', carry: true },
  header_shape: { path: '/inspect', label: 'Decode a token', carry: false },
  claim_shape: { path: '/inspect', label: 'Decode a token', carry: false },
  nbf_gap: { path: '/inspect', label: 'Inspect a token', carry: false },
}

/** The link's target with the view's range and filters carried (`carried` starts with `?` or is ''). */
export function linkTarget(link: { path: string; carry: boolean }, carried: string): string {
  if (!link.carry || carried === '') return link.path
  return link.path.includes('?') ? `${link.path}&${carried.slice(1)}` : `${link.path}${carried}`
}

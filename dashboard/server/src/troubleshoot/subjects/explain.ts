import type { SubjectState } from '@claimcheck/shared'

export interface ExplainInput {
  state: SubjectState
  deletedAt: number | null
  tenant: string | null
  error: string | null
  /** The tenant the token claims, when known. */
  tokenTenant?: string | undefined
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z')

/** What the directory's answer means for a call that failed as unknown_sub, in one sentence. */
export function explainVerdict(input: ExplainInput): string {
  switch (input.state) {
    case 'active': {
      const other = input.tokenTenant && input.tenant && input.tokenTenant !== input.tenant
      return other
        ? `Present and active in the directory, but in tenant ${input.tenant} while the token says ${input.tokenTenant}: the token was minted for another tenant.`
        : 'Present and active in the directory: the token was probably minted for another tenant or environment (a second IdP, staging, a restored backup), or the gateway checks a different user store.'
    }
    case 'disabled':
      return 'In the directory but disabled: the account is blocked, and refusing its tokens is right.'
    case 'deleted':
      return input.deletedAt !== null
        ? `Deleted from the directory at ${iso(input.deletedAt)}: the client still holds a token issued for the removed account.`
        : 'Marked deleted in the directory: the client still holds a token issued for the removed account.'
    case 'not_found':
      return 'Not in the directory: the user was never provisioned here, was migrated under another sub, or was removed without a trace.'
    case 'unavailable':
      return `The subject directory could not answer (${input.error ?? 'unavailable'}): whether the sub exists is unknown.`
  }
}

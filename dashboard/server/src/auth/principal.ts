import type { Role } from '@claimcheck/shared'

/**
 * Who made a request, set by the auth guard as `res.locals.principal` before any router runs.
 * `session` came with a sign-in cookie, `proxy` from a trusted SSO proxy's headers, `api-token`
 * with `Authorization: Bearer`.
 */
export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'session'; name: string; role: Role; sessionHash: string; csrfToken: string; expiresAt: number }
  | { kind: 'api-token'; name: string; role: Role }
  | { kind: 'proxy'; name: string; email?: string | undefined; role: Role }

export type SignedIn = Exclude<Principal, { kind: 'anonymous' }>

export function principalOf(locals: Record<string, unknown>): Principal {
  return (locals.principal as Principal | undefined) ?? { kind: 'anonymous' }
}

/** Name shown in the audit log: the user, the token's name, or `anonymous`. */
export function actorName(principal: Principal): string {
  return principal.kind === 'anonymous' ? 'anonymous' : principal.name
}

import type { Config } from '@claimcheck/shared'
import type { Store } from '@claimcheck/shared/node'
import { generatePassword } from './passwords.ts'
import { UserRepository } from './users.ts'

export const INITIAL_ADMIN = 'admin'

export type InitialAdmin =
  | { created: false; reason: 'users exist' | 'sso proxy configured' }
  | { created: true; name: string; generatedPassword?: string }

/**
 * The first start creates the user `admin`, so the dashboard is never open: with
 * `dashboard.auth.initialAdminPassword` when set, else with a generated password returned here
 * for the caller to show once. Only the hash is stored. A deployment signing in through an SSO
 * proxy gets no local admin unless it sets a password.
 */
export async function ensureInitialAdmin(store: Store, config: Config): Promise<InitialAdmin> {
  const users = new UserRepository(store)
  if (await users.anyEver()) return { created: false, reason: 'users exist' }
  const configured = config.dashboard.auth.initialAdminPassword
  if (!configured && config.dashboard.auth.proxy.trustedProxies.length > 0) return { created: false, reason: 'sso proxy configured' }
  const password = configured ?? generatePassword()
  await users.create({ name: INITIAL_ADMIN, role: 'admin', password })
  return configured ? { created: true, name: INITIAL_ADMIN } : { created: true, name: INITIAL_ADMIN, generatedPassword: password }
}

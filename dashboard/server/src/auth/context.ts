import type { Logger } from 'pino'
import type { Config } from '@claimcheck/shared'
import type { Store } from '@claimcheck/shared/node'
import { AuditLog } from './audit-log.ts'
import { createProxyAuth } from './proxy.ts'
import { SessionRepository } from './sessions.ts'
import { StoredTokenRepository } from './stored-tokens.ts'
import { createTokenAuth } from './tokens.ts'
import { UserRepository } from './users.ts'

/** Everything the auth guard and routes share in one process. */
export interface AuthContext {
  config: Config
  logger: Logger
  users: UserRepository
  sessions: SessionRepository
  audit: AuditLog
  tokens: ReturnType<typeof createTokenAuth>
  /** Tokens made by admins through the API. */
  storedTokens: StoredTokenRepository
  proxy: ReturnType<typeof createProxyAuth>
  /** Origins besides the dashboard's own that may send unsafe requests with credentials. */
  allowedOrigins: Set<string>
}

/** `now` is the sessions' clock (tests move it to expire a session). */
export function createAuthContext(store: Store, config: Config, logger: Logger, now: () => number = Date.now): AuthContext {
  const log = logger.child({ component: 'auth' })
  return {
    config,
    logger: log,
    users: new UserRepository(store),
    sessions: new SessionRepository(store, now),
    audit: new AuditLog(store, log),
    tokens: createTokenAuth(config.dashboard.apiTokens),
    storedTokens: new StoredTokenRepository(store),
    proxy: createProxyAuth(config.dashboard.auth.proxy),
    allowedOrigins: new Set(config.dashboard.corsOrigins.map((origin) => new URL(origin).origin)),
  }
}

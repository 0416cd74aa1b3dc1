import type { Logger } from 'pino'
import { collectorListenHost, dashboardListenHost, isLoopbackHost, type Config } from '@claimcheck/shared'
import type { Store } from '@claimcheck/shared/node'
import { ensureInitialAdmin } from '@claimcheck/server'

/**
 * Creates the first admin when no user exists. A generated password is written once to the
 * terminal, outside the logger, so no log pipeline keeps it; later starts never show it again.
 */
export async function prepareSignIn(store: Store, config: Config, logger: Logger): Promise<void> {
  const admin = await ensureInitialAdmin(store, config)
  if (!admin.created) return
  if (!admin.generatedPassword) {
    logger.info({ user: admin.name }, `created the user "${admin.name}" (role admin) with the password from dashboard.auth.initialAdminPassword`)
    return
  }
  logger.warn({ user: admin.name, storedIn: 'claimcheck_users (scrypt hash only)' }, `created the user "${admin.name}" (role admin) with a generated password, shown once below`)
  process.stdout.write([
    '',
    '  ┌─ claimcheck: first start ─────────────────────────────────────────────',
    `  │ Sign in to the dashboard as "${admin.name}" with the password:`,
    '  │',
    `  │     ${admin.generatedPassword}`,
    '  │',
    '  │ It is shown only this once; only its scrypt hash is stored (table',
    '  │ claimcheck_users). Change it in the dashboard (your name, bottom left),',
    '  │ or set a new one with: claimcheck users set-password admin',
    '  └────────────────────────────────────────────────────────────────────────',
    '',
  ].join('\n') + '\n')
}

/** Says where ingest listens and whether it is open, so nobody exposes it unknowingly. */
export function announceIngest(config: Config, logger: Logger): void {
  const { host, reason } = collectorListenHost(config)
  const open = config.collector.authTokens.length === 0
  if (reason === 'no authentication configured') {
    logger.info({ host }, 'OTLP ingest listens on loopback only: no ingest tokens are set (collector.authTokens / CLAIMCHECK_INGEST_TOKENS); set them, or collector.host, to accept data from other machines')
  } else if (open && !isLoopbackHost(host)) {
    logger.warn({ host }, `OTLP ingest on ${host} accepts data from anyone who can reach it: no ingest tokens are set (collector.authTokens)`)
  }
}

export function announceDashboard(config: Config, logger: Logger): void {
  const { host, reason } = dashboardListenHost(config)
  if (reason === 'no authentication configured') {
    logger.info({ host }, 'dashboard listens on loopback only; set dashboard.host (CLAIMCHECK_HOST=0.0.0.0) to reach it from other machines (sign-in is required either way)')
  }
}

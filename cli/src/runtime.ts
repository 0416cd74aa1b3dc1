import { readFileSync } from 'node:fs'
import type { Logger } from 'pino'
import { ATTACH_MIGRATIONS, EXPORTER_TABLES, MIGRATIONS, type Config, type Migration } from '@claimcheck/shared'
import { describeError, openStore, runMigrations, StartupError, type Store } from '@claimcheck/shared/node'

/** Something started by a command that must be stopped, in reverse order, on shutdown. */
export interface Stoppable {
  name: string
  stop(): Promise<void>
}

/** Attach mode: the raw tables are the exporter's; only claimcheck's own tables are created or altered. */
export function migrationsFor(config: Config): [readonly Migration[], readonly string[]] {
  return config.store.attach ? [ATTACH_MIGRATIONS, EXPORTER_TABLES] : [MIGRATIONS, []]
}

/** Opens the store and brings its schema up to date: the first step of every serving command. */
export async function openMigratedStore(config: Config, logger: Logger): Promise<Store> {
  const store = await openStore(config.store)
  try {
    const report = await runMigrations(store.writer, store.schema, config.retention, ...migrationsFor(config))
    if (report.applied.length > 0) logger.info({ applied: report.applied }, 'schema migrated')
    if (report.retentionChanged.length > 0) logger.info({ tables: report.retentionChanged }, 'retention updated')
    if (report.drifted.length > 0) logger.warn({ versions: report.drifted }, 'released migrations differ from what was applied')
  } catch (error) {
    await store.close()
    throw error
  }
  return store
}

/** Maps a listen failure to a message that says which flag to change. */
export function listenError(error: unknown, what: string, port: number, flag: string): Error {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'EADDRINUSE') return new StartupError(`Port ${port} (${what}) is already in use. Stop what uses it or choose another with ${flag}.`)
  if (code === 'EACCES') return new StartupError(`Not allowed to listen on port ${port} (${what}). Choose a port above 1023 with ${flag}.`)
  return new StartupError(`Cannot listen on port ${port} (${what}): ${describeError(error)}`)
}

/** Longest time a stop takes, below the usual 10 s of orchestrators (Kubernetes waits 30 s, systemd 90 s, Docker 10 s). */
export const SHUTDOWN_GRACE_MS = 9_000

/**
 * Stops everything on SIGINT/SIGTERM: servers stop accepting first, then what was accepted is
 * flushed, then the store closes. A second Ctrl+C exits at once; a repeated SIGTERM (process
 * managers and `timeout` may send two) does not cut the flush short.
 */
export function stopOnSignals(parts: Stoppable[], logger: Logger): void {
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) {
      if (signal !== 'SIGINT') return
      logger.warn('second Ctrl+C: exiting without waiting for the flush')
      process.exit(130)
    }
    stopping = true
    logger.info({ signal }, 'shutting down')
    // Whatever is still unwritten at the deadline is in the raw rows, which the next start derives
    // calls from: exiting then loses nothing acknowledged.
    setTimeout(() => {
      logger.warn({ graceMs: SHUTDOWN_GRACE_MS }, 'shutdown grace period over: exiting; the next start derives what was not written')
      process.exit(1)
    }, SHUTDOWN_GRACE_MS).unref()
    for (const part of [...parts].reverse()) {
      try {
        await part.stop()
        logger.debug({ part: part.name }, 'stopped')
      } catch (error) {
        logger.error({ part: part.name, err: error }, 'failed to stop cleanly')
      }
    }
    logger.info('stopped')
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
  watchLauncher(() => void stop('launcher exited'))
}

/** Field 4 (ppid) of /proc/<pid>/stat; undefined where /proc is not there. */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) is in parentheses and may contain spaces: count from the last ')'.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
  } catch {
    return undefined
  }
}

/**
 * Under `npx pnpm start` the chain is npm → sh -c → pnpm → node: a process manager signals npm,
 * npm signals the shell, and the shell dies without passing the signal on, leaving pnpm and this
 * process behind. pnpm (whose script runs node through `exec`) forwards signals itself, so when
 * started by a package manager's script, losing the launcher above pnpm means stop as on SIGTERM.
 */
function watchLauncher(stop: () => void): void {
  if (!process.env.npm_lifecycle_event) return
  const launcher = parentOf(process.ppid)
  if (launcher === undefined || launcher <= 1) return
  setInterval(() => {
    const now = parentOf(process.ppid)
    if (now !== undefined && now !== launcher) stop()
  }, 1_000).unref()
}

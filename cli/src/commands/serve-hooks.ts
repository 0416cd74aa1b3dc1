import type { Logger } from 'pino'
import type { Config } from '@claimcheck/shared'
import type { Store } from '@claimcheck/shared/node'
import type { Stoppable } from '../runtime.ts'

/**
 * What `start`, `collector` and `dashboard` share with the code that serves them and with the
 * commands that extend `start` (`--demo`): a module of its own, so serve.ts (the commands) and
 * run-services.ts (the serving code, loaded lazily) do not import each other.
 */

export interface Roles {
  collector: boolean
  dashboard: boolean
}

/** Hooks other commands add to `start` (e.g. `--demo`), run once everything listens. */
export type AfterStartHook = (args: {
  options: Record<string, unknown>; httpPort: number; grpcPort: number; dashboardPort: number; store: Store; config: Config; logger: Logger
}) => Promise<Stoppable | undefined>
export const afterStartHooks: AfterStartHook[] = []
export function onAfterStart(hook: AfterStartHook): void {
  afterStartHooks.push(hook)
}

/**
 * Hooks other commands add to adjust the effective config of `start` (e.g. `--demo` defaults),
 * run before anything starts. A hook may start what the config is to point at (the demo's IdP,
 * whose URL is known once it listens) and return it as `part`: `start` stops it with the rest.
 */
export type ConfigureHook = (config: Config, options: Record<string, unknown>) => Promise<{ config: Config; part?: Stoppable | undefined }>
export const configureHooks: ConfigureHook[] = []
export function onConfigure(hook: ConfigureHook): void {
  configureHooks.push(hook)
}

import type { Command } from 'commander'
import type { Logger } from 'pino'
import type { Config } from '@claimcheck/shared'
import type { Store } from '@claimcheck/shared/node'
import { addCollectorOptions, addDashboardOptions, addStoreOptions } from '../options.ts'
import type { Stoppable } from '../runtime.ts'

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

// The serving code (collector, server, OTel SDK) loads only when a serving command runs, so
// `--help`, `config print` and `migrate` start fast.
const serve = async (roles: Roles, options: Record<string, unknown>) => (await import('./run-services.ts')).serve(roles, options)

export function registerServeCommands(program: Command): void {
  const start = program
    .command('start', { isDefault: true })
    .description('run collector, query API, alert evaluator and dashboard in one process (the default)')
  addDashboardOptions(addCollectorOptions(addStoreOptions(start))).action((options) => serve({ collector: true, dashboard: true }, options))

  const collector = program.command('collector').description('run only the OTLP collector (scale-out, with --clickhouse-url)')
  addCollectorOptions(addStoreOptions(collector)).action((options) => serve({ collector: true, dashboard: false }, options))

  const dashboard = program.command('dashboard').description('run only the query API, alert evaluator and dashboard (scale-out, with --clickhouse-url)')
  addDashboardOptions(addStoreOptions(dashboard)).action((options) => serve({ collector: false, dashboard: true }, options))
}

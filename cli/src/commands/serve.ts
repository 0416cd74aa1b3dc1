import type { Command } from 'commander'
import { addCollectorOptions, addDashboardOptions, addStoreOptions } from '../options.ts'
import type { Roles } from './serve-hooks.ts'

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

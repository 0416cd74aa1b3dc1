import type { Command } from 'commander'
import { stringify } from 'yaml'
import { maskSecrets } from '@claimcheck/shared/node/config'
import { commandContext } from '../context.ts'
import { addStoreOptions } from '../options.ts'
import { migrationsFor } from '../runtime.ts'

export function registerAdminCommands(program: Command): void {
  const migrate = program
    .command('migrate')
    .description('apply schema migrations and retention (TTL), then exit')
    .option('--print-sql', 'print the DDL of every migration for this config (database, cluster) instead of running it')
  addStoreOptions(migrate).action(async (options) => {
    const { config, logger } = commandContext(options)
    if (options.printSql) {
      const { createBookkeeping, schemaContext } = await import('@claimcheck/shared')
      const [migrations] = migrationsFor(config)
      const ctx = schemaContext(config.store)
      const statements = [...createBookkeeping(ctx), ...migrations.flatMap((migration) => migration.statements(ctx))]
      process.stdout.write(`${statements.map((statement) => `${statement};`).join('\n\n')}\n`)
      return
    }
    const { openStore, runMigrations } = await import('@claimcheck/shared/node')
    const store = await openStore(config.store)
    try {
      const report = await runMigrations(store.writer, store.schema, config.retention, ...migrationsFor(config))
      logger.info(
        { applied: report.applied, current: report.current, retentionChanged: report.retentionChanged },
        report.applied.length ? `applied migrations ${report.applied.join(', ')}` : `schema already at version ${report.current}`,
      )
    } finally {
      await store.close()
    }
  })

  const configCommand = program.command('config').description('inspect the effective configuration')
  const print = configCommand
    .command('print')
    .description('print the effective config (defaults ← file ← env ← flags) with secrets masked')
    .option('--json', 'print JSON instead of YAML')
  addStoreOptions(print).action((options) => {
    const { config } = commandContext(options)
    const masked = maskSecrets(config)
    process.stdout.write(options.json ? `${JSON.stringify(masked, null, 2)}\n` : stringify(masked))
  })
}

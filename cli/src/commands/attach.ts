import type { Command } from 'commander'
import type { TimeWindowOptions } from '@claimcheck/collector'
import { parseTimeExpression } from '@claimcheck/shared'
import { StartupError } from '@claimcheck/shared/node/config'
import { commandContext } from '../context.ts'
import { addStoreOptions } from '../options.ts'
import { openMigratedStore } from '../runtime.ts'

/** `24h` / `7d` read as `now-24h`; anything parseTimeExpression takes is accepted too. */
function sinceMs(text: string, now: number): number {
  const value = parseTimeExpression(/^\d+[smhdw]$/.test(text) ? `now-${text}` : text, now)
  if (value === undefined) throw new StartupError(`--since "${text}" is not a time: use 24h, 7d, now-24h, an ISO date/time or epoch milliseconds`)
  return value
}

export function registerAttachCommand(program: Command): void {
  const command = program
    .command('attach')
    .description("derive gateway calls from otel_logs / otel_traces written by the OpenTelemetry Collector's clickhouseexporter (creates only claimcheck's tables)")
    .option('--since <time>', 'first start: backfill from here (24h, 7d, an ISO date/time); later starts resume from the stored mark', '24h')
    .option('--once', 'backfill up to now and exit instead of tailing new rows')
  addStoreOptions(command).action(async (options) => {
    const { config, logger } = commandContext(options)
    const attached = { ...config, store: { ...config.store, attach: true } }
    const since = BigInt(sinceMs(options.since, Date.now())) * 1_000_000n
    const [{ createClassifier }, { backfill, inspectExporterTables, tail }] = await Promise.all([import('@claimcheck/classifier'), import('@claimcheck/collector')])
    const store = await openMigratedStore(attached, logger)
    const ctx = store.schema
    const classifier = createClassifier({ config: config.classifier, watch: false })
    const stop = new AbortController()
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort())
    try {
      const { eventName } = await inspectExporterTables(store.writer, ctx)
      const deriver: TimeWindowOptions = { client: store.writer, ctx, classify: (c) => classifier.classify(c.facts), logger, eventName }
      const tty = process.stderr.isTTY
      await backfill(deriver, since, Date.now(), (p) => {
        process.stderr.write(`${tty ? '\r' : ''}backfill ${p.percent.toFixed(1)}% (${p.rows.toLocaleString('en-US')} / ${p.total.toLocaleString('en-US')} rows, ${p.written.toLocaleString('en-US')} calls written)${tty ? '' : '\n'}`)
      })
      if (tty) process.stderr.write('\n')
      logger.info({ database: store.database, eventName }, options.once ? 'attach: backfill done' : 'attach: backfill done, tailing new rows')
      if (!options.once) await tail(deriver, stop.signal)
    } finally {
      classifier.close()
      await store.close()
    }
  })
}
